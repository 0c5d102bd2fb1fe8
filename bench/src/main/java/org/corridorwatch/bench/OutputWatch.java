package org.corridorwatch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.latency.DecisionTimes;

/**
 * Reads the alerts and utilisation topics as a subscriber would ({@code read_committed}) and stamps
 * each record with the wall clock at which its poll returned: when it became readable.
 *
 * <p>It starts at the topics' current ends, so only outputs of this run count, and runs on its own
 * thread while the replay sends. Once told the replay has ended it stops when no output has come
 * for the quiet period, or at the deadline. Every wait is a poll timeout, so a record is stamped at
 * most one short poll after it became readable.
 */
final class OutputWatch implements Callable<OutputWatch.Result>, AutoCloseable {
  /** Short, so an idle poll never delays noticing the end; records return at once anyway. */
  private static final Duration POLL = Duration.ofMillis(100);

  /**
   * What the watch saw.
   *
   * @param outputs every output, in the order read
   * @param unreadable records of the output topics that did not decode as their contract type
   * @param timedOut true when the deadline came before the quiet period
   */
  record Result(List<ReadableOutput> outputs, List<String> unreadable, boolean timedOut) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String alertsTopic;
  private final Duration quiet;
  private final Duration deadline;
  private final CorridorCodec codec = CorridorCodec.forOutputs();
  private volatile long replayEndedNanos = Long.MIN_VALUE;
  private volatile boolean abandoned;

  /**
   * Assigns every partition of both topics and moves to their ends; the watch then misses nothing
   * written after this returns.
   *
   * @param quiet how long without outputs, after the replay, means the job is done
   * @param deadline the longest to wait after the replay, whatever comes
   */
  OutputWatch(
      Properties client,
      String alertsTopic,
      String utilisationTopic,
      Duration quiet,
      Duration deadline) {
    Properties props = KafkaConnectionOptions.readCommittedConsumer(client);
    // the broker answers a fetch as soon as committed data is there; this only bounds idle fetches
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "corridor-watch-alert-latency-probe");
    this.consumer = new KafkaConsumer<>(props);
    this.alertsTopic = alertsTopic;
    this.quiet = quiet;
    this.deadline = deadline;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(alertsTopic, utilisationTopic)) {
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the ends now, before anything is replayed
  }

  /** Says the replay has sent its last record; the quiet period counts from here at the latest. */
  void replayEnded() {
    replayEndedNanos = System.nanoTime();
  }

  /** Stops the watch at its next poll: the replay failed and nothing will be measured. */
  void abandon() {
    abandoned = true;
  }

  @Override
  public Result call() {
    List<ReadableOutput> outputs = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    long lastOutputNanos = System.nanoTime();
    while (!abandoned) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      long readableAt = System.currentTimeMillis();
      long now = System.nanoTime();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        ReadableOutput output = decode(r, readableAt, unreadable);
        if (output != null) {
          outputs.add(output);
        }
      }
      if (!records.isEmpty()) {
        lastOutputNanos = now;
      }
      long ended = replayEndedNanos;
      if (ended != Long.MIN_VALUE) {
        if (now - Math.max(ended, lastOutputNanos) >= quiet.toNanos()) {
          return new Result(outputs, unreadable, false);
        }
        if (now - ended >= deadline.toNanos()) {
          return new Result(outputs, unreadable, true);
        }
      }
    }
    return new Result(outputs, unreadable, false);
  }

  private ReadableOutput decode(
      ConsumerRecord<byte[], byte[]> r, long readableAt, List<String> unreadable) {
    String where = r.topic() + "-" + r.partition() + "@" + r.offset();
    if (r.topic().equals(alertsTopic)) {
      Decoded<Alert> alert = codec.readAlert(r.value());
      if (!alert.accepted()) {
        unreadable.add(where + ": " + alert.detail());
        return null;
      }
      Alert a = alert.value();
      try {
        return new ReadableOutput(
            ReadableOutput.Kind.ALERT,
            a.alertId() + " " + a.status() + " " + a.severity(),
            DecisionTimes.of(a),
            readableAt,
            a.detectedAtMillis());
      } catch (IllegalArgumentException e) {
        unreadable.add(where + ": " + e.getMessage());
        return null;
      }
    }
    Decoded<PortUtilisation> reading = codec.readPortUtilisation(r.value());
    if (!reading.accepted()) {
      unreadable.add(where + ": " + reading.detail());
      return null;
    }
    PortUtilisation u = reading.value();
    return new ReadableOutput(
        ReadableOutput.Kind.READING,
        u.portId() + " " + Instant.ofEpochMilli(u.windowEndMillis()),
        DecisionTimes.of(u),
        readableAt,
        Long.MIN_VALUE);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
