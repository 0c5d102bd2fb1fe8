package org.corridorwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.corridorwatch.model.latency.CrossingWatermarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written report carries its latency CDF: a plot beside it, and the histograms in JSON. */
class LatencyReportTest {
  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  /** Two readings (250 and 1,500 ms) and one alert (1,000 ms readable, 40 ms decided). */
  private static LatencyReport measured() {
    CrossingWatermarks w = new CrossingWatermarks(Duration.ofMinutes(5));
    w.onCrossing(0, 10_000, at("07:50:00"));
    w.onCrossing(1, 20_000, at("08:05:00"));
    w.onCrossing(2, 30_000, at("08:20:00"));
    List<ReadableOutput> outputs =
        List.of(
            new ReadableOutput(
                ReadableOutput.Kind.READING, "08:00", at("08:00:00") - 1, 21_500, Long.MIN_VALUE),
            new ReadableOutput(
                ReadableOutput.Kind.READING, "08:15", at("08:15:00") - 1, 30_250, Long.MIN_VALUE),
            new ReadableOutput(
                ReadableOutput.Kind.ALERT, "overload", at("08:15:00") - 1, 31_000, 30_040));
    return new LatencyReport(
        Map.of("scenario", "test"), OutputLatencies.of(outputs, w), List.of(), false);
  }

  @Test
  void theMarkdownLinksTheCdfPlotWrittenBesideIt(@TempDir Path dir) throws IOException {
    Path md = dir.resolve("alert-latency.md");

    measured().write(md);

    assertThat(dir.resolve("alert-latency-cdf.png")).isNotEmptyFile();
    assertThat(Files.readString(md)).contains("](alert-latency-cdf.png)");
  }

  @Test
  void theJsonCarriesEachHistogramAndNamesThePlot(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("run-1.json");

    measured().write(json);

    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.path("latencyCdfPlot").asText()).isEqualTo("run-1-cdf.png");
    assertThat(dir.resolve("run-1-cdf.png")).isNotEmptyFile();
    var readings =
        EncodedHistograms.decode(
            root.path("latencyMillis")
                .path("reading produced → readable")
                .path("hdrHistogram")
                .asText());
    assertThat(readings.getTotalCount()).isEqualTo(2);
    assertThat(readings.getMinValue()).isEqualTo(250);
    assertThat(readings.getMaxValue()).isEqualTo(1_500);
  }

  @Test
  void nothingMeasuredMeansNoPlotAndNoLink(@TempDir Path dir) throws IOException {
    Path md = dir.resolve("empty.md");
    LatencyReport empty =
        new LatencyReport(
            Map.of(),
            OutputLatencies.of(List.of(), new CrossingWatermarks(Duration.ofMinutes(5))),
            List.of(),
            false);

    empty.write(md);

    assertThat(dir.resolve("empty-cdf.png")).doesNotExist();
    assertThat(Files.readString(md)).doesNotContain("![");
  }
}
