package org.corridorwatch.drills;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.model.kafka.OutputTopics;
import org.corridorwatch.model.latency.CrossingWatermarks;
import org.corridorwatch.model.latency.DecisionTimes;

/**
 * The end-to-end latency of utilisation readings while a job runs: from the crossing that let the
 * job decide a reading being produced to Kafka, to the reading being readable with {@code
 * read_committed}. It follows the crossings topic (one partition, the job started on it empty) to
 * rebuild the job's watermark step by step ({@link CrossingWatermarks}), and the readings topic as
 * a subscriber does; a reading read before its trigger crossing has been followed waits for it. Not
 * thread-safe: one thread polls it.
 */
final class ReadingLatencyWatch implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(50);

  private final KafkaConsumer<byte[], byte[]> crossings;
  private final KafkaConsumer<byte[], byte[]> readings;
  private final CorridorCodec inputs;
  private final CorridorCodec outputs = CorridorCodec.forOutputs();
  private final CrossingWatermarks watermarks;

  /** Readings read, not yet matched with their trigger: {decision time, readable at}. */
  private final Deque<long[]> waiting = new ArrayDeque<>();

  private final List<Long> latencies = new ArrayList<>();
  private long unreadable;

  ReadingLatencyWatch(
      KafkaConnectionOptions kafka,
      InputTopics inputTopics,
      OutputTopics outputTopics,
      CorridorCodec inputCodec,
      Duration outOfOrderness) {
    this.inputs = inputCodec;
    this.watermarks = new CrossingWatermarks(outOfOrderness);
    // the job reads its input as it is written; readings count once committed
    crossings = consumer(kafka.readCommittedConsumer());
    readings = consumer(kafka.readCommittedConsumer());
    TopicPartition crossingsPartition = new TopicPartition(inputTopics.crossings(), 0);
    crossings.assign(List.of(crossingsPartition));
    crossings.seekToBeginning(List.of(crossingsPartition));
    List<TopicPartition> outputPartitions = new ArrayList<>();
    readings
        .partitionsFor(outputTopics.utilisation())
        .forEach(p -> outputPartitions.add(new TopicPartition(p.topic(), p.partition())));
    readings.assign(outputPartitions);
    readings.seekToBeginning(outputPartitions);
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Properties props) {
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return new KafkaConsumer<>(props);
  }

  /** Reads what both topics have now; readings are stamped readable when their poll returns. */
  void poll() {
    for (ConsumerRecord<byte[], byte[]> r : crossings.poll(POLL)) {
      Decoded<BorderCrossing> crossing = inputs.readBorderCrossing(r.value());
      watermarks.onCrossing(
          r.offset(),
          r.timestamp(),
          crossing.accepted() ? crossing.value().eventTimeMillis() : Long.MIN_VALUE);
    }
    var polled = readings.poll(POLL);
    long readableAt = System.currentTimeMillis();
    for (ConsumerRecord<byte[], byte[]> r : polled) {
      Decoded<PortUtilisation> reading = outputs.readPortUtilisation(r.value());
      if (!reading.accepted()) {
        unreadable++;
        continue;
      }
      waiting.add(new long[] {DecisionTimes.of(reading.value()), readableAt});
    }
    while (!waiting.isEmpty()) {
      long[] next = waiting.peek();
      Optional<CrossingWatermarks.Step> trigger = watermarks.triggerOf(next[0]);
      if (trigger.isEmpty()) {
        // the crossings consumer has not reached the trigger yet; readings come in decision order
        // per partition, so the rest wait too
        break;
      }
      waiting.poll();
      latencies.add(next[1] - trigger.get().producedAtMillis());
    }
  }

  /** The latencies, in milliseconds, of the readings matched since the last call. */
  List<Long> drain() {
    List<Long> drained = new ArrayList<>(latencies);
    latencies.clear();
    return drained;
  }

  /** Output records that did not decode as a reading. */
  long unreadable() {
    return unreadable;
  }

  @Override
  public void close() {
    crossings.close();
    readings.close();
  }
}
