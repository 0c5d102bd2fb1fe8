package org.corridorwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.corridorwatch.cli.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each goal judged from the part that measured it; a part that did not run judges nothing. */
class BenchGoalsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static final String IN_PROCESS =
      """
      {"comparisons": [
        {"name": "P1 pipeline cost", "goal": 0.6, "ratio": 0.25, "met": false,
         "measured": {"variant": "P1 full pipeline", "median": 150000, "min": 140000, "max": 155000},
         "baseline": {"variant": "P1 parse only", "median": 600000, "min": 590000, "max": 610000}},
        {"name": "P3 balances against Flink SQL", "goal": 3, "ratio": 4.1, "met": true,
         "measured": {"variant": "ours", "median": 1600000, "min": 1500000, "max": 1700000},
         "baseline": {"variant": "SQL", "median": 390000, "min": 380000, "max": 400000}}]}
      """;

  // two forks of three iterations each: means 300 and 500, so the median of two is 400
  private static final String JMH =
      """
      [{"benchmark": "org.corridorwatch.bench.codec.CodecParseBenchmark.corridorCodec",
        "primaryMetric": {"rawData": [[290, 300, 310], [500, 500, 500]]}},
       {"benchmark": "org.corridorwatch.bench.codec.CodecParseBenchmark.jacksonDataBinding",
        "primaryMetric": {"rawData": [[600, 600, 600], [700, 700, 700]]}}]
      """;

  private static final String KAFKA =
      """
      {"p4": {"parallelism1": {"eventsPerSecond": {"median": 40000, "min": 35000, "max": 49000},
                               "passThroughEventsPerSecond": {"median": 100000, "min": 90000, "max": 107000},
                               "ratioToPassThrough": 0.4}},
       "p5": {"rateAsked": 10000, "rateAchieved": ["9990 events/s (3,000,000 records in 300 s)"],
              "mergedRuns": 3,
              "merged": {"alert produced → readable": {"count": 300, "p99": 700, "p99_9": 900},
                         "alert produced → decided (detectedAt)": {"count": 300, "p99": 90},
                         "reading produced → readable": {"count": 9000, "p99": 650, "p99_9": 1500}}},
       "p6": {"goalYearEvents": 66000000, "goalYearMinutes": 20.5,
              "generatedYearEvents": 11700000, "generatedYearMinutes": 4.0,
              "line": {"r2": 0.999}, "sizes": [{"checks": ["PASS", "PASS"]}]}}
      """;

  private JsonNode run(String... parts) throws IOException {
    Path out = dir.resolve("goals.json");
    String[] args = new String[parts.length + 4];
    System.arraycopy(parts, 0, args, 0, parts.length);
    args[parts.length] = "--json";
    args[parts.length + 1] = out.toString();
    args[parts.length + 2] = "--markdown";
    args[parts.length + 3] = dir.resolve("goals.md").toString();
    assertThat(CommandLines.create(new BenchGoals()).execute(args)).isZero();
    return JSON.readTree(out.toFile());
  }

  private static JsonNode goal(JsonNode root, String id) {
    for (JsonNode g : root.path("goals")) {
      if (g.path("id").asText().equals(id)) {
        return g;
      }
    }
    throw new AssertionError("no goal " + id + " in " + root);
  }

  @Test
  void everyGoalIsJudgedFromThePartThatMeasuredIt() throws IOException {
    Path inProcess = Files.writeString(dir.resolve("in-process.json"), IN_PROCESS);
    Path jmh = Files.writeString(dir.resolve("jmh.json"), JMH);
    Path kafka = Files.writeString(dir.resolve("kafka.json"), KAFKA);

    JsonNode root =
        run(
            "--in-process", inProcess.toString(),
            "--codec", jmh.toString(),
            "--kafka", kafka.toString());

    assertThat(goal(root, "P1").path("met").asBoolean()).isFalse();
    assertThat(goal(root, "P3").path("met").asBoolean()).isTrue();
    assertThat(goal(root, "P4").path("met").asBoolean()).isFalse();
    // decided 90 ms, readable 700 ms, readings' p99.9 1.5 s: every P5 goal holds
    assertThat(goal(root, "P5").path("met").asBoolean()).isTrue();
    assertThat(goal(root, "P6").path("met").asBoolean()).isFalse();
    // the median of two forks' means, 300 and 500, is 400: at the goal, so met
    assertThat(goal(root, "P7").path("figure").asText()).startsWith("**400 ns** (300, 500)");
    assertThat(goal(root, "P7").path("met").asBoolean()).isTrue();
    String md = Files.readString(dir.resolve("goals.md"));
    assertThat(md)
        .contains("| P4 | through Kafka")
        .contains("= **0.40**")
        .contains("**20.5 min**")
        .contains("Jackson binding the same bytes 650 (600, 700)");
  }

  @Test
  void aPartThatDidNotRunLeavesItsGoalsNotMeasuredNeverMet() throws IOException {
    JsonNode root = run("--kafka", dir.resolve("absent.json").toString());

    for (String id : new String[] {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}) {
      assertThat(goal(root, id).path("met").isNull()).as(id).isTrue();
    }
    assertThat(Files.readString(dir.resolve("goals.md"))).contains("not measured");
  }
}
