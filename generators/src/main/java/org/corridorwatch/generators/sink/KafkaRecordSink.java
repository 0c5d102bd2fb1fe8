package org.corridorwatch.generators.sink;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.kafka.ContractTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a replay into Kafka with an idempotent producer ({@code acks=all}), so a retry never
 * doubles a record and nothing is acknowledged before every in-sync replica has it. Records are
 * batched and compressed for throughput. The first failed send stops the replay with its cause.
 */
public final class KafkaRecordSink implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);

  /** How long to wait for the broker at start, by default, before saying it cannot be reached. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong acknowledged = new AtomicLong();

  private KafkaRecordSink(KafkaProducer<byte[], byte[]> producer) {
    this.producer = producer;
  }

  /**
   * Checks the broker can be reached, creates missing topics, and opens the producer.
   *
   * @param clientProperties bootstrap servers and any security settings; producer settings the sink
   *     relies on (serializers, idempotence, acks) are set here and win
   * @param topics the topics to make sure of
   * @param partitions partitions for topics it creates; 0 means create none
   * @param replicationFactor replication factor for topics it creates
   * @param connectTimeout how long to wait for the broker before giving up
   */
  public static KafkaRecordSink open(
      Properties clientProperties,
      Set<String> topics,
      int partitions,
      short replicationFactor,
      Duration connectTimeout) {
    String servers = clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    Properties adminProps = new Properties();
    adminProps.putAll(clientProperties);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) connectTimeout.toMillis());
    adminProps.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) connectTimeout.toMillis());
    try (Admin admin = Admin.create(adminProps)) {
      String clusterId = ContractTopics.clusterId(admin, servers, connectTimeout);
      LOG.info("connected to Kafka cluster {} at {}", clusterId, servers);
      ContractTopics.ensure(admin, topics, partitions, replicationFactor, connectTimeout);
    } catch (ContractTopics.KafkaUnavailableException e) {
      throw new ReplayException(e.getMessage(), e);
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    producerProps.putAll(clientProperties);
    // what the replay's guarantees rest on: not overridable from a properties file
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaRecordSink(new KafkaProducer<>(producerProps));
  }

  @Override
  public void send(Delivery d) {
    throwIfFailed();
    producer.send(
        new ProducerRecord<>(d.topic(), d.key(), d.value()),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          } else {
            acknowledged.incrementAndGet();
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  /** Records the broker has acknowledged so far. */
  public long acknowledged() {
    return acknowledged.get();
  }

  private void throwIfFailed() {
    Exception error = failure.get();
    if (error != null) {
      throw new ReplayException("Kafka rejected a record: " + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close(Duration.ofSeconds(30));
    }
    throwIfFailed();
  }
}
