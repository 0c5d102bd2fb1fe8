package org.corridorwatch.generators.answers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.generators.OutputWaitOptions;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopicsOptions;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.corridorwatch.seeds.CorridorCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Checks a running job's utilisation readings against the {@code expected.json} of the replay that
 * fed it, as a {@code read_committed} consumer sees them. End-to-end tests of a deployed job (the
 * standalone cluster's {@code e2e.sh}) call it after the replay.
 *
 * <p>A job that is still running has not seen an end of input, so it has emitted exactly the
 * readings its watermark passed: those whose window ends at or before the newest crossing's event
 * time minus the out-of-orderness, where "newest" is the one the job's watermark follows ({@link
 * EventTimeFrontier}: a lone crossing stamped years ahead is not). The check reads that newest
 * crossing from the crossings topic and compares the readings up to there, as a multiset, each port
 * in window order. It assumes one partition per topic, as the known answers do.
 */
@Command(
    name = "utilisation-check",
    description = {
      "Reads the port-utilisation topic with read_committed and checks that it holds exactly the"
          + " readings expected.json says a correct job emits for what the crossings topic holds."
          + " Exit code 0: equal; 1: not equal or not complete in time."
    })
public final class UtilisationCheck implements Callable<Integer> {
  @Mixin KnownAnswersOption expected = new KnownAnswersOption();

  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  /** The crossings topic gives the job's newest event time; the other two are not read. */
  @Mixin InputTopicsOptions inputTopics = new InputTopicsOptions();

  /** The utilisation topic holds the readings checked; the other four are not read. */
  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  @Option(
      names = "--bounded",
      description =
          "The job ran with --bounded, so it emitted every reading of the replay, including"
              + " those past the newest crossing's watermark: expect all of them.")
  private boolean bounded;

  @Mixin OutputWaitOptions outputWait = new OutputWaitOptions("5s", "3m");

  @Override
  public Integer call() throws Exception {
    String topicCrossings = inputTopics.topics().crossings();
    String topicUtilisation = outputTopics.topics().utilisation();
    KnownAnswersFile answers = expected.read();
    long outOfOrderness = Duration.parse(answers.assumptions().get("outOfOrderness")).toMillis();
    String maxJump = answers.assumptions().get("maxWatermarkJump");
    // answers written before the option existed assumed the job's default
    EventTimeFrontier frontier =
        new EventTimeFrontier(
            maxJump == null
                ? EventTimeFrontier.DEFAULT_MAX_JUMP_MILLIS
                : Duration.parse(maxJump).toMillis());
    long deadline = System.nanoTime() + outputWait.timeout().toNanos();

    CorridorCatalogue catalogue = CorridorCatalogue.standard();
    CorridorCodec inputs =
        CorridorCodec.forInputs(new KnownIds(catalogue.portIds(), catalogue.lineIds()));
    boolean anyValid = false;
    for (ConsumerRecord<byte[], byte[]> r : readToEnd(topicCrossings, deadline)) {
      Decoded<BorderCrossing> crossing = inputs.readBorderCrossing(r.value());
      if (crossing.accepted()) {
        anyValid = true;
        frontier.observe(crossing.value().eventTimeMillis());
      }
    }
    if (!anyValid) {
      throw new CommandFailure("no valid crossing on " + topicCrossings + ": nothing to check");
    }
    if (frontier.frontier() == Long.MIN_VALUE) {
      throw new CommandFailure(
          "the crossings on " + topicCrossings + " span less than 15 min: no watermark yet");
    }
    // the job's watermark after the newest crossing it follows (the same frontier as the job's
    // watermark generator: a lone record years ahead is not followed); a reading fires once the
    // watermark passes windowEnd - 1
    long watermark = frontier.frontier() - outOfOrderness - 1;
    List<PortUtilisation> want =
        answers.utilisation().stream()
            .filter(u -> bounded || u.windowEndMillis() - 1 <= watermark)
            .toList();

    List<PortUtilisation> got = readReadings(topicUtilisation, want.size(), deadline);
    List<String> problems = compare(topicUtilisation, want, got);
    String scope =
        want.size()
            + (bounded
                ? " expected readings (bounded: all of them)"
                : " expected readings up to the watermark " + Instant.ofEpochMilli(watermark + 1))
            + " (of "
            + answers.utilisation().size()
            + " for the whole replay)";
    if (problems.isEmpty()) {
      System.out.println("utilisation-check: equal: " + got.size() + " readings read, " + scope);
      return 0;
    }
    System.err.println("utilisation-check: NOT equal: " + got.size() + " readings read, " + scope);
    problems.forEach(p -> System.err.println("  " + p));
    return 1;
  }

  /**
   * Multiset difference both ways ({@link OutputComparison}, as the fault drills count), any (port,
   * window end) written more than once even with equal figures, then the order of each port's
   * readings. {@code topic} names the readings' topic in the problems.
   */
  static List<String> compare(String topic, List<PortUtilisation> want, List<PortUtilisation> got) {
    OutputComparison c =
        OutputComparison.of(topic, want, got, Function.identity(), OutputKeys::reading);
    List<String> problems = new ArrayList<>();
    if (c.lost() > 0) {
      problems.add(c.lost() + " expected readings missing; " + c.summary());
    }
    if (c.duplicated() + c.unexpected() > 0) {
      problems.add(
          (c.duplicated() + c.unexpected())
              + " readings not expected (or doubled); "
              + c.summary());
    }
    if (c.rewritten() > 0) {
      // the contract writes each (port, window end) once, whatever its figures
      problems.add(
          c.rewritten() + " readings rewrote a port's window already written; " + c.summary());
    }
    Map<String, Long> lastEnd = new HashMap<>();
    for (PortUtilisation u : got) {
      Long before = lastEnd.put(u.portId(), u.windowEndMillis());
      if (before != null && before >= u.windowEndMillis()) {
        problems.add(
            "port "
                + u.portId()
                + ": reading for "
                + Instant.ofEpochMilli(u.windowEndMillis())
                + " after the one for "
                + Instant.ofEpochMilli(before));
        break;
      }
    }
    return problems;
  }

  /**
   * Committed readings, read until {@code count} are there and nothing new came for {@code
   * --quiet}, or the deadline passes.
   */
  private List<PortUtilisation> readReadings(String topicUtilisation, int count, long deadline) {
    CorridorCodec outputs = CorridorCodec.forOutputs();
    List<PortUtilisation> readings = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = TopicPartitions.of(consumer, topicUtilisation, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long lastNew = System.nanoTime();
      while (System.nanoTime() < deadline) {
        var polled = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          Decoded<PortUtilisation> reading = outputs.readPortUtilisation(r.value());
          if (!reading.accepted()) {
            throw new CommandFailure(
                "offset " + r.offset() + " of " + topicUtilisation + ": " + reading.detail());
          }
          readings.add(reading.value());
        }
        if (!polled.isEmpty()) {
          lastNew = System.nanoTime();
        }
        if (readings.size() >= count
            && System.nanoTime() - lastNew >= outputWait.quiet().toNanos()) {
          return readings;
        }
      }
    }
    System.err.println(
        "utilisation-check: only "
            + readings.size()
            + " of "
            + count
            + " readings became readable within "
            + outputWait.timeout());
    return readings;
  }

  /** Every record of {@code topic} up to its end offsets as of now. */
  private List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, long deadline) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = TopicPartitions.of(consumer, topic, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new CommandFailure(
              "could not read " + topic + " to its end within " + outputWait.timeout());
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    // outputs are written in Kafka transactions: only what a checkpoint committed counts; the
    // crossings are read as the job reads them, committed records only as well
    return new KafkaConsumer<>(kafka.readCommittedConsumer());
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new UtilisationCheck(), args));
  }
}
