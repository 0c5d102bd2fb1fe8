package org.corridorwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDF's points come from the histogram's recorded values, and the plot draws only samples. */
class LatencyCdfTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};

  private static Histogram of(long... latencies) {
    Histogram h = new Histogram(3);
    for (long l : latencies) {
      h.recordValue(l);
    }
    return h;
  }

  @Test
  void eachRecordedLatencyIsAStepOfItsShare() {
    assertThat(LatencyCdf.of(of(20, 10, 30, 20)))
        .containsExactly(
            new LatencyCdf.Point(10, 0.25),
            new LatencyCdf.Point(20, 0.75),
            new LatencyCdf.Point(30, 1.0));
  }

  @Test
  void aLargeLatencyStandsForItsWholeBucketSoNoSampleLiesAboveIt() {
    Histogram h = of(1, 100_000);

    List<LatencyCdf.Point> points = LatencyCdf.of(h);

    // above 2,048 ms three significant digits make buckets wider than 1 ms
    assertThat(points).hasSize(2);
    assertThat(points.get(1).latencyMillis())
        .isEqualTo(h.highestEquivalentValue(100_000))
        .isGreaterThan(100_000);
    assertThat(points.get(1).fractionAtOrBelow()).isEqualTo(1.0);
  }

  @Test
  void theSharesAgreeWithTheHistogramsPercentiles() {
    long[] latencies = new long[1000];
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = 100 + i; // 100..1099 ms, one each
    }
    Histogram h = of(latencies);

    List<LatencyCdf.Point> points = LatencyCdf.of(h);

    assertThat(points).hasSize(1000);
    LatencyCdf.Point p99 =
        points.stream()
            .filter(p -> p.latencyMillis() == h.getValueAtPercentile(99))
            .findFirst()
            .orElseThrow();
    assertThat(p99.fractionAtOrBelow()).isCloseTo(0.99, within(1e-9));
  }

  @Test
  void anEmptyHistogramHasNoPoints() {
    assertThat(LatencyCdf.of(new Histogram(3))).isEmpty();
  }

  @Test
  void theStaircaseRisesAtEachLatencyAndStartsZeroMillisecondSamplesAtTheFirstStep() {
    double[][] steps = LatencyCdf.steps(LatencyCdf.of(of(0, 10, 10, 30)));

    // 0 ms cannot sit on a log axis: its quarter is the floor the first step starts from
    assertThat(steps[0]).containsExactly(10, 10, 30, 30);
    assertThat(steps[1]).containsExactly(25, 75, 75, 100);
  }

  @Test
  void thePlotIsAPngWithALinePerMeasuredOutput(@TempDir Path dir) throws IOException {
    Map<String, Histogram> lines = new LinkedHashMap<>();
    lines.put("alert produced → readable", of(300, 450, 900));
    lines.put("reading produced → readable", of(1_200, 1_500));
    lines.put("nothing measured", new Histogram(3));
    Path png = dir.resolve("cdf.png");

    assertThat(LatencyCdf.plot(png, "test", lines)).isTrue();
    assertThat(Arrays.copyOf(Files.readAllBytes(png), 4)).isEqualTo(PNG_SIGNATURE);
  }

  @Test
  void nothingMeasuredMeansNoPlot(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("cdf.png");

    assertThat(LatencyCdf.plot(png, "test", Map.of("alerts", new Histogram(3), "zero", of(0))))
        .isFalse();
    assertThat(png).doesNotExist();
  }

  @Test
  void anEncodedHistogramDecodesToTheSameDistribution() {
    Histogram h = of(3, 250, 250, 1_999, 65_000);

    Histogram back = EncodedHistograms.decode(EncodedHistograms.encode(h));

    assertThat(back).isEqualTo(h);
    assertThat(LatencyCdf.of(back)).isEqualTo(LatencyCdf.of(h));
  }
}
