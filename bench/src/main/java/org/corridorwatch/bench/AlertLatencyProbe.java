package org.corridorwatch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.ConnectTimeoutOption;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.generators.BrokerWaitOption;
import org.corridorwatch.generators.DisorderOption;
import org.corridorwatch.generators.OutOfOrdernessOption;
import org.corridorwatch.generators.OutputWaitOptions;
import org.corridorwatch.generators.Replay;
import org.corridorwatch.generators.ScenarioOptions;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.Scenario;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.KafkaRecordSink;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.model.kafka.InputTopicsOptions;
import org.corridorwatch.model.kafka.OutputTopics;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.corridorwatch.model.latency.CrossingWatermarks;
import org.corridorwatch.model.latency.DecisionTimes;
import org.corridorwatch.seeds.CorridorCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures how long after an event enters Kafka the alert (or utilisation reading) it triggers
 * becomes readable to a {@code read_committed} subscriber, against a running {@code
 * corridor-analytics}.
 *
 * <p>It replays a scenario into the input topics at a fixed rate while it reads the alerts and
 * utilisation topics, stamping each output with the wall clock at which its poll returned
 * (readable). Afterwards it reads the crossings topic back and finds each output's <b>trigger</b>:
 * the first crossing on whose arrival the job's watermark reached the output's decision time. The
 * latency is readable − the trigger's Kafka timestamp (CreateTime, the producer's clock at send; it
 * includes the producer's up to 20 ms linger).
 *
 * <p>The rules it relies on, both restated from the job: the watermark is the newest crossing's
 * event time − out-of-orderness − 1 ms, emitted when it reaches a slot boundary − 1 ms ({@link
 * CrossingWatermarks}); a reading with window end W is decided at W − 1 ms; an alert transition at
 * the event time of the last reading it used: for {@code SUSTAINED_OVERLOAD} and {@code
 * QUEUE_GROWTH} the last {@code evidence.windows[].windowEnd} − 1 ms, for {@code CLEARANCE_BACKLOG}
 * {@code evidence.windowEnd} ({@link DecisionTimes}). The watermark is exactly computable only with
 * <b>one partition</b> in the crossings topic, read by the job from its first record; the probe
 * checks both and stops otherwise.
 *
 * <p>Outputs are written exactly once, so they become readable only when the checkpoint after them
 * completes: expect pipeline time plus up to one checkpoint interval. For alerts, the job's own
 * {@code detectedAt} splits the two.
 */
@Command(
    name = "alert-latency-probe",
    version = "alert-latency-probe 0.1.0",
    description = {
      "Measures the latency from an event entering Kafka to the alert (and utilisation reading)"
          + " it triggers becoming readable with read_committed, against a running"
          + " corridor-analytics on an empty broker whose crossings topic has one partition."
          + " Prints p50/p90/p99/p99.9/max; bench/alert-latency.sh sets everything up."
    },
    footer = {
      "",
      "Example:",
      "  alert-latency-probe --bootstrap-servers 127.0.0.1:19092 --rate 2000 --report out.md"
    })
public final class AlertLatencyProbe implements java.util.concurrent.Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin InputTopicsOptions inputTopics = new InputTopicsOptions();

  /** The probe watches the alerts and utilisation topics; it reads none of the other three. */
  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  @Mixin BrokerWaitOption brokerWait = new BrokerWaitOption();

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      split = ",",
      defaultValue = "pingxiang-overload",
      description =
          "Scenarios to replay together, repeated or comma-separated: ${COMPLETION-CANDIDATES}."
              + " Default: ${DEFAULT-VALUE}.",
      completionCandidates = ScenarioOptions.Names.class)
  private List<String> scenarioNames;

  @Option(
      names = "--warm-up",
      paramLabel = "DURATION",
      defaultValue = "0s",
      description =
          "Outputs whose trigger was produced this soon after the replay began are counted"
              + " apart and left out of the figures: a job just started runs its code"
              + " interpreted and its first checkpoints cold. Default: ${DEFAULT-VALUE}.")
  private Duration warmUp;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "2000",
      description = "Events sent per second, evenly spaced. Default: ${DEFAULT-VALUE}.")
  private double rate;

  @Mixin DisorderOption disorder = new DisorderOption();

  @Mixin OutOfOrdernessOption outOfOrderness = new OutOfOrdernessOption();

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      description =
          "The job's --checkpoint-interval, only stated in the report (the probe cannot see it)."
              + " Default: not stated.")
  private Duration checkpointInterval;

  @Mixin OutputWaitOptions outputWait = new OutputWaitOptions("30s", "10m");

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Also write the figures to FILE: markdown if it ends in .md, else JSON (with each"
              + " histogram encoded); and their latency CDF beside it, <FILE name>-cdf.png.")
  private Path report;

  @Option(
      names = "--decisions",
      paramLabel = "FILE",
      description =
          "Also write every alert's times to FILE as CSV (alert, trigger produced, decided,"
              + " readable; epoch milliseconds), to set the slow ones beside the job's GC and"
              + " checkpoint logs (StallReport).")
  private Path decisions;

  @Mixin private KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  @Mixin ConnectTimeoutOption connect = new ConnectTimeoutOption();

  /** When the replay sent its first record, by the wall clock. */
  private long replayBegan;

  @Override
  public Integer call() throws IOException, InterruptedException {
    List<Scenario> scenarios = checkOptions();
    CorridorCatalogue catalogue = CorridorCatalogue.standard();
    Properties client = kafka.clientProperties();
    InputTopics inputs = inputTopics.topics();
    OutputTopics outputs = outputTopics.topics();
    Replay.Plan plan =
        new Replay.Plan(
            scenarios,
            null,
            scenario.settings(),
            scenario.seed(),
            null,
            null,
            new InjectionSettings(
                disorder.value().toMillis(), 0, 0, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0),
            inputs,
            false);

    Replay.Summary sent;
    OutputWatch.Result seen;
    // missing input topics are created with one partition: the watermark needs exactly that
    try (KafkaRecordSink sink =
            KafkaRecordSink.open(
                client,
                inputs.all(),
                1,
                (short) 1,
                connect.connectTimeout(),
                brokerWait.forProgram(kafka.bootstrapServers(), "alert-latency-probe"));
        Admin admin = Admin.create(connect.adminClient(client))) {
      requireEmptySinglePartition(admin, inputs.crossings());
      requireExists(admin, List.of(outputs.alerts(), outputs.utilisation()));
      try (OutputWatch watch =
          new OutputWatch(
              client,
              outputs.alerts(),
              outputs.utilisation(),
              outputWait.quiet(),
              outputWait.timeout())) {
        ExecutorService reader =
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "alert-latency-output-watch");
                  t.setDaemon(true);
                  return t;
                });
        try {
          Future<OutputWatch.Result> watching = reader.submit(watch);
          System.err.printf(
              "alert-latency-probe: replaying %s (%d days) at %,.0f events/s to %s ...%n",
              String.join(" + ", scenarioNames), scenario.days(), rate, kafka.bootstrapServers());
          replayBegan = System.currentTimeMillis();
          try {
            sent = Replay.of(plan, catalogue, sink, Pacer.rate(rate), null).run();
          } catch (RuntimeException e) {
            watch.abandon();
            throw e;
          }
          watch.replayEnded();
          System.err.printf(
              "alert-latency-probe: sent %,d records in %.1f s; waiting until outputs are quiet"
                  + " for %.1f s ...%n",
              sent.total(), sent.seconds(), outputWait.quiet().toMillis() / 1000.0);
          seen = result(watching);
        } finally {
          reader.shutdown();
          reader.awaitTermination(
              outputWait.timeout().toMillis() + outputWait.quiet().toMillis(),
              TimeUnit.MILLISECONDS);
        }
      }
    }

    CrossingWatermarks watermarks = readCrossingsBack(catalogue);
    OutputLatencies latencies =
        OutputLatencies.of(seen.outputs(), watermarks, replayBegan + warmUp.toMillis());
    Map<String, Object> run = describe(sent, watermarks, seen);
    if (!warmUp.isZero()) {
      run.put(
          "left out (warm-up)",
          String.format(
              "%d alerts, %d readings triggered in the first %s",
              latencies.alerts().warmingUp(), latencies.readings().warmingUp(), warmUp));
    }
    LatencyReport figures = new LatencyReport(run, latencies, seen.unreadable(), seen.timedOut());
    System.out.print(figures.text());
    if (report != null) {
      figures.write(report);
      System.err.println("alert-latency-probe: figures written to " + report);
    }
    if (decisions != null) {
      DecisionsCsv.write(decisions, latencies.alerts().decisions());
      System.err.println("alert-latency-probe: alerts' times written to " + decisions);
    }
    return 0;
  }

  private List<Scenario> checkOptions() {
    List<Scenario> scenarios;
    try {
      scenarios = Scenarios.named(scenarioNames);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (warmUp.isNegative()) {
      throw usage("--warm-up must not be negative");
    }
    if (scenario.problem() != null) {
      throw usage(scenario.problem());
    }
    if (!(rate > 0)) {
      throw usage("--rate must be positive");
    }
    if (disorder.value().isNegative() || disorder.value().compareTo(outOfOrderness.value()) > 0) {
      throw usage("--disorder must be from 0 to --out-of-orderness, or clean records turn late");
    }
    if (outOfOrderness.value().isNegative()) {
      throw usage("--out-of-orderness must not be negative");
    }
    Duration quiet = outputWait.quiet();
    if (quiet.isNegative() || quiet.isZero() || outputWait.timeout().compareTo(quiet) < 0) {
      throw usage("--quiet must be positive and --timeout at least --quiet");
    }
    if (report != null
        && report.toAbsolutePath().getParent() != null
        && !Files.isDirectory(report.toAbsolutePath().getParent())) {
      throw usage("--report " + report + ": its folder does not exist");
    }
    if (decisions != null
        && decisions.toAbsolutePath().getParent() != null
        && !Files.isDirectory(decisions.toAbsolutePath().getParent())) {
      throw usage("--decisions " + decisions + ": its folder does not exist");
    }
    return scenarios;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * The job's watermark can be rebuilt only when its one crossings reader saw exactly what this
   * replay sends, in this order: one partition, nothing before.
   */
  private void requireEmptySinglePartition(Admin admin, String topic) {
    try {
      TopicDescription d =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(connect.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .get(topic);
      if (d.partitions().size() != 1) {
        throw new CommandFailure(
            topic
                + " has "
                + d.partitions().size()
                + " partitions; the probe needs 1 so the job's watermark follows one ordered"
                + " stream (start the job with --partitions 1 on a fresh broker)");
      }
      TopicPartition only = new TopicPartition(topic, 0);
      long end =
          admin
              .listOffsets(Map.of(only, OffsetSpec.latest()))
              .partitionResult(only)
              .get(connect.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .offset();
      if (end != 0) {
        throw new CommandFailure(
            topic
                + " already holds "
                + end
                + " records; the job's watermark has moved on them, so the probe needs an empty"
                + " topic (a fresh broker, as bench/alert-latency.sh starts)");
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandFailure("cannot inspect " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while inspecting " + topic, e);
    }
  }

  private void requireExists(Admin admin, List<String> topics) {
    try {
      var existing =
          admin
              .listTopics()
              .names()
              .get(connect.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
      for (String topic : topics) {
        if (!existing.contains(topic)) {
          throw new CommandFailure(
              "topic "
                  + topic
                  + " does not exist: is corridor-analytics running against "
                  + kafka.bootstrapServers()
                  + "?");
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new CommandFailure("cannot list topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted while listing topics", e);
    }
  }

  private static OutputWatch.Result result(Future<OutputWatch.Result> watching)
      throws InterruptedException {
    try {
      return watching.get();
    } catch (ExecutionException e) {
      throw new CommandFailure("reading the outputs failed: " + e.getCause().getMessage(), e);
    }
  }

  /** Reads the crossings topic back, in offset order, as the job's one reader did. */
  private CrossingWatermarks readCrossingsBack(CorridorCatalogue catalogue) {
    CrossingWatermarks watermarks = new CrossingWatermarks(outOfOrderness.value());
    // the same reference checks as the job's parser: what it rejects has no event time
    CorridorCodec codec =
        CorridorCodec.forInputs(new KnownIds(catalogue.portIds(), catalogue.lineIds()));
    Properties props = kafka.readCommittedConsumer();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    TopicPartition only = new TopicPartition(inputTopics.topics().crossings(), 0);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      consumer.assign(List.of(only));
      consumer.seekToBeginning(List.of(only));
      long end = consumer.endOffsets(List.of(only)).get(only);
      long deadline = System.nanoTime() + outputWait.timeout().toNanos();
      while (consumer.position(only) < end) {
        if (System.nanoTime() > deadline) {
          throw new CommandFailure(
              "reading "
                  + inputTopics.topics().crossings()
                  + " back did not finish within "
                  + outputWait.timeout());
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Decoded<BorderCrossing> crossing = codec.readBorderCrossing(r.value());
          watermarks.onCrossing(
              r.offset(),
              r.timestamp(),
              crossing.accepted() ? crossing.value().eventTimeMillis() : Long.MIN_VALUE);
        }
      }
    }
    return watermarks;
  }

  private Map<String, Object> describe(
      Replay.Summary sent, CrossingWatermarks watermarks, OutputWatch.Result seen) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put(
        "scenario",
        String.join(" + ", scenarioNames)
            + ", "
            + scenario.days()
            + " days from "
            + scenario.start()
            + ", seed "
            + scenario.seed());
    run.put("rate asked", String.format("%.0f events/s", rate));
    run.put(
        "rate achieved",
        String.format(
            "%.0f events/s (%d records in %.1f s)",
            sent.total() / Math.max(sent.seconds(), 1e-3), sent.total(), sent.seconds()));
    run.put("records per topic", sent.perTopic());
    run.put("watermark steps", watermarks.steps());
    run.put("outputs read", seen.outputs().size());
    run.put("job out-of-orderness", outOfOrderness.value().toString());
    run.put(
        "job checkpoint interval",
        checkpointInterval == null ? "not stated" : checkpointInterval.toString());
    run.put("disorder", disorder.value().toString());
    run.put("produced at", "Kafka CreateTime of the trigger crossing (producer clock at send)");
    run.put("readable at", "wall clock when a read_committed poll returned the output");
    run.put("machine", machine());
    run.put("measured", Instant.now().toString());
    return run;
  }

  /** Cores, memory and JVM, so figures from different machines are not compared blindly. */
  public static String machine() {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return String.format(
        "%d cores, %s memory, %s %s (%s), %s",
        Runtime.getRuntime().availableProcessors(),
        memory < 0 ? "unknown" : String.format("%.1f GiB", memory / (1024.0 * 1024 * 1024)),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new AlertLatencyProbe(), args));
  }
}
