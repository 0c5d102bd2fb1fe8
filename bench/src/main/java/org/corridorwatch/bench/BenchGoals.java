package org.corridorwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.corridorwatch.bench.codec.JmhForks;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every performance goal of one benchmark run in one place: reads what the parts wrote (the
 * in-process comparisons, the codec's JMH result, the Kafka report) and writes the goals as a
 * markdown table and as JSON, each with its figure and verdict, together with the parts' own
 * figures. A part that did not run leaves its goals "not measured", never met.
 */
@Command(
    name = "bench-goals",
    description = "Gathers the goals P1-P7 of one benchmark run into a table and a JSON file.")
public final class BenchGoals implements Callable<Integer> {
  /** P5: alerts decided this soon after their trigger reached Kafka (p99). */
  static final double DECIDED_P99_GOAL_MS = 100;

  /** P5: alerts readable with read_committed this soon (p99). */
  static final double READABLE_P99_GOAL_MS = 1_000;

  /**
   * P5, keeping up: a job that falls behind a steady rate sees its latency grow for as long as the
   * rate lasts (minutes), so a p99.9 of readings readable within this many ms says it kept up.
   */
  static final double KEPT_UP_P99_9_MS = 2_000;

  private static final String ALERT_DECIDED = "alert produced → decided (detectedAt)";
  private static final String ALERT_READABLE = "alert produced → readable";
  private static final String READING_READABLE = "reading produced → readable";
  private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*([0-9][0-9,.]*)");

  @Option(
      names = "--in-process",
      paramLabel = "FILE",
      description = "ThroughputBench's <name>-in-process.json (P1-P3).")
  private Path inProcess;

  @Option(names = "--codec", paramLabel = "FILE", description = "JMH's JSON result (P7).")
  private Path codec;

  @Option(names = "--kafka", paramLabel = "FILE", description = "KafkaBenchReport's JSON (P4-P6).")
  private Path kafka;

  @Option(names = "--json", required = true, paramLabel = "FILE", description = "Where to write.")
  private Path json;

  @Option(
      names = "--markdown",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the goals table.")
  private Path markdown;

  /**
   * One goal's outcome.
   *
   * @param met null when the goal was not measured in this run
   */
  record Goal(String id, String measure, String figure, String goal, Boolean met) {
    String verdict() {
      return met == null ? "not measured" : met ? "met" : "**missed**";
    }
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new BenchGoals(), args));
  }

  @Override
  public Integer call() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode inProcessJson = read(mapper, inProcess);
    JsonNode codecJson = read(mapper, codec);
    JsonNode kafkaJson = read(mapper, kafka);
    List<Goal> goals = new ArrayList<>();
    goals.addAll(inProcessGoals(inProcessJson));
    goals.addAll(kafkaGoals(kafkaJson));
    goals.add(codecGoal(codecJson));
    goals.sort((a, b) -> a.id().compareTo(b.id()));

    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", LocalDate.now(ZoneOffset.UTC).toString());
    root.put("goals", goals);
    root.put("inProcess", inProcessJson);
    root.put("codecJmh", codecJson);
    root.put("kafka", kafkaJson);
    Files.writeString(
        json, mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n");
    Files.writeString(markdown, markdown(goals));
    System.err.println("bench-goals: written " + markdown + " and " + json);
    return 0;
  }

  private static JsonNode read(ObjectMapper mapper, Path file) throws IOException {
    return file != null && Files.isRegularFile(file)
        ? mapper.readTree(file.toFile())
        : mapper.missingNode();
  }

  static String markdown(List<Goal> goals) {
    StringBuilder s =
        new StringBuilder(
            "| # | measure | figure: median (min, max) | goal | verdict |\n|---|---|---|---|---|\n");
    for (Goal g : goals) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s |%n",
              g.id(),
              g.measure(),
              g.figure(),
              g.goal(),
              g.verdict()));
    }
    return s.toString();
  }

  /** P1, P2 and P3 from the in-process comparisons, named "P1 ...", "P2 ...", "P3 ...". */
  static List<Goal> inProcessGoals(JsonNode report) {
    List<Goal> goals = new ArrayList<>();
    for (JsonNode c : report.path("comparisons")) {
      String name = c.path("name").asText();
      JsonNode measured = c.path("measured");
      JsonNode baseline = c.path("baseline");
      goals.add(
          new Goal(
              name.substring(0, name.indexOf(' ')),
              name
                  + ": "
                  + measured.path("variant").asText()
                  + " ÷ "
                  + baseline.path("variant").asText(),
              String.format(
                  Locale.ROOT,
                  "%s ÷ %s events/s = **%.2f**",
                  spread(measured, "%,.0f"),
                  spread(baseline, "%,.0f"),
                  c.path("ratio").asDouble()),
              String.format(Locale.ROOT, "≥ %s", trim(c.path("goal").asDouble())),
              c.path("met").asBoolean()));
    }
    for (String id : List.of("P1", "P2", "P3")) {
      if (goals.stream().noneMatch(g -> g.id().equals(id))) {
        goals.add(new Goal(id, "in process", "–", "see bench/run.sh --help", null));
      }
    }
    return goals;
  }

  /** P4 at parallelism 1 (and 2 beside it), P5 and P6 from the Kafka report. */
  static List<Goal> kafkaGoals(JsonNode report) {
    List<Goal> goals = new ArrayList<>();
    JsonNode p4 = report.path("p4").path("parallelism1");
    if (p4.isMissingNode()) {
      goals.add(new Goal("P4", "through Kafka", "–", "≥ 0.5 and ≥ 150,000 events/s", null));
    } else {
      double ratio = p4.path("ratioToPassThrough").asDouble();
      double rate = p4.path("eventsPerSecond").path("median").asDouble();
      JsonNode p2 = report.path("p4").path("parallelism2");
      String atTwo =
          p2.isMissingNode()
              ? ""
              : String.format(
                  Locale.ROOT,
                  "; at parallelism 2: %s events/s",
                  spread(p2.path("eventsPerSecond"), "%,.0f"));
      goals.add(
          new Goal(
              "P4",
              "through Kafka, exactly once, parallelism 1: the job ÷ a pass-through job",
              String.format(
                  Locale.ROOT,
                  "%s ÷ %s events/s = **%.2f**%s",
                  spread(p4.path("eventsPerSecond"), "%,.0f"),
                  spread(p4.path("passThroughEventsPerSecond"), "%,.0f"),
                  ratio,
                  atTwo),
              "≥ 0.5 and ≥ 150,000 events/s",
              ratio >= 0.5 && rate >= 150_000));
    }
    goals.add(latencyGoal(report.path("p5")));
    JsonNode p6 = report.path("p6");
    if (!p6.has("goalYearMinutes")) {
      goals.add(new Goal("P6", "a year backfilled", "–", "≤ 10 min", null));
    } else {
      double minutes = p6.path("goalYearMinutes").asDouble();
      goals.add(
          new Goal(
              "P6",
              "a year of every catalogue port backfilled, from a line through 3 sizes",
              String.format(
                  Locale.ROOT,
                  "%,.0f events: **%.1f min**; the generated year (%,.0f events): %.1f min;"
                      + " line R² %.3f",
                  p6.path("goalYearEvents").asDouble(),
                  minutes,
                  p6.path("generatedYearEvents").asDouble(),
                  p6.path("generatedYearMinutes").asDouble(),
                  p6.path("line").path("r2").asDouble()),
              "≤ 10 min, output equal to the known answers",
              minutes <= 10 && everyCheckPassed(p6)));
    }
    return goals;
  }

  private static boolean everyCheckPassed(JsonNode p6) {
    for (JsonNode size : p6.path("sizes")) {
      for (JsonNode check : size.path("checks")) {
        if (!check.asText().equals("PASS")) {
          return false;
        }
      }
    }
    return true;
  }

  private static Goal latencyGoal(JsonNode p5) {
    JsonNode merged = p5.path("merged");
    if (!merged.has(ALERT_DECIDED) || !merged.has(ALERT_READABLE)) {
      return new Goal("P5", "latency at 10,000 events/s", "–", "decided p99 ≤ 100 ms", null);
    }
    double decided = merged.path(ALERT_DECIDED).path("p99").asDouble();
    double readable = merged.path(ALERT_READABLE).path("p99").asDouble();
    double readingsTail = merged.path(READING_READABLE).path("p99_9").asDouble();
    double asked = p5.path("rateAsked").asDouble();
    List<String> achieved = new ArrayList<>();
    for (JsonNode run : p5.path("rateAchieved")) {
      Matcher m = LEADING_NUMBER.matcher(run.asText());
      achieved.add(m.find() ? m.group(1) : run.asText());
    }
    boolean keptUp = readingsTail <= KEPT_UP_P99_9_MS;
    return new Goal(
        "P5",
        String.format(
            Locale.ROOT,
            "%,.0f events/s produced live (%s achieved), %d runs merged",
            asked,
            String.join(", ", achieved),
            p5.path("mergedRuns").asInt()),
        String.format(
            Locale.ROOT,
            "alerts (%d) decided p99 **%.0f ms**, readable p99 **%.0f ms**; readings readable"
                + " p99.9 %.0f ms (%s)",
            merged.path(ALERT_DECIDED).path("count").asLong(),
            decided,
            readable,
            readingsTail,
            keptUp ? "kept up" : "fell behind"),
        "kept up (readings p99.9 ≤ 2 s); decided p99 ≤ 100 ms; readable p99 ≤ 1 s",
        keptUp && decided <= DECIDED_P99_GOAL_MS && readable <= READABLE_P99_GOAL_MS);
  }

  static Goal codecGoal(JsonNode jmh) {
    if (jmh.isMissingNode()) {
      return new Goal("P7", "the codec, one crossing (JMH)", "–", "≤ 400 ns", null);
    }
    List<JmhForks.Figure> figures = JmhForks.figures(jmh);
    JmhForks.Figure ours =
        figures.stream().filter(JmhForks.Figure::isCodec).findFirst().orElse(null);
    if (ours == null) {
      return new Goal("P7", "the codec, one crossing (JMH)", "–", "≤ 400 ns", null);
    }
    String jackson =
        figures.stream()
            .filter(f -> f.method().equals("jacksonDataBinding"))
            .findFirst()
            .map(
                f ->
                    String.format(
                        Locale.ROOT,
                        "; Jackson binding the same bytes %.0f (%.0f, %.0f)",
                        f.median(),
                        f.min(),
                        f.max()))
            .orElse("");
    return new Goal(
        "P7",
        String.format(Locale.ROOT, "the codec, one crossing (JMH, %d forks)", ours.forks()),
        String.format(
            Locale.ROOT,
            "**%.0f ns** (%.0f, %.0f)%s",
            ours.median(),
            ours.min(),
            ours.max(),
            jackson),
        "≤ 400 ns",
        ours.meetsGoal());
  }

  private static String spread(JsonNode figure, String pattern) {
    return String.format(
        Locale.ROOT,
        pattern + " (" + pattern + ", " + pattern + ")",
        figure.path("median").asDouble(),
        figure.path("min").asDouble(),
        figure.path("max").asDouble());
  }

  private static String trim(double goal) {
    return goal == Math.rint(goal)
        ? String.format(Locale.ROOT, "%.0f", goal)
        : String.format(Locale.ROOT, "%s", goal);
  }
}
