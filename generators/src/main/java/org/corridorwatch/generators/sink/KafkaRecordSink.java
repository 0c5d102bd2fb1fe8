package org.corridorwatch.generators.sink;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.cli.ConnectTimeoutOption;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.kafka.ContractTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a replay into Kafka with an idempotent producer ({@code acks=all}), so a retry never
 * doubles a record and nothing is acknowledged before every in-sync replica has it. Records are
 * batched and compressed for throughput. A broker that goes away while the replay runs is waited
 * for, up to {@link BrokerWait#limit()} ({@code --broker-wait}), saying so on standard error; the
 * first record that fails after that stops the replay with one line saying what to fix.
 */
public final class KafkaRecordSink implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);

  /** How long to wait for the broker at start, by default, before saying it cannot be reached. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final WaitingProducer producer;

  private KafkaRecordSink(WaitingProducer producer) {
    this.producer = producer;
  }

  /**
   * As {@link #open(Properties, Collection, int, short, Duration, BrokerWait)}, waiting {@link
   * BrokerWait#DEFAULT} for a broker that goes away, with notices on standard error.
   */
  public static KafkaRecordSink open(
      Properties clientProperties,
      Collection<String> topics,
      int partitions,
      short replicationFactor,
      Duration connectTimeout) {
    return open(
        clientProperties,
        topics,
        partitions,
        replicationFactor,
        connectTimeout,
        BrokerWait.toStandardError(
            BrokerWait.DEFAULT,
            clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG),
            "corridor-watch replay"));
  }

  /**
   * Checks the broker can be reached, creates missing topics, and opens the producer.
   *
   * @param clientProperties bootstrap servers and any security settings; producer settings the sink
   *     relies on (serializers, idempotence, acks, timeouts) are set here and win
   * @param topics the topics to make sure of
   * @param partitions partitions for topics it creates; 0 means create none
   * @param replicationFactor replication factor for topics it creates
   * @param connectTimeout how long to wait for the broker at start before giving up
   * @param brokerWait how long to wait for a broker that goes away later, and where to say so
   */
  public static KafkaRecordSink open(
      Properties clientProperties,
      Collection<String> topics,
      int partitions,
      short replicationFactor,
      Duration connectTimeout,
      BrokerWait brokerWait) {
    String servers = clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    try (Admin admin =
        Admin.create(ConnectTimeoutOption.adminClient(clientProperties, connectTimeout))) {
      String clusterId = ContractTopics.clusterId(admin, servers, connectTimeout);
      LOG.info("connected to Kafka cluster {} at {}", clusterId, servers);
      ContractTopics.ensure(
          admin, topics, List.of(), partitions, replicationFactor, connectTimeout);
    } catch (ContractTopics.KafkaUnavailableException e) {
      throw new ReplayException(e.getMessage(), e);
    }
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    producerProps.putAll(clientProperties);
    // idempotence, acks=all, retries, in-flight limit and the timeouts: not overridable from a file
    return new KafkaRecordSink(WaitingProducer.open(producerProps, brokerWait));
  }

  @Override
  public void send(Delivery d) {
    throwIfFailed();
    producer.send(new ProducerRecord<>(d.topic(), d.key(), d.value()), null);
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  /** Records the broker has acknowledged so far. */
  public long acknowledged() {
    return producer.acknowledged();
  }

  private void throwIfFailed() {
    Exception error = producer.failure();
    if (error != null) {
      throw new ReplayException(producer.brokerWait().failure(error, ""), error);
    }
  }

  @Override
  public void close() {
    producer.close();
    throwIfFailed();
  }
}
