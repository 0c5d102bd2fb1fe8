package org.corridorwatch.bench.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.corridorwatch.bench.AlertLatencyProbe;
import org.corridorwatch.bench.EncodedHistograms;
import org.corridorwatch.bench.LatencyCdf;
import org.corridorwatch.bench.LatencyFigures;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the report of {@code bench/kafka.sh}: P4 (events/s of the bounded job through a real
 * broker against the raw consumer rate of the same topic), P5 (latency at a steady rate, from the
 * probe's JSON reports) and P6 (the time of backfills of several sizes, a straight line through
 * them, and whether each output equals the known answers). Every figure is the median of the runs
 * with their min and max.
 *
 * <p>The script measures; this class only summarises, so the arithmetic (rates, medians, ratios)
 * lives in one place that can be read, instead of in shell.
 */
@Command(
    name = "kafka-bench-report",
    description = "Summarises the runs of bench/kafka.sh into markdown and JSON.")
public final class KafkaBenchReport implements Callable<Integer> {
  /** P4: the job at least half as fast as the pass-through baseline, and this many events/s. */
  static final double RATIO_GOAL = 0.5;

  static final double RATE_GOAL = 150_000;

  @Option(
      names = "--runs",
      required = true,
      paramLabel = "FILE",
      description =
          "Tab-separated lines: what (job; pass: the pass-through baseline; raw: Kafka's"
              + " consumer; before: the job at --before-revision),"
              + " parallelism, run, events, seconds, check (PASS, FAIL or -).")
  private Path runsFile;

  @Option(names = "--latency", paramLabel = "FILE", description = "A probe JSON report, per run.")
  private List<Path> latencyReports = new ArrayList<>();

  @Option(
      names = "--jfr",
      paramLabel = "PARALLELISM=FILE",
      description = "A JFR recording of one more job run at this parallelism; repeatable.")
  private TreeMap<Integer, Path> recordings = new TreeMap<>();

  @Option(
      names = "--before-revision",
      paramLabel = "REV",
      description = "The git revision the 'before' runs ran, to compare this tree's job with.")
  private String beforeRevision;

  @Option(
      names = "--before-jfr",
      paramLabel = "FILE",
      description = "A JFR recording of one run of the job at --before-revision.")
  private Path beforeRecording;

  @Option(names = "--dataset", required = true, description = "What was replayed, in words.")
  private String dataset;

  @Option(
      names = "--year-events",
      defaultValue = "66000000",
      description = "The events of a year of every catalogue port, as P6's goal states it.")
  private long yearEvents;

  @Option(
      names = "--backfill",
      paramLabel = "FILE",
      description =
          "P6's backfill runs, tab-separated lines: days, run, events, seconds, check (PASS or"
              + " FAIL), cores busy. Without it, P6 is read from the P4 runs at parallelism 1.")
  private Path backfillFile;

  /** P6: a year of every catalogue port backfilled in this many minutes or fewer. */
  static final double YEAR_MINUTES_GOAL = 10;

  @Option(
      names = "--checkpoint-interval",
      required = true,
      description = "The job's in the latency runs (P5), e.g. 1s.")
  private String checkpointInterval;

  @Option(
      names = "--throughput-checkpoint-interval",
      required = true,
      description = "The job's in the throughput runs (P4, P6), e.g. 10s.")
  private String throughputCheckpointInterval;

  @Option(names = "--rate", required = true, description = "P5's asked rate, events/s.")
  private double rate;

  @Option(names = "--mode", required = true, description = "full or quick.")
  private String mode;

  @Option(names = "--markdown", required = true, paramLabel = "FILE")
  private Path markdownFile;

  @Option(names = "--json", paramLabel = "FILE")
  private Path jsonFile;

  /**
   * One measured run of a bounded job or of the raw consumer.
   *
   * @param cores CPU seconds of the run's process over its wall seconds, start to exit; NaN when
   *     not measured (the raw consumer)
   */
  record Run(
      String what,
      int parallelism,
      int run,
      long events,
      double seconds,
      String check,
      double cores) {
    double rate() {
      return events / seconds;
    }

    static Run parse(String line) {
      String[] f = line.split("\t");
      if (f.length != 6 && f.length != 7) {
        throw new IllegalArgumentException("not 6 or 7 tab-separated fields: " + line);
      }
      return new Run(
          f[0],
          Integer.parseInt(f[1]),
          Integer.parseInt(f[2]),
          Long.parseLong(f[3]),
          Double.parseDouble(f[4]),
          f[5],
          f.length == 7 ? Double.parseDouble(f[6]) : Double.NaN);
    }
  }

  /**
   * Median, min and max of a few runs; the median of an even count is the mean of the middle two.
   */
  record Spread(double median, double min, double max, int n) {
    static Spread of(List<Double> values) {
      double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      if (v.length == 0) {
        return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
      }
      double median =
          v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      return new Spread(median, v[0], v[v.length - 1], v.length);
    }

    String format(String pattern) {
      if (n == 1) {
        return String.format(Locale.ROOT, pattern, median) + " (1 run)";
      }
      return String.format(
          Locale.ROOT,
          pattern + " (min " + pattern + ", max " + pattern + ", %d runs)",
          median,
          min,
          max,
          n);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("median", median);
      m.put("min", min);
      m.put("max", max);
      m.put("runs", n);
      return m;
    }
  }

  @Override
  public Integer call() throws IOException {
    List<Run> runs = new ArrayList<>();
    for (String line : Files.readAllLines(runsFile)) {
      if (!line.isBlank()) {
        runs.add(Run.parse(line));
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("date", LocalDate.now().toString());
    json.put("mode", mode);
    json.put("machine", AlertLatencyProbe.machine());
    json.put("dataset", dataset);
    StringBuilder md = new StringBuilder();
    md.append("# Kafka benchmarks (P4, P5, P6), ")
        .append(LocalDate.now())
        .append(mode.equals("quick") ? " (quick mode: 1 run, small sizes)" : "")
        .append("\n\n**Machine:** ")
        .append(AlertLatencyProbe.machine())
        .append(
            ". A real Kafka broker (KRaft, own process), the job (embedded mini-cluster) and the"
                + " clients all ran on this one machine, on 127.0.0.1.\n\n")
        .append("**Reproduce:** `bench/kafka.sh")
        .append(mode.equals("quick") ? " --quick" : "")
        .append("`\n\n");
    throughput(runs, md, json);
    latency(md, json);
    if (backfillFile != null) {
      backfillSweep(md, json);
    } else {
      backfill(runs, md, json);
    }
    for (Map.Entry<Integer, Path> recording : recordings.entrySet()) {
      md.append("## Where the job's time goes (JFR, one extra run at parallelism ")
          .append(recording.getKey())
          .append(")\n\n")
          .append(HotMethods.markdown(recording.getValue()))
          .append('\n');
    }
    if (beforeRecording != null) {
      md.append("## Where the job at `")
          .append(beforeRevision)
          .append("` spent its time (JFR, one extra run at parallelism 1)\n\n")
          .append(HotMethods.markdown(beforeRecording))
          .append('\n');
    }
    Files.writeString(markdownFile, md.toString());
    if (jsonFile != null) {
      Files.writeString(
          jsonFile,
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json)
              + "\n");
    }
    System.err.println("kafka-bench-report: written " + markdownFile);
    return 0;
  }

  private void throughput(List<Run> runs, StringBuilder md, Map<String, Object> json) {
    md.append("## P4: end to end through Kafka\n\n")
        .append("Input: ")
        .append(dataset)
        .append(
            ", pre-filled before the job starts. The job runs `--bounded` (exactly-once sinks,"
                + " checkpoints every ")
        .append(throughputCheckpointInterval)
        .append(
            ", the job's default): events/s = input records / the job's time from RUNNING to"
                + " FINISHED (its own log), which includes the last checkpoint and commit. At"
                + " parallelism N the input topics have N partitions. The baseline is a"
                + " pass-through job (`PassThroughJob`) run right after each job run on the same"
                + " topics: the job's own sources, parser and watermarks, its configuration and"
                + " exactly-once sink, writing every record back as read. Kafka's"
                + " `ConsumerPerformance`, one plain consumer over the crossings topic, shows what"
                + " the broker alone gives. Cores busy: the CPU seconds of a run's process over"
                + " its wall seconds, start to exit (median of the runs), of the machine's"
                + " cores.\n\n")
        .append(
            "| what | parallelism | events/s: median (min, max) | ratio to pass-through | goals |\n")
        .append("|---|---:|---|---:|---|\n");
    Map<String, Object> p4 = new LinkedHashMap<>();
    for (int p : parallelisms(runs)) {
      // the raw rate of the topic this parallelism read: as many partitions as subtasks
      List<Double> rawRates = rates(runs, "raw", p);
      Spread raw = Spread.of(rawRates.isEmpty() ? rates(runs, "raw", 1) : rawRates);
      Spread pass = Spread.of(rates(runs, "pass", p));
      md.append("| raw consumer | ")
          .append(p)
          .append(" partition(s) | ")
          .append(raw.format("%,.0f"))
          .append(" | | | |\n");
      p4.put("rawConsumerEventsPerSecondPartitions" + p, raw.json());
      jobCells(md, "pass-through job", p, pass, cores(runs, "pass", p)).append("1 | |\n");
      Spread job = Spread.of(rates(runs, "job", p));
      double ratio = job.median() / pass.median();
      jobCells(md, "corridor-analytics", p, job, cores(runs, "job", p))
          .append(String.format(Locale.ROOT, "%.3f", ratio))
          .append(String.format(Locale.ROOT, " | ratio ≥ %.1f: ", RATIO_GOAL))
          .append(ratio >= RATIO_GOAL ? "met" : "**missed**")
          .append("; ≥ 150K/s: ")
          .append(job.median() >= RATE_GOAL ? "met" : "**missed**")
          .append(" |\n");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("eventsPerSecond", job.json());
      row.put("passThroughEventsPerSecond", pass.json());
      row.put("ratioToPassThrough", ratio);
      List<Double> beforeRates = rates(runs, "before", p);
      if (!beforeRates.isEmpty()) {
        Spread before = Spread.of(beforeRates);
        String atRevision = "corridor-analytics at `" + beforeRevision + "`";
        jobCells(md, atRevision, p, before, cores(runs, "before", p))
            .append(String.format(Locale.ROOT, "%.3f", before.median() / pass.median()))
            .append(" | this tree ÷ it: ")
            .append(String.format(Locale.ROOT, "%.2f", job.median() / before.median()))
            .append("; its readings against the known answers: ")
            .append(
                String.join(
                    ", ",
                    runs.stream()
                        .filter(r -> r.what().equals("before") && r.parallelism() == p)
                        .map(Run::check)
                        .toList()))
            .append(" |\n");
        row.put(
            "before",
            Map.of(
                "revision",
                String.valueOf(beforeRevision),
                "eventsPerSecond",
                before.json(),
                "ratioOfThisTreeToIt",
                job.median() / before.median()));
      }
      p4.put("parallelism" + p, row);
    }
    md.append('\n');
    if (runs.stream().anyMatch(r -> r.what().equals("before"))) {
      md.append(
          "The runs of the two jobs alternate, one of each in turn, on the same pre-filled topics,"
              + " so a change in the machine's load falls on both.\n\n");
    }
    json.put("p4", p4);
  }

  private void latency(StringBuilder md, Map<String, Object> json) throws IOException {
    if (latencyReports.isEmpty()) {
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    Map<String, Map<String, List<Double>>> byRow = new TreeMap<>();
    // the probe's order of rows (alert readable, alert decided, reading readable) for the plot
    Map<String, Histogram> merged = new LinkedHashMap<>();
    List<String> achieved = new ArrayList<>();
    int withHistograms = 0;
    for (Path report : latencyReports) {
      JsonNode root = mapper.readTree(report.toFile());
      achieved.add(root.path("run").path("rate achieved").asText());
      boolean carriesHistograms = false;
      for (Map.Entry<String, JsonNode> row : iterable(root.path("latencyMillis").fields())) {
        for (String p : List.of("p50", "p99", "p99_9", "max", "count")) {
          byRow
              .computeIfAbsent(row.getKey(), k -> new LinkedHashMap<>())
              .computeIfAbsent(p, k -> new ArrayList<>())
              .add(row.getValue().path(p).asDouble());
        }
        JsonNode encoded = row.getValue().path("hdrHistogram");
        if (encoded.isTextual()) {
          // auto-resizing, so runs with different largest latencies merge
          merged
              .computeIfAbsent(row.getKey(), k -> new Histogram(3))
              .add(EncodedHistograms.decode(encoded.asText()));
          carriesHistograms = true;
        }
      }
      if (carriesHistograms) {
        withHistograms++;
      }
    }
    md.append("## P5: latency at a steady rate, produced live\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "`bench/alert-latency.sh --rate %.0f --checkpoint-interval %s` (its own fresh"
                    + " broker), reusing `AlertLatencyProbe`: produced (the trigger crossing's"
                    + " Kafka CreateTime) → readable with `read_committed`, the job's checkpoint"
                    + " interval %s. Goals: every event processed (the job keeps up), alerts"
                    + " decided p99 ≤ 100 ms after their trigger reaches Kafka, readable p99 ≤ 1 s."
                    + "%n%n",
                rate,
                checkpointInterval,
                checkpointInterval))
        .append("Rate asked: ")
        .append(String.format(Locale.ROOT, "%,.0f", rate))
        .append(" events/s. Rate achieved per run: ")
        .append(String.join("; ", achieved))
        .append(".\n\n| latency, ms | n per run | p50 | p99 | p99.9 |\n|---|---|---|---|---|\n");
    Map<String, Object> p5 = new LinkedHashMap<>();
    p5.put("rateAsked", rate);
    p5.put("rateAchieved", achieved);
    byRow.forEach(
        (row, ps) -> {
          md.append("| ")
              .append(row)
              .append(" | ")
              .append(Spread.of(ps.get("count")).format("%.0f"))
              .append(" | ")
              .append(Spread.of(ps.get("p50")).format("%.0f"))
              .append(" | ")
              .append(Spread.of(ps.get("p99")).format("%.0f"))
              .append(" | ")
              .append(Spread.of(ps.get("p99_9")).format("%.0f"))
              .append(" |\n");
          Map<String, Object> r = new LinkedHashMap<>();
          for (String p : List.of("p50", "p99", "p99_9")) {
            r.put(p, Spread.of(ps.get(p)).json());
          }
          p5.put(row, r);
        });
    md.append('\n');
    mergedDistribution(merged, withHistograms, md, p5);
    json.put("p5", p5);
  }

  /**
   * The runs' histograms merged: one distribution over every sample of every run, as a table and a
   * CDF plot beside the markdown. A p99.9 of three runs pooled rests on three times the samples of
   * any one run's; the median of the runs' p99.9 does not.
   */
  private void mergedDistribution(
      Map<String, Histogram> merged, int runs, StringBuilder md, Map<String, Object> p5)
      throws IOException {
    if (runs == 0) {
      md.append(
          "No run's JSON carries its histogram (`hdrHistogram`, from an older probe), so there is"
              + " no latency CDF.\n\n");
      return;
    }
    md.append(
            String.format(
                Locale.ROOT,
                "All samples of the %d run%s with a histogram, merged:%n%n",
                runs,
                runs == 1 ? "" : "s"))
        .append("| latency, ms | n | p50 | p99 | p99.9 | max |\n|---|---:|---:|---:|---:|---:|\n");
    Map<String, Object> figures = new LinkedHashMap<>();
    merged.forEach(
        (row, h) -> {
          // the table's columns are the JSON's figures, in their order
          Map<String, Object> f = LatencyFigures.of(h, 50, 99, 99.9);
          md.append("| ").append(row);
          f.values().forEach(v -> md.append(" | ").append(v));
          md.append(" |").append(System.lineSeparator());
          figures.put(row, f);
        });
    md.append('\n');
    p5.put("mergedRuns", runs);
    p5.put("merged", figures);
    Path plot = cdfPlotFile();
    String title =
        String.format(
            Locale.ROOT,
            "P5 latency CDF at %,.0f events/s, %d run%s merged",
            rate,
            runs,
            runs == 1 ? "" : "s");
    if (LatencyCdf.plot(plot, title, merged)) {
      md.append("![").append(title).append("](").append(plot.getFileName()).append(")\n\n");
      p5.put("latencyCdfPlot", plot.getFileName().toString());
    }
  }

  /** {@code <markdown name>-latency-cdf.png} beside the markdown, which links it by name. */
  private Path cdfPlotFile() {
    String name = markdownFile.getFileName().toString();
    String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
    return markdownFile.resolveSibling(stem + "-latency-cdf.png");
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    return () -> iterator;
  }

  private void backfill(List<Run> runs, StringBuilder md, Map<String, Object> json) {
    List<Run> jobs = runs.stream().filter(r -> r.what().equals("job")).toList();
    if (jobs.isEmpty()) {
      return;
    }
    long events = jobs.get(0).events();
    md.append("## P6: backfill (scaled down)\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "The same bounded runs as P4: %,d events, %.1f%% of a year of every catalogue port"
                    + " (~%,d events), a scale factor of 1/%.0f. Each run writes its own output"
                    + " topics; its committed utilisation readings are checked against the"
                    + " generators' known answers (`UtilisationCheck`, expected.json), which the"
                    + " generator computes from the events alone, as a slow, one-record-at-a-time"
                    + " replay would. So a pass says the fast run's output equals it, reading for"
                    + " reading.%n%n",
                events,
                100.0 * events / yearEvents,
                yearEvents,
                (double) yearEvents / events))
        .append("| parallelism | time, s: median (min, max) | a year at this rate, min | check |\n")
        .append("|---:|---|---:|---|\n");
    Map<String, Object> p6 = new LinkedHashMap<>();
    p6.put("events", events);
    p6.put("yearEvents", yearEvents);
    for (int p : parallelisms(runs)) {
      List<Run> mine = jobs.stream().filter(r -> r.parallelism() == p).toList();
      Spread seconds = Spread.of(mine.stream().map(Run::seconds).toList());
      List<String> checks = mine.stream().map(Run::check).toList();
      double yearMinutes = yearEvents / (events / seconds.median()) / 60;
      md.append("| ")
          .append(p)
          .append(" | ")
          .append(seconds.format("%.1f"))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.0f", yearMinutes))
          .append(" | ")
          .append(String.join(", ", checks))
          .append(" |\n");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("seconds", seconds.json());
      row.put("yearMinutesExtrapolated", yearMinutes);
      row.put("checks", checks);
      p6.put("parallelism" + p, row);
    }
    md.append('\n');
    json.put("p6", p6);
  }

  /** One backfill run of P6's sweep. */
  record BackfillRun(int days, int run, long events, double seconds, String check, double cores) {
    static BackfillRun parse(String line) {
      String[] f = line.split("\t");
      if (f.length != 6) {
        throw new IllegalArgumentException("not 6 tab-separated fields: " + line);
      }
      return new BackfillRun(
          Integer.parseInt(f[0]),
          Integer.parseInt(f[1]),
          Long.parseLong(f[2]),
          Double.parseDouble(f[3]),
          f[4],
          Double.parseDouble(f[5]));
    }
  }

  /**
   * A least-squares straight line, seconds = intercept + slope × events, through the median time of
   * each size: the slope is the cost of one more event, the intercept the fixed cost of a run
   * (start, first checkpoint, last commit), and R² how well a line describes the sizes.
   */
  record Line(double intercept, double slope, double r2) {
    static Line fit(double[] x, double[] y) {
      int n = x.length;
      double mx = Arrays.stream(x).average().orElseThrow();
      double my = Arrays.stream(y).average().orElseThrow();
      double sxy = 0;
      double sxx = 0;
      double syy = 0;
      for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
      }
      double slope = sxy / sxx;
      return new Line(my - slope * mx, slope, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }

    double at(double x) {
      return intercept + slope * x;
    }
  }

  private void backfillSweep(StringBuilder md, Map<String, Object> json) throws IOException {
    List<BackfillRun> all = new ArrayList<>();
    for (String line : Files.readAllLines(backfillFile)) {
      if (!line.isBlank()) {
        all.add(BackfillRun.parse(line));
      }
    }
    TreeMap<Integer, List<BackfillRun>> bySize = new TreeMap<>();
    all.forEach(r -> bySize.computeIfAbsent(r.days(), d -> new ArrayList<>()).add(r));
    md.append("## P6: backfill at several sizes\n\n")
        .append(
            "The job at parallelism 1, `--bounded` (the live job's code and options; checkpoints"
                + " every ")
        .append(throughputCheckpointInterval)
        .append(
            "), over topics of one partition pre-filled with baseline + pingxiang-overload (every"
                + " catalogue port) from 2019-07-01, one dataset per size. Time: the job's own log,"
                + " RUNNING to FINISHED. Check: every committed utilisation reading against the"
                + " generators' known answers (`UtilisationCheck`), which the generator computes"
                + " from the events alone, as a one-record-at-a-time replay would; PASS says the"
                + " backfill's output equals it reading for reading.\n\n")
        .append(
            "| days | events | time, s: median (min, max) | events/s (median) | cores busy |"
                + " check |\n")
        .append("|---:|---:|---|---:|---:|---|\n");
    Map<String, Object> p6 = new LinkedHashMap<>();
    List<Map<String, Object>> sizes = new ArrayList<>();
    double[] x = new double[bySize.size()];
    double[] y = new double[bySize.size()];
    int i = 0;
    for (Map.Entry<Integer, List<BackfillRun>> size : bySize.entrySet()) {
      List<BackfillRun> mine = size.getValue();
      long events = mine.get(0).events();
      Spread seconds = Spread.of(mine.stream().map(BackfillRun::seconds).toList());
      Spread cores = Spread.of(mine.stream().map(BackfillRun::cores).toList());
      List<String> checks = mine.stream().map(BackfillRun::check).toList();
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,d | %s | %,.0f | %.2f | %s |%n",
              size.getKey(),
              events,
              seconds.format("%.1f"),
              events / seconds.median(),
              cores.median(),
              String.join(", ", checks)));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("days", size.getKey());
      row.put("events", events);
      row.put("seconds", seconds.json());
      row.put("coresBusy", cores.median());
      row.put("checks", checks);
      sizes.add(row);
      x[i] = events;
      y[i] = seconds.median();
      i++;
    }
    p6.put("sizes", sizes);
    md.append('\n');
    if (x.length >= 2) {
      Line line = Line.fit(x, y);
      long largestEvents = (long) x[x.length - 1];
      double generatedYearEvents = largestEvents * 365.0 / bySize.lastKey();
      double generatedYearMinutes = line.at(generatedYearEvents) / 60;
      double goalYearMinutes = line.at(yearEvents) / 60;
      md.append(
          String.format(
              Locale.ROOT,
              "A straight line through the medians: seconds = %.1f + %.3f µs × events, R² = %.4f"
                  + " (%,.0f events/s at the margin). A year at that line:%n%n"
                  + "- a year of the generated traffic (%,.0f events, 365 days at the largest"
                  + " size's rate): **%.1f min**;%n"
                  + "- a year as the goal counts it (%,d events): **%.1f min**; goal ≤ %.0f min:"
                  + " %s.%n%n",
              line.intercept(),
              line.slope() * 1e6,
              line.r2(),
              1 / line.slope(),
              generatedYearEvents,
              generatedYearMinutes,
              yearEvents,
              goalYearMinutes,
              YEAR_MINUTES_GOAL,
              goalYearMinutes <= YEAR_MINUTES_GOAL ? "met" : "**missed**"));
      Map<String, Object> fit = new LinkedHashMap<>();
      fit.put("interceptSeconds", line.intercept());
      fit.put("secondsPerEvent", line.slope());
      fit.put("r2", line.r2());
      p6.put("line", fit);
      p6.put("generatedYearEvents", generatedYearEvents);
      p6.put("generatedYearMinutes", generatedYearMinutes);
      p6.put("goalYearEvents", yearEvents);
      p6.put("goalYearMinutes", goalYearMinutes);
    }
    json.put("p6", p6);
  }

  private static List<Double> rates(List<Run> runs, String what, int parallelism) {
    return runs.stream()
        .filter(r -> r.what().equals(what) && (parallelism == 0 || r.parallelism() == parallelism))
        .map(Run::rate)
        .toList();
  }

  /**
   * The cells a P4 row of a job's runs starts with: what ran, its parallelism, its events/s and its
   * busy cores; the caller appends the rest of the row.
   */
  private static StringBuilder jobCells(
      StringBuilder md, String what, int parallelism, Spread rate, String cores) {
    return md.append("| ")
        .append(what)
        .append(" | ")
        .append(parallelism)
        .append(" | ")
        .append(rate.format("%,.0f"))
        .append(" | ")
        .append(cores)
        .append(" | ");
  }

  /** The median of the runs' busy cores, or blank when none was measured. */
  private static String cores(List<Run> runs, String what, int parallelism) {
    List<Double> measured =
        runs.stream()
            .filter(r -> r.what().equals(what) && r.parallelism() == parallelism)
            .map(Run::cores)
            .filter(c -> !c.isNaN())
            .toList();
    return measured.isEmpty()
        ? ""
        : String.format(Locale.ROOT, "%.2f", Spread.of(measured).median());
  }

  private static int[] parallelisms(List<Run> runs) {
    return runs.stream()
        .filter(r -> r.what().equals("job"))
        .mapToInt(Run::parallelism)
        .distinct()
        .sorted()
        .toArray();
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new KafkaBenchReport(), args));
  }
}
