package org.corridorwatch.generators.sink;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka producer of ours that rides out a broker outage: configured by {@link BrokerWait} (it
 * keeps and retries every record for up to the limit, idempotently and in order), with an {@link
 * OutageReporter} saying on the terminal that it waits and when it resumed. The first record that
 * fails is kept; {@link #failure()} gives it, and the owner stops.
 */
public final class WaitingProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final BrokerWait wait;
  private final OutageReporter reporter;
  private final ScheduledExecutorService watch;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong acknowledged = new AtomicLong();

  private WaitingProducer(Properties props, BrokerWait wait) {
    this.producer = new KafkaProducer<>(props);
    this.wait = wait;
    this.reporter = new OutageReporter(wait, System::nanoTime, this::connections);
    this.watch = DaemonThreads.scheduler("kafka-outage-watch");
    watch.scheduleWithFixedDelay(reporter::check, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Opens a producer with {@code props} (bootstrap servers, security, tuning), made to wait as
   * {@code wait} says; the serializers are byte arrays.
   */
  public static WaitingProducer open(Properties props, BrokerWait wait) {
    Properties p = new Properties();
    p.putAll(props);
    wait.configure(p);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new WaitingProducer(p, wait);
  }

  /**
   * Hands one record to the producer; may block (up to the wait limit) while the broker is away.
   * {@code then} (may be null) is called on its acknowledgement or failure.
   */
  public void send(ProducerRecord<byte[], byte[]> record, Callback then) {
    reporter.sending();
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
              reporter.abandoned();
            } else {
              acknowledged.incrementAndGet();
              reporter.acknowledged();
            }
            if (then != null) {
              then.onCompletion(metadata, error);
            }
          });
    } catch (RuntimeException e) {
      reporter.abandoned(); // thrown, not called back: the record never reached the producer
      throw e;
    }
  }

  /** Waits until every record sent so far is acknowledged or has failed. */
  public void flush() {
    producer.flush();
    reporter.check(); // a wait that just ended is said before the owner goes on
  }

  /** The first record that failed, or null. */
  public Exception failure() {
    return failure.get();
  }

  /** Records the broker has acknowledged. */
  public long acknowledged() {
    return acknowledged.get();
  }

  /** Records handed over and not yet acknowledged or failed. */
  public long unacknowledged() {
    return reporter.outstanding();
  }

  public BrokerWait brokerWait() {
    return wait;
  }

  public List<PartitionInfo> partitionsFor(String topic) {
    return producer.partitionsFor(topic);
  }

  /** Open connections of this producer, or -1 when the client does not say. */
  private int connections() {
    for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
      if (m.getKey().name().equals("connection-count")
          && m.getKey().group().equals("producer-metrics")
          && m.getValue().metricValue() instanceof Number n) {
        return n.intValue();
      }
    }
    return -1;
  }

  /**
   * Flushes and closes. After a failure nothing more is waited for: what is still buffered is
   * dropped, since the owner stops without claiming it was sent.
   */
  @Override
  public void close() {
    try {
      if (failure.get() == null) {
        flush();
      }
    } finally {
      watch.shutdownNow();
      producer.close(failure.get() == null ? Duration.ofSeconds(30) : Duration.ZERO);
    }
  }
}
