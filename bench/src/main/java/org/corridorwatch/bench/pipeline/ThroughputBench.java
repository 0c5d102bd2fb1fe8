package org.corridorwatch.bench.pipeline;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.TradeBalance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The in-process measurements, P1, P2 and P3 (utilisation and balances), on a local mini-cluster
 * without Kafka: checks that each pair of variants agrees, times every variant after a warm-up run,
 * prints the table and, when asked, writes the report with its charts.
 */
@Command(
    name = "throughput-bench",
    description =
        "Measures P1 (the analytics pipeline against a parse-only pass-through), P2 (our"
            + " 15-minute slot counters against Flink's sliding windows) and P3 (the slot counters"
            + " and the port trade balances against Flink SQL window functions) in process, at"
            + " parallelism 1, on in-memory wire bytes of the baseline and ilstc-2019 scenarios.")
public final class ThroughputBench implements Callable<Integer> {
  /** P1: the whole pipeline at least this share of the parse-only rate. */
  static final double P1_GOAL = 0.6;

  @Option(
      names = "--days",
      defaultValue = "28",
      description = "Days of traffic in the input. Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Timed runs per variant, after one warm-up run. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--warm-up",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Time each variant after one untimed warm-up run (the default); --no-warm-up skips it,"
              + " for a smoke run.")
  boolean warmUp;

  @Option(
      names = "--p1-parallelism-2",
      description = "Also measure P1's full pipeline at parallelism 2.")
  boolean p1Parallelism2;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "P1|P2|P3",
      description =
          "Measure only these comparisons, e.g. --only P1 while profiling one. Default: all.")
  Set<String> only;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      description = "Write <date>.md and its PNG charts here. Default: print only.")
  Path reportDir;

  @Option(
      names = "--report-name",
      paramLabel = "NAME",
      description = "The report's file name without extension. Default: today's date (UTC).")
  String reportName;

  public static void main(String[] args) {
    System.exit(CommandLines.run(new ThroughputBench(), args));
  }

  @Override
  public Integer call() throws Exception {
    if (days < 2 || runs < 1) {
      System.err.println("throughput-bench: --days must be at least 2 and --runs at least 1");
      return 2;
    }
    if (only != null && !Set.of("P1", "P2", "P3").containsAll(only)) {
      System.err.println("throughput-bench: --only takes P1, P2 and P3, not " + only);
      return 2;
    }
    long started = System.nanoTime();
    BenchInput input = BenchInput.generate(days);
    PipelineCost.hold(input);
    RollingWindows.hold(input);
    System.err.printf(
        Locale.ROOT,
        "throughput-bench: %,d crossings and %,d shipments over %d days, generated in %.1f s%n",
        input.crossings().length,
        input.shipments().length,
        days,
        (System.nanoTime() - started) / 1e9);

    boolean p1 = wanted("P1");
    boolean p2 = wanted("P2");
    boolean p3 = wanted("P3");
    if ((p1 && !pipelineOutputsSane(input))
        || (p2 && !rollingWindowsAgree())
        || (p3 && !(sqlAgrees() && balancesAgree()))) {
      return 1;
    }

    long events = input.events();
    long crossings = input.crossings().length;
    List<Comparison> comparisons = new ArrayList<>();
    if (p1) {
      Throughput parseOnly = measure("P1 parse only", events, PipelineCost::parseOnly);
      Throughput pipeline = measure("P1 full pipeline", events, PipelineCost::fullPipeline);
      comparisons.add(new Comparison("P1 pipeline cost", pipeline, parseOnly, P1_GOAL));
      if (p1Parallelism2) {
        // the sources stay at one reader (one ordered partition); every keyed operator gets two
        Throughput two =
            measure("P1 full pipeline, parallelism 2", events, PipelineCost::fullPipeline, 2);
        comparisons.add(
            new Comparison("P1 pipeline cost at parallelism 2", two, parseOnly, P1_GOAL));
      }
    }
    Throughput slots =
        p2 || p3
            ? measure(
                "P2 slot counters (ours)",
                crossings,
                env -> RollingWindows.slotCounters(env).sinkTo(new DiscardingSink<>()))
            : null;
    if (p2) {
      Throughput sliding =
          measure(
              "P2 Flink sliding windows",
              crossings,
              env -> RollingWindows.slidingWindows(env).sinkTo(new DiscardingSink<>()));
      comparisons.add(new Comparison("P2 rolling window design", slots, sliding, 10));
    }
    if (p3) {
      Throughput sql =
          measure(
              "P3 Flink SQL HOP windows",
              crossings,
              env -> SqlHopWindows.tripsPerPort(env).sinkTo(new DiscardingSink<>()));
      comparisons.add(new Comparison("P3 against Flink SQL", slots, sql, 3));
      Throughput ourBalances =
          measure(
              "P3 balance function (ours)",
              crossings,
              env -> PortBalances.ours(env).sinkTo(new DiscardingSink<>()));
      Throughput sqlBalances =
          measure(
              "P3 Flink SQL balances",
              crossings,
              env -> SqlPortBalances.balances(env).sinkTo(new DiscardingSink<>()));
      comparisons.add(new Comparison("P3 balances against Flink SQL", ourBalances, sqlBalances, 3));
    }

    System.out.println(ThroughputReport.table(comparisons));
    for (Comparison c : comparisons) {
      System.out.printf(
          Locale.ROOT,
          "%s: ratio %.2f (goal >= %s) %s%n",
          c.name(),
          c.ratio(),
          c.goal(),
          c.met() ? "met" : "NOT met");
    }
    if (reportDir != null) {
      String name = reportName != null ? reportName : LocalDate.now(ZoneOffset.UTC).toString();
      String settings =
          String.format(
              Locale.ROOT,
              "Input: %d days of the `baseline` and `ilstc-2019` scenarios (seed %d), %,d"
                  + " crossings and %,d shipments, pre-serialized JSON held in memory. Flink"
                  + " %s local mini-cluster, parallelism 1 unless the row says 2 (sources stay"
                  + " at one reader), object reuse on as in the job, no Kafka. Each figure: median"
                  + " of %d"
                  + " timed runs after one warm-up, with min and max, over the job's net"
                  + " runtime. P2 and P3 count crossings read (every stage); their variants read"
                  + " the same pre-parsed records. P2 and P3 utilisation emit equal counts for"
                  + " every window with a trip. P3 balances: the port trade balances (cumulative and rolling 30 days, counts"
                  + " of outbound, inbound and empty inbound departures) of the job's"
                  + " TradeBalanceFunction against Flink SQL (hourly TUMBLE with a running OVER"
                  + " sum; HOP of 30 days by 1 hour, unchanged hours dropped with LAG), equal"
                  + " record for record except the job's all-zero rolling record when a port's 30"
                  + " days empty, which SQL cannot emit. Line and corridor balances, from"
                  + " shipments, are not in P3.",
              days,
              BenchInput.SEED,
              input.crossings().length,
              input.shipments().length,
              EnvironmentInformation.getVersion(),
              runs);
      Path report = ThroughputReport.write(reportDir, name, settings, comparisons);
      System.err.println("throughput-bench: report written to " + report);
    }
    return 0;
  }

  private boolean wanted(String comparison) {
    return only == null || only.contains(comparison);
  }

  /**
   * One warm-up run (unless --no-warm-up), then {@link #runs} timed ones, each on a fresh
   * mini-cluster. The time is the job's net runtime, so the mini-cluster's start and stop are not
   * counted.
   */
  private Throughput measure(
      String variant, long events, Consumer<StreamExecutionEnvironment> graph) throws Exception {
    return measure(variant, events, graph, 1);
  }

  private Throughput measure(
      String variant, long events, Consumer<StreamExecutionEnvironment> graph, int parallelism)
      throws Exception {
    double[] rates = new double[runs];
    for (int run = warmUp ? -1 : 0; run < runs; run++) {
      StreamExecutionEnvironment env = localEnvironment(parallelism);
      graph.accept(env);
      JobExecutionResult result = env.execute(variant);
      double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
      if (run >= 0) {
        rates[run] = events / seconds;
      }
      System.err.printf(
          Locale.ROOT,
          "throughput-bench: %s %s: %.2f s, %,.0f events/s%n",
          variant,
          run < 0 ? "warm-up" : "run " + (run + 1),
          seconds,
          events / seconds);
    }
    return new Throughput(variant, events, rates);
  }

  /**
   * P1's check: the full pipeline produces readings and balances and dead-letters nothing, since
   * the input is clean and its disorder within the job's out-of-orderness.
   */
  private static boolean pipelineOutputsSane(BenchInput input) throws Exception {
    StreamExecutionEnvironment env = localEnvironment();
    var outputs = PipelineCost.fullPipeline(env);
    Map<String, Long> produced = new TreeMap<>();
    try (CloseableIterator<String> kinds =
        outputs
            .utilisation()
            .map(u -> "utilisation")
            .union(
                outputs.balances().map(b -> "balance"),
                outputs.deadLetters().map(d -> "dead letter"),
                outputs.alerts().map(a -> "alert"),
                outputs.waits().map(w -> "waits"))
            .executeAndCollect("P1 check")) {
      kinds.forEachRemaining(kind -> produced.merge(kind, 1L, Long::sum));
    }
    System.err.println("throughput-bench: P1 full pipeline produced " + produced);
    if (produced.getOrDefault("utilisation", 0L) == 0
        || produced.getOrDefault("balance", 0L) == 0
        || produced.getOrDefault("waits", 0L) == 0
        || produced.containsKey("dead letter")) {
      System.err.println(
          "throughput-bench: FAILED: P1 outputs are not sane for "
              + input.events()
              + " clean input records (expected readings and balances, no dead letters)");
      return false;
    }
    return true;
  }

  /** P2's check: both designs emit the same count for every window with a departure. */
  private static boolean rollingWindowsAgree() throws Exception {
    List<WindowCount> ours =
        collect(
            env -> RollingWindows.slotCounters(env).map(RollingWindows::countOf), "P2 check: ours");
    List<WindowCount> flink = collect(RollingWindows::slidingWindows, "P2 check: flink");
    List<String> differences = WindowComparison.differences(ours, flink, 10);
    long withTrips = ours.stream().filter(c -> c.trips() > 0).count();
    if (!differences.isEmpty()) {
      System.err.println("throughput-bench: FAILED: P2 outputs differ, e.g.:");
      differences.forEach(d -> System.err.println("  " + d));
      return false;
    }
    System.err.printf(
        Locale.ROOT,
        "throughput-bench: P2 outputs equal: %,d windows with trips (ours also %,d final zero"
            + " readings)%n",
        withTrips,
        ours.size() - withTrips);
    return withTrips > 0;
  }

  /** P3's check: the SQL HOP windows emit the same counts as our slot counters. */
  private static boolean sqlAgrees() throws Exception {
    List<WindowCount> ours =
        collect(
            env -> RollingWindows.slotCounters(env).map(RollingWindows::countOf), "P3 check: ours");
    List<WindowCount> sql = collect(SqlHopWindows::tripsPerPort, "P3 check: sql");
    List<String> differences = WindowComparison.differences(ours, sql, 10);
    if (!differences.isEmpty()) {
      System.err.println("throughput-bench: FAILED: P3 outputs differ (flink = SQL), e.g.:");
      differences.forEach(d -> System.err.println("  " + d));
      return false;
    }
    System.err.printf(Locale.ROOT, "throughput-bench: P3 outputs equal: %,d windows%n", sql.size());
    return !sql.isEmpty();
  }

  /**
   * P3's balance check: the SQL balances equal ours (see {@link BalanceComparison} for the one
   * record SQL cannot write), and ours in isolation equal the port balances of the job's whole
   * pipeline, so P3 times the balances the job really writes.
   */
  private static boolean balancesAgree() throws Exception {
    List<TradeBalance> ours = collect(PortBalances::ours, "P3 balances check: ours");
    List<TradeBalance> sql = collect(SqlPortBalances::balances, "P3 balances check: sql");
    List<String> differences = BalanceComparison.differences(ours, sql, 10);
    if (!differences.isEmpty()) {
      System.err.println("throughput-bench: FAILED: P3 balances differ, e.g.:");
      differences.forEach(d -> System.err.println("  " + d));
      return false;
    }
    List<TradeBalance> job =
        collect(
            env ->
                PipelineCost.fullPipeline(env)
                    .balances()
                    .filter(b -> b.level() == BalanceLevel.PORT),
            "P3 balances check: the job's");
    if (!occurrences(ours).equals(occurrences(job))) {
      System.err.printf(
          Locale.ROOT,
          "throughput-bench: FAILED: P3's own balances (%,d records) are not the job's port"
              + " balances (%,d records): PortBalances no longer builds what AnalyticsPipeline"
              + " does%n",
          ours.size(),
          job.size());
      return false;
    }
    long emptied = ours.stream().filter(BalanceComparison::emptiedWindow).count();
    System.err.printf(
        Locale.ROOT,
        "throughput-bench: P3 balances equal: %,d records (ours also %,d all-zero rolling records"
            + " of emptied 30 days), the same as the job's port balances%n",
        sql.size(),
        emptied);
    return !sql.isEmpty();
  }

  private static <T> Map<T, Long> occurrences(List<T> records) {
    Map<T, Long> counts = new HashMap<>();
    records.forEach(r -> counts.merge(r, 1L, Long::sum));
    return counts;
  }

  static <T> List<T> collect(Function<StreamExecutionEnvironment, DataStream<T>> graph, String name)
      throws Exception {
    List<T> out = new ArrayList<>();
    try (CloseableIterator<T> records = graph.apply(localEnvironment()).executeAndCollect(name)) {
      records.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * A local mini-cluster in this JVM, on loopback only, without a web UI, with the job's object
   * reuse for every variant alike.
   */
  static StreamExecutionEnvironment localEnvironment() {
    return localEnvironment(1);
  }

  private static StreamExecutionEnvironment localEnvironment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
  }
}
