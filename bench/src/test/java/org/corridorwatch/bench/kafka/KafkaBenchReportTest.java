package org.corridorwatch.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.corridorwatch.bench.EncodedHistograms;
import org.corridorwatch.cli.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P5 of several runs: their histograms merged into one distribution, tabled and plotted. */
class KafkaBenchReportTest {
  private static final String ALERTS = "alert produced → readable";
  private static final String READINGS = "reading produced → readable";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static Histogram of(long... latencies) {
    Histogram h = new Histogram(3);
    for (long l : latencies) {
      h.recordValue(l);
    }
    return h;
  }

  /** A probe report as LatencyReport writes it; without histograms as an older probe did. */
  private Path probeReport(String name, boolean withHistograms, Map<String, Histogram> rows)
      throws IOException {
    Map<String, Object> figures = new LinkedHashMap<>();
    rows.forEach(
        (row, h) -> {
          Map<String, Object> f = new LinkedHashMap<>();
          f.put("count", h.getTotalCount());
          f.put("p50", h.getValueAtPercentile(50));
          f.put("p99", h.getValueAtPercentile(99));
          f.put("p99_9", h.getValueAtPercentile(99.9));
          f.put("max", h.getMaxValue());
          if (withHistograms) {
            f.put("hdrHistogram", EncodedHistograms.encode(h));
          }
          figures.put(row, f);
        });
    Path file = dir.resolve(name);
    JSON.writeValue(
        file.toFile(),
        Map.of("run", Map.of("rate achieved", "9,990 events/s"), "latencyMillis", figures));
    return file;
  }

  private Path report(Path... latency) throws IOException {
    return report(
        "raw\t1\t1\t1000\t0.010\t-\njob\t1\t1\t1000\t0.100\tPASS\npass\t1\t1\t1000\t0.050\t-\n",
        List.of(),
        latency);
  }

  private Path report(String runLines, List<String> more, Path... latency) throws IOException {
    Path runs = dir.resolve("runs.tsv");
    Files.writeString(runs, runLines);
    Path markdown = dir.resolve("kafka-quick.md");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runs", runs.toString(),
                "--dataset", "test",
                "--checkpoint-interval", "1s",
                "--throughput-checkpoint-interval", "10s",
                "--rate", "10000",
                "--mode", "quick",
                "--markdown", markdown.toString(),
                "--json", dir.resolve("kafka-quick.json").toString()));
    args.addAll(more);
    for (Path l : latency) {
      args.add("--latency");
      args.add(l.toString());
    }
    assertThat(CommandLines.create(new KafkaBenchReport()).execute(args.toArray(String[]::new)))
        .isZero();
    return markdown;
  }

  @Test
  void theRunsHistogramsAreMergedAndPlottedBesideTheMarkdown() throws IOException {
    Path one = probeReport("latency-1.json", true, Map.of(ALERTS, of(400, 600), READINGS, of(900)));
    Path two = probeReport("latency-2.json", true, Map.of(ALERTS, of(500, 2_000)));

    String md = Files.readString(report(one, two));

    assertThat(dir.resolve("kafka-quick-latency-cdf.png")).isNotEmptyFile();
    assertThat(md)
        .contains("](kafka-quick-latency-cdf.png)")
        .contains("All samples of the 2 runs with a histogram, merged")
        // 4 alerts pooled: p50 is the second smallest, p99 and max the largest
        .contains("| " + ALERTS + " | 4 | 500 | 2000 | 2000 | 2000 |")
        .contains("| " + READINGS + " | 1 | 900 | 900 | 900 | 900 |");
    JsonNode p5 = JSON.readTree(dir.resolve("kafka-quick.json").toFile()).path("p5");
    assertThat(p5.path("mergedRuns").asInt()).isEqualTo(2);
    assertThat(p5.path("merged").path(ALERTS).path("count").asLong()).isEqualTo(4);
    assertThat(p5.path("latencyCdfPlot").asText()).isEqualTo("kafka-quick-latency-cdf.png");
  }

  @Test
  void runsWithoutHistogramsGiveNoPlotAndSaySo() throws IOException {
    Path old = probeReport("latency-1.json", false, Map.of(ALERTS, of(400, 600)));

    String md = Files.readString(report(old));

    assertThat(dir.resolve("kafka-quick-latency-cdf.png")).doesNotExist();
    assertThat(md).contains("no latency CDF").doesNotContain("![");
  }

  @Test
  void aRevisionComparedWithGetsItsOwnRowAndThisTreesRatioToIt() throws IOException {
    String runs =
        "raw\t1\t1\t1000\t0.010\t-\n"
            + "before\t1\t1\t1000\t0.400\tPASS\t1.50\n"
            + "job\t1\t1\t1000\t0.100\tPASS\t1.80\n"
            + "before\t1\t2\t1000\t0.200\tFAIL\t1.70\n"
            + "job\t1\t2\t1000\t0.100\tPASS\t1.90\n"
            + "pass\t1\t1\t1000\t0.025\t-\t1.20\n";

    String md = Files.readString(report(runs, List.of("--before-revision", "abc123")));

    // before: 2,500 and 5,000 events/s, median 3,750; this tree 10,000; the pass-through 40,000
    assertThat(md)
        .contains("| pass-through job | 1 | 40,000 (1 run) | 1.20 | 1 |")
        .contains(
            "| corridor-analytics | 1 | 10,000 (min 10,000, max 10,000, 2 runs) | 1.85 | 0.250 |")
        .contains(
            "| corridor-analytics at `abc123` | 1 | 3,750 (min 2,500, max 5,000, 2 runs) | 1.60 | 0.094 |")
        .contains("this tree ÷ it: 2.67; its readings against the known answers: PASS, FAIL |");
    JsonNode before =
        JSON.readTree(dir.resolve("kafka-quick.json").toFile())
            .path("p4")
            .path("parallelism1")
            .path("before");
    assertThat(before.path("revision").asText()).isEqualTo("abc123");
    assertThat(before.path("ratioOfThisTreeToIt").asDouble()).isCloseTo(2.667, within(0.001));
  }

  @Test
  void backfillsOfSeveralSizesGiveAStraightLineAndTheYearItPredicts() throws IOException {
    Path backfill = dir.resolve("backfill.tsv");
    // 10 s fixed plus 1 ms an event, the middle size's runs spread around it
    Files.writeString(
        backfill,
        "10\t1\t1000\t11.0\tPASS\t1.50\n"
            + "20\t1\t2000\t11.5\tPASS\t1.60\n"
            + "20\t2\t2000\t12.0\tPASS\t1.70\n"
            + "20\t3\t2000\t13.0\tFAIL\t1.80\n"
            + "40\t1\t4000\t14.0\tPASS\t1.90\n");

    String md =
        Files.readString(
            report(
                "raw\t1\t1\t1000\t0.010\t-\njob\t1\t1\t1000\t0.100\tPASS\n",
                List.of("--backfill", backfill.toString(), "--year-events", "600000")));

    assertThat(md)
        .contains("## P6: backfill at several sizes")
        .contains("| 10 | 1,000 | 11.0 (1 run) | 91 | 1.50 | PASS |")
        .contains(
            "| 20 | 2,000 | 12.0 (min 11.5, max 13.0, 3 runs) | 167 | 1.70 | PASS, PASS, FAIL |")
        .contains("seconds = 10.0 + 1000.000 µs × events, R² = 1.0000")
        // the generated year: 4,000 events in 40 days, so 36,500 in 365: 10 + 36.5 s
        .contains("a year of the generated traffic (36,500 events")
        .contains("**0.8 min**")
        // the goal's year: 10 + 600 s = 10.2 min
        .contains("(600,000 events): **10.2 min**; goal ≤ 10 min: **missed**")
        .doesNotContain("scaled down");
    JsonNode p6 = JSON.readTree(dir.resolve("kafka-quick.json").toFile()).path("p6");
    assertThat(p6.path("line").path("secondsPerEvent").asDouble()).isCloseTo(0.001, within(1e-9));
    assertThat(p6.path("sizes")).hasSize(3);
  }
}
