package org.corridorwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sets the slowest alert decisions beside what the job was doing while each was on its way: the
 * stop-the-world pauses (the JVM's safepoint log) and the checkpoints (the checkpoint coordinator's
 * log) that overlapped the time from the trigger being produced to the decision, and how many
 * alerts the same trigger decided. The same is given for the rest, so a cause shows as a difference
 * between the two groups rather than as a coincidence.
 */
@Command(
    name = "stall-report",
    description =
        "Compares the slowest alert decisions of an alert-latency run with the rest: pauses,"
            + " checkpoints and alerts decided together.")
public final class StallReport implements Callable<Integer> {
  // JDK 17: "... Safepoint "G1CollectForAllocation", Time since last: ..., Total: 1234 ns"
  private static final Pattern SAFEPOINT =
      Pattern.compile("\\[(\\d+)ms\\].*Safepoint \"([^\"]+)\".*Total: (\\d+) ns");
  private static final Pattern TRIGGERED =
      Pattern.compile("Triggering checkpoint (\\d+) .*@ (\\d+) for job");
  private static final Pattern COMPLETED =
      Pattern.compile("Completed checkpoint (\\d+) for job .*checkpointDuration=(\\d+) ms");

  @Spec CommandSpec spec;

  @Option(
      names = "--decisions",
      required = true,
      paramLabel = "FILE",
      description = "The probe's --decisions CSV.")
  Path decisionsFile;

  @Option(
      names = "--gc-log",
      required = true,
      paramLabel = "FILE",
      description = "The job JVM's -Xlog:gc,safepoint log, with the timemillis decorator.")
  Path gcLog;

  @Option(
      names = "--job-log",
      required = true,
      paramLabel = "FILE",
      description = "The job's log with the checkpoint coordinator at INFO.")
  Path jobLog;

  @Option(
      names = "--slowest",
      paramLabel = "PERCENT",
      defaultValue = "2",
      description = "The share of decisions counted as slow. Default: ${DEFAULT-VALUE} %%.")
  double slowestPercent;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the report here.")
  Path markdown;

  /** A stretch of wall-clock time, epoch milliseconds (fractions for sub-millisecond pauses). */
  record Span(String what, double from, double to) {
    double overlap(double a, double b) {
      return Math.max(0, Math.min(to, b) - Math.max(from, a));
    }
  }

  /**
   * What overlapped one decision's way through the job: the pauses' total, the first checkpoint and
   * the longest one's duration (-1: none).
   */
  record Circumstances(
      OutputLatencies.Decision decision,
      double pausedMillis,
      Span checkpoint,
      long longestCheckpointMillis,
      int decidedTogether) {}

  public static void main(String[] args) {
    System.exit(CommandLines.run(new StallReport(), args));
  }

  @Override
  public Integer call() throws IOException {
    if (!(slowestPercent > 0 && slowestPercent < 100)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--slowest must be a percentage between 0 and 100");
    }
    List<OutputLatencies.Decision> decisions = DecisionsCsv.read(decisionsFile);
    if (decisions.isEmpty()) {
      System.err.println("stall-report: " + decisionsFile + " holds no alert");
      return 1;
    }
    String text =
        report(
            decisions,
            pauses(Files.readAllLines(gcLog, StandardCharsets.UTF_8)),
            checkpoints(Files.readAllLines(jobLog, StandardCharsets.UTF_8)),
            slowestPercent);
    System.out.print(text);
    if (markdown != null) {
      Files.writeString(markdown, text, StandardCharsets.UTF_8);
    }
    return 0;
  }

  /** Every safepoint in the log, as the span it stopped the JVM (it is logged at its end). */
  static List<Span> pauses(List<String> gcLogLines) {
    List<Span> pauses = new ArrayList<>();
    for (String line : gcLogLines) {
      Matcher m = SAFEPOINT.matcher(line);
      if (m.find()) {
        long end = Long.parseLong(m.group(1));
        long nanos = Long.parseLong(m.group(3));
        pauses.add(new Span(m.group(2), end - nanos / 1e6, end));
      }
    }
    return pauses;
  }

  /** Every completed checkpoint in the log, from its trigger to its completion. */
  static List<Span> checkpoints(List<String> jobLogLines) {
    Map<String, Long> triggered = new HashMap<>();
    List<Span> checkpoints = new ArrayList<>();
    for (String line : jobLogLines) {
      Matcher t = TRIGGERED.matcher(line);
      if (t.find()) {
        triggered.put(t.group(1), Long.parseLong(t.group(2)));
        continue;
      }
      Matcher c = COMPLETED.matcher(line);
      if (c.find() && triggered.containsKey(c.group(1))) {
        long from = triggered.remove(c.group(1));
        checkpoints.add(
            new Span("checkpoint " + c.group(1), from, from + Long.parseLong(c.group(2))));
      }
    }
    return checkpoints;
  }

  static List<Circumstances> circumstances(
      List<OutputLatencies.Decision> decisions, List<Span> pauses, List<Span> checkpoints) {
    Map<Long, Integer> byTrigger = new HashMap<>();
    for (OutputLatencies.Decision d : decisions) {
      byTrigger.merge(d.producedAtMillis(), 1, Integer::sum);
    }
    List<Circumstances> all = new ArrayList<>(decisions.size());
    for (OutputLatencies.Decision d : decisions) {
      long a = d.producedAtMillis();
      long b = d.decidedAtMillis();
      double paused = 0;
      for (Span p : pauses) {
        paused += p.overlap(a, b);
      }
      Span checkpoint = null;
      long longest = -1;
      for (Span c : checkpoints) {
        if (c.overlap(a, b) > 0) {
          if (checkpoint == null) {
            checkpoint = c;
          }
          longest = Math.max(longest, Math.round(c.to() - c.from()));
        }
      }
      all.add(new Circumstances(d, paused, checkpoint, longest, byTrigger.get(a)));
    }
    return all;
  }

  static String report(
      List<OutputLatencies.Decision> decisions,
      List<Span> pauses,
      List<Span> checkpoints,
      double slowestPercent) {
    List<Circumstances> all = circumstances(decisions, pauses, checkpoints);
    all.sort((x, y) -> Long.compare(y.decision().decidedMillis(), x.decision().decidedMillis()));
    int slowCount = Math.max(1, (int) Math.ceil(all.size() * slowestPercent / 100));
    List<Circumstances> slow = all.subList(0, slowCount);
    List<Circumstances> rest = all.subList(slowCount, all.size());
    double checkpointBusy = 0;
    long first =
        decisions.stream().mapToLong(OutputLatencies.Decision::producedAtMillis).min().orElse(0);
    long last =
        decisions.stream().mapToLong(OutputLatencies.Decision::decidedAtMillis).max().orElse(0);
    for (Span c : checkpoints) {
      checkpointBusy += c.overlap(first, last);
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d alert decisions; the slowest %s %% (%d, from %d ms) against the rest (%d)."
                + " %d checkpoints and %d stop-the-world pauses in the log; a checkpoint was in"
                + " progress %.0f %% of the run.%n%n",
            all.size(),
            trim(slowestPercent),
            slow.size(),
            slow.get(slow.size() - 1).decision().decidedMillis(),
            rest.size(),
            checkpoints.size(),
            pauses.size(),
            last > first ? 100 * checkpointBusy / (last - first) : 0));
    out.append(
        "| group | n | decided p50, ms | overlapped a checkpoint | paused ≥ 1 ms on the way |"
            + " paused, mean ms | alerts decided by the same trigger, median |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|\n");
    row(out, "slowest", slow);
    row(out, "rest", rest);
    byCheckpoint(out, all);
    out.append(
        "\n| decided, ms | paused on the way, ms | checkpoint overlapping (trigger → decision"
            + " offsets, ms) | alerts decided by the same trigger | alert |\n");
    out.append("|---:|---:|---|---:|---|\n");
    for (Circumstances c : slow) {
      OutputLatencies.Decision d = c.decision();
      String checkpoint =
          c.checkpoint() == null
              ? "none"
              : String.format(
                  Locale.ROOT,
                  "%s (%+.0f → %+.0f)",
                  c.checkpoint().what(),
                  c.checkpoint().from() - d.producedAtMillis(),
                  c.checkpoint().to() - d.producedAtMillis());
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f | %s | %d | %s |%n",
              d.decidedMillis(),
              c.pausedMillis(),
              checkpoint,
              c.decidedTogether(),
              d.label()));
    }
    return out.toString();
  }

  /**
   * Every decision by the longest checkpoint that overlapped its way: if checkpoints delay
   * decisions, latency grows with their duration and the decisions that met none are the quick.
   */
  private static void byCheckpoint(StringBuilder out, List<Circumstances> all) {
    String[] names = {
      "none", "one lasting under 200 ms", "one lasting 200-399 ms", "one lasting 400 ms or more"
    };
    List<List<Long>> groups = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      groups.add(new ArrayList<>());
    }
    for (Circumstances c : all) {
      long longest = c.longestCheckpointMillis();
      int group = longest < 0 ? 0 : longest < 200 ? 1 : longest < 400 ? 2 : 3;
      groups.get(group).add(c.decision().decidedMillis());
    }
    out.append(
        "\n| checkpoint on the way | n | decided p50, ms | p90 | p99 | max |\n"
            + "|---|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < names.length; i++) {
      List<Long> v = groups.get(i);
      if (v.isEmpty()) {
        continue;
      }
      v.sort(null);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d |%n",
              names[i],
              v.size(),
              v.get(v.size() / 2),
              v.get(Math.min(v.size() - 1, (int) (v.size() * 0.9))),
              v.get(Math.min(v.size() - 1, (int) (v.size() * 0.99))),
              v.get(v.size() - 1)));
    }
  }

  private static void row(StringBuilder out, String name, List<Circumstances> group) {
    if (group.isEmpty()) {
      out.append("| ").append(name).append(" | 0 | | | | | |\n");
      return;
    }
    long[] decided = group.stream().mapToLong(c -> c.decision().decidedMillis()).sorted().toArray();
    int[] together = group.stream().mapToInt(Circumstances::decidedTogether).sorted().toArray();
    long withCheckpoint = group.stream().filter(c -> c.checkpoint() != null).count();
    long paused = group.stream().filter(c -> c.pausedMillis() >= 1).count();
    double meanPause = group.stream().mapToDouble(Circumstances::pausedMillis).average().orElse(0);
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %d | %d | %.0f %% | %.0f %% | %.1f | %d |%n",
            name,
            group.size(),
            decided[decided.length / 2],
            100.0 * withCheckpoint / group.size(),
            100.0 * paused / group.size(),
            meanPause,
            together[together.length / 2]));
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
