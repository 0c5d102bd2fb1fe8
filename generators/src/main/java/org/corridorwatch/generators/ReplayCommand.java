package org.corridorwatch.generators;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.Scenario;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.BrokerWait;
import org.corridorwatch.generators.sink.JsonLinesSink;
import org.corridorwatch.generators.sink.KafkaRecordSink;
import org.corridorwatch.generators.sink.RecordSink;
import org.corridorwatch.generators.sink.ReplayException;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.model.kafka.InputTopicsOptions;
import org.corridorwatch.model.kafka.TopicCreationOptions;
import org.corridorwatch.seeds.CorridorCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The command line of the generators: replays scenarios or a file into Kafka (or standard output)
 * and writes the known answers.
 */
@Command(
    name = "corridor-watch replay",
    version = "corridor-watch replay 0.1.0",
    description = {
      "Replays shipment and border-crossing traffic derived from the source documents into Kafka,"
          + " keyed as the wire contract says, and writes the figures a correct pipeline must"
          + " produce for it (--expected). --list says what in each scenario is sourced and"
          + " what is synthetic."
    },
    footer = {
      "",
      "Examples:",
      "  corridor-watch replay pingxiang-overload --expected expected.json",
      "  corridor-watch replay ilstc-2019 pingxiang-overload --speedup 3600 --live",
      "  corridor-watch replay baseline --dry-run --malformed 0.01 --duplicates 0.02 > out.jsonl",
      "  corridor-watch replay --file out.jsonl --bootstrap-servers 127.0.0.1:9092"
    })
public final class ReplayCommand implements Callable<Integer> {
  public static final long DEFAULT_SEED = 20190701L;

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "SCENARIO",
      arity = "0..*",
      completionCandidates = ScenarioOptions.Names.class,
      description = "Scenarios to replay, merged on one event-time line: ${COMPLETION-CANDIDATES}.")
  private List<String> scenarioNames = new ArrayList<>();

  @Mixin InputTopicsOptions inputTopics = new InputTopicsOptions();

  @Option(names = "--list", description = "List the scenarios, with their sources, and exit.")
  private boolean list;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description =
          "Replay a JSON-lines file instead: contract records (routed by their schema field and"
              + " keyed as the contract says) or --dry-run lines.")
  private Path file;

  @Option(
      names = "--live",
      description =
          "After the replay, keep producing traffic at wall-clock time until Ctrl-C, so a"
              + " dashboard keeps moving. Not part of the known answers.")
  private boolean live;

  @Mixin ScenarioOptions scenario = new ScenarioOptions();

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Send only events at or after TIME. Default: the scenarios' own start.")
  private Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "Send only events before TIME. Default: the scenarios' own end.")
  private Instant to;

  /** At most one way of pacing. */
  static final class Pacing {
    @Option(
        names = "--rate",
        paramLabel = "PER_SECOND",
        description = "Send at most this many records a second.")
    Double rate;

    @Option(
        names = "--speedup",
        paramLabel = "FACTOR",
        description = "Run event time FACTOR times faster than the clock (3600: an hour a second).")
    Double speedup;
  }

  @ArgGroup(
      exclusive = true,
      multiplicity = "0..1",
      heading = "%nPacing (default: as fast as possible)%n")
  private Pacing pacing;

  @Mixin DisorderOption disorder = new DisorderOption();

  @Option(
      names = "--duplicates",
      paramLabel = "FRACTION",
      defaultValue = "0",
      description = "Extra exact copies, as a fraction of clean events. Default: ${DEFAULT-VALUE}.")
  private double duplicates;

  @Option(
      names = "--late",
      paramLabel = "FRACTION",
      defaultValue = "0",
      description =
          "Extra late events (valid, stamped --late-by behind the stream), as a fraction of clean"
              + " events. Default: ${DEFAULT-VALUE}.")
  private double late;

  @Option(
      names = "--late-by",
      paramLabel = "DURATION",
      defaultValue = "3h",
      description =
          "How far behind the stream late events are stamped; at least 1h plus"
              + " --out-of-orderness, so that they are late for every figure. Default:"
              + " ${DEFAULT-VALUE}.")
  private Duration lateBy;

  @Option(
      names = "--malformed",
      paramLabel = "FRACTION",
      defaultValue = "0",
      description =
          "Extra records built to be rejected, cycling through MALFORMED_JSON, MISSING_FIELD,"
              + " INVALID_VALUE, UNKNOWN_PORT and UNKNOWN_LINE, as a fraction of clean events."
              + " Default: ${DEFAULT-VALUE}.")
  private double malformed;

  @Option(
      names = "--close",
      paramLabel = "GAP",
      description =
          "After the replay, send two crossings and two shipments GAP (and 15 minutes more)"
              + " past the newest event, which count as nothing but move event time past every"
              + " open reading, balance hour and alert, so a running job writes everything the"
              + " known answers list (as a --bounded run does). At least 31d; the fault drills use"
              + " it. Default: off.")
  private Duration close;

  @Option(
      names = "--expected",
      paramLabel = "FILE",
      description =
          "Write the known answers for what was sent: utilisation per port per slot, final"
              + " balances, port waits per port per slot, alerts, dead letters by reason."
              + " Default: none.")
  private Path expected;

  @Mixin OutOfOrdernessOption outOfOrderness = new OutOfOrdernessOption();

  @Option(
      names = "--dedup-horizon",
      paramLabel = "DURATION",
      defaultValue = "24h",
      description = "The job's dedup horizon the known answers assume. Default: ${DEFAULT-VALUE}.")
  private Duration dedupHorizon;

  @Option(
      names = "--max-watermark-jump",
      paramLabel = "DURATION",
      defaultValue = "1d",
      description =
          "The job's --max-watermark-jump the known answers assume. Default: ${DEFAULT-VALUE}.")
  private Duration maxWatermarkJump;

  @Option(
      names = "--max-wait",
      paramLabel = "DURATION",
      defaultValue = "48h",
      description =
          "The job's --max-wait the known answers assume: how long a visit without a departure is"
              + " kept for the port waits and the clearance backlog. Default: ${DEFAULT-VALUE}.")
  private Duration maxWait;

  @Option(
      names = "--dry-run",
      description =
          "Write one JSON line per record to standard output instead of Kafka:"
              + " {\"topic\",\"key\",\"value\"} (or \"valueBase64\" for malformed records).")
  private boolean dryRun;

  @Mixin private KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  /** Topics the replay creates when missing, and how long it waits for Kafka at start. */
  @Mixin TopicCreationOptions topicCreation = new TopicCreationOptions();

  @Mixin BrokerWaitOption brokerWait = new BrokerWaitOption();

  @Option(
      names = "--no-create-topics",
      description = "Do not create missing topics (the replay fails on a missing one instead).")
  private boolean noCreateTopics;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Show a progress bar on standard error. Default: on when standard output is a"
              + " terminal.")
  private Boolean progress;

  @Override
  public Integer call() throws IOException {
    PrintStream err = System.err;
    if (list) {
      listScenarios(spec.commandLine().getOut());
      return 0;
    }
    CorridorCatalogue catalogue = CorridorCatalogue.standard();
    Replay.Plan plan = plan();
    InputTopics topics = plan.topics();
    KnownAnswers answers =
        expected == null
            ? null
            : new KnownAnswers(
                catalogue,
                CorridorCodec.forInputs(new KnownIds(catalogue.portIds(), catalogue.lineIds())),
                topics,
                outOfOrderness.value().toMillis(),
                dedupHorizon.toMillis(),
                maxWatermarkJump.toMillis(),
                maxWait.toMillis());
    boolean showProgress = progress != null ? progress : System.console() != null;
    long estimate = showProgress ? estimate(plan, catalogue) : -1;
    try (RecordSink sink = openSink(topics, showProgress);
        Progress bar = showProgress ? Progress.on(err, estimate) : Progress.off()) {
      Replay replay = new Replay(plan, catalogue, sink, pacer(), answers, bar);
      // Ctrl-C stops the replay; the JVM then waits for this block to flush, write and report
      CountDownLatch reported = new CountDownLatch(1);
      Thread onCtrlC = new Thread(() -> stopAndWait(replay, reported, err), "replay-stop");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      try {
        Replay.Summary summary = replay.run();
        if (close != null && !summary.stopped()) {
          replay.close(close.toMillis());
        }
        sink.flush();
        bar.close();
        if (answers != null) {
          KnownAnswersFile.of(
                  answers,
                  describe(plan),
                  outOfOrderness.value().toMillis(),
                  dedupHorizon.toMillis())
              .write(expected, CorridorCodec.forOutputs());
        }
        err.println(summaryLine(plan, summary));
        return 0;
      } catch (ReplayException e) {
        // what reached Kafka is in doubt: answers for it would describe something else
        throw expected == null
            ? e
            : new ReplayException(e.getMessage() + "; no known answers written to " + expected, e);
      } finally {
        reported.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running, and returns now that the summary is out
        }
      }
    }
  }

  private void stopAndWait(Replay replay, CountDownLatch reported, PrintStream err) {
    replay.stop();
    try {
      if (!reported.await(30, TimeUnit.SECONDS)) {
        // still flushing after 30 s: Kafka is not answering, and the JVM now exits anyway
        err.println(
            "corridor-watch replay: stopped by request while records were waiting for Kafka at "
                + kafka.bootstrapServers()
                + "; whether they reached it is in doubt"
                + (expected == null ? "" : ", so no known answers were written to " + expected));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Replay.Plan plan() {
    List<Scenario> scenarios;
    try {
      scenarios = Scenarios.named(scenarioNames);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (file != null && !scenarios.isEmpty()) {
      throw usage("give either scenarios or --file, not both");
    }
    if (file == null && scenarios.isEmpty() && !live) {
      throw usage(
          "name at least one scenario ("
              + String.join(", ", Scenarios.names())
              + "), --file or --live");
    }
    if (file != null && !Files.isReadable(file)) {
      throw usage("--file " + file + " cannot be read");
    }
    if (scenario.problem() != null) {
      throw usage(scenario.problem());
    }
    checkFraction("--duplicates", duplicates);
    checkFraction("--late", late);
    checkFraction("--malformed", malformed);
    // a late copy must fall in a period every figure it feeds has passed: a shipment is judged by
    // its hour, and the watermark trails the newest event by the out-of-orderness
    Duration leastLateBy = Duration.ofHours(1).plus(outOfOrderness.value());
    if (lateBy.compareTo(leastLateBy) < 0) {
      throw usage(
          "--late-by must be at least 1h plus --out-of-orderness ("
              + leastLateBy.toMinutes()
              + "m), so late copies fall in slots and hours already emitted");
    }
    if (close != null && close.compareTo(Duration.ofDays(31)) < 0) {
      // the 30-day rolling balances expire only 30 days after their last departure hour
      throw usage("--close must be at least 31d, so every 30-day balance hour expires");
    }
    if (close != null && live) {
      throw usage("--close ends event time; it cannot be combined with --live");
    }
    if (disorder.value().isNegative()) {
      throw usage("--disorder must not be negative");
    }
    if (dedupHorizon.isNegative() || dedupHorizon.toMillis() % EventTimeRules.SLOT_MILLIS != 0) {
      throw usage(
          "--dedup-horizon must be a whole number of 15-minute slots, such as 24h, as the"
              + " job's");
    }
    if (maxWatermarkJump.toMinutes() < 15) {
      throw usage("--max-watermark-jump must be at least 15m, as the job's");
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw usage("--max-wait must be positive");
    }
    if (close != null && close.compareTo(maxWait) <= 0) {
      throw usage("--close must be longer than --max-wait, so every visit is closed or dropped");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw usage("--from must be before --to");
    }
    if (pacing != null && pacing.rate != null && !(pacing.rate > 0)) {
      throw usage("--rate must be positive");
    }
    if (pacing != null && pacing.speedup != null && !(pacing.speedup > 0)) {
      throw usage("--speedup must be positive");
    }
    if (expected != null
        && expected.toAbsolutePath().getParent() != null
        && !Files.isDirectory(expected.toAbsolutePath().getParent())) {
      throw usage("--expected " + expected + ": its folder does not exist");
    }
    return new Replay.Plan(
        scenarios,
        file,
        scenario.settings(),
        scenario.seed(),
        from == null ? null : from.toEpochMilli(),
        to == null ? null : to.toEpochMilli(),
        new InjectionSettings(
            disorder.value().toMillis(), duplicates, late, lateBy.toMillis(), malformed),
        inputTopics.topics(),
        live);
  }

  private void checkFraction(String option, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw usage(option + " must be a fraction from 0 to 1, was " + value);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private Pacer pacer() {
    if (pacing != null && pacing.rate != null) {
      return Pacer.rate(pacing.rate);
    }
    if (pacing != null && pacing.speedup != null) {
      return Pacer.speedUp(pacing.speedup);
    }
    return Pacer.unlimited();
  }

  private RecordSink openSink(InputTopics topics, boolean progressShown) throws IOException {
    if (dryRun) {
      return new JsonLinesSink(System.out);
    }
    Properties client = kafka.clientProperties();
    client.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "corridor-watch-replay");
    PrintWriter notices = spec.commandLine().getErr();
    BrokerWait wait =
        new BrokerWait(
            brokerWait.limit(),
            client.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
            "corridor-watch replay",
            line -> {
              // below the progress bar's line, not on it
              notices.println(progressShown ? System.lineSeparator() + line : line);
              notices.flush();
            });
    return KafkaRecordSink.open(
        client,
        topics.all(),
        noCreateTopics ? 0 : topicCreation.partitions(),
        topicCreation.replicationFactor(),
        topicCreation.connectTimeout(),
        wait);
  }

  private long estimate(Replay.Plan plan, CorridorCatalogue catalogue) {
    if (plan.file() != null) {
      return new FileReplay(plan.file(), plan.topics()).check();
    }
    long total = 0;
    for (Scenario s : plan.scenarios()) {
      long n = s.estimatedEvents(plan.settings(), catalogue);
      if (n < 0) {
        return -1;
      }
      total += n;
    }
    return Math.round(total * (1 + duplicates + late + malformed));
  }

  private Map<String, Object> describe(Replay.Plan plan) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("scenarios", scenarioNames);
    if (file != null) {
      d.put("file", file.toString());
    }
    d.put("seed", scenario.seed());
    d.put("start", scenario.start().toString());
    d.put("days", scenario.days());
    d.put("from", from == null ? null : from.toString());
    d.put("to", to == null ? null : to.toString());
    d.put("disorder", disorder.value().toString());
    d.put("duplicates", duplicates);
    d.put("late", late);
    d.put("lateBy", lateBy.toString());
    d.put("malformed", malformed);
    d.put("live", live);
    d.put("close", close == null ? null : close.toString());
    return d;
  }

  private String summaryLine(Replay.Plan plan, Replay.Summary s) {
    StringBuilder line = new StringBuilder("corridor-watch replay: ");
    line.append(s.stopped() ? "stopped by request after sending " : "sent ");
    line.append(
        String.format(
            "%,d records in %.1f s (%,.0f/s)",
            s.total(), s.seconds(), s.total() / Math.max(s.seconds(), 1e-3)));
    line.append(dryRun ? " to standard output" : " to Kafka at " + kafka.bootstrapServers());
    List<String> parts = new ArrayList<>();
    s.perTopic().forEach((topic, n) -> parts.add(String.format("%s %,d", topic, n)));
    line.append(" [").append(String.join(", ", parts)).append("]");
    long injected = 0;
    for (Delivery.Kind kind :
        List.of(Delivery.Kind.DUPLICATE, Delivery.Kind.LATE, Delivery.Kind.MALFORMED)) {
      long n = s.perKind().getOrDefault(kind, 0L);
      injected += n;
      if (n > 0) {
        line.append(String.format(", %,d %s", n, kind.name().toLowerCase()));
      }
    }
    if (s.liveRecords() > 0) {
      line.append(String.format(", %,d live", s.liveRecords()));
    }
    if (expected != null) {
      line.append("; known answers in ").append(expected);
    }
    return line.toString();
  }

  private static void listScenarios(PrintWriter out) {
    for (Scenario s : Scenarios.all()) {
      out.printf("%s%n  %s%n  %s%n%n", s.name(), s.summary(), s.provenance());
    }
    out.flush();
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new ReplayCommand(), args));
  }
}
