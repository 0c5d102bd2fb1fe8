package org.corridorwatch.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's rule: a series that settles is flat, one that keeps growing is not. */
class SoakVerdictTest {
  private static List<double[]> series(java.util.function.DoubleUnaryOperator valueAtSecond) {
    List<double[]> points = new ArrayList<>();
    for (int s = 0; s <= 3600; s += 300) {
      points.add(new double[] {s, valueAtSecond.applyAsDouble(s)});
    }
    return points;
  }

  @Test
  void aHeapThatWarmsUpThenSettlesIsFlat() {
    // 60 -> 90 MiB over the first 20 minutes, then 90 +- 1
    List<double[]> heap = series(s -> s < 1200 ? 60 + s / 40.0 : 90 + (s / 300 % 2 == 0 ? 1 : -1));

    SoakVerdict.Judgement j = SoakVerdict.judge("heap", heap, 3600);

    assertThat(j.flat()).isTrue();
    assertThat(j.describe()).contains("heap: drift").endsWith("flat");
  }

  @Test
  void aHeapGrowingSteadilyAfterWarmUpGrows() {
    // flat at 90 for 20 minutes, then 1 MiB a minute: 40 MiB over the last 40 minutes
    List<double[]> heap =
        series(s -> s < 1200 ? 90 + (s / 300 % 2 == 0 ? 1 : -1) : 90 + (s - 1200) / 60.0);

    SoakVerdict.Judgement j = SoakVerdict.judge("heap", heap, 3600);

    assertThat(j.flat()).isFalse();
    assertThat(j.drift()).isCloseTo(40, org.assertj.core.data.Offset.offset(1.0));
    assertThat(j.describe()).endsWith("GROWS");
  }

  @Test
  void aSeriesThatNeverMovesIsFlatThanksToTheNoiseFloor() {
    assertThat(SoakVerdict.judge("checkpoint", series(s -> 3_000_000), 3600).flat()).isTrue();
  }

  @Test
  void tooFewSamplesCannotPass() {
    SoakVerdict.Judgement j =
        SoakVerdict.judge("heap", List.of(new double[] {10, 1}, new double[] {3000, 1}), 3600);

    assertThat(j.flat()).isFalse();
    assertThat(j.describe()).contains("too few samples");
  }

  @Test
  void theCsvIsJudgedSeriesBySeriesAndOneGrowingSeriesFailsTheSoak(@TempDir Path dir)
      throws IOException {
    Path csv = dir.resolve("soak.csv");
    List<String> lines = new ArrayList<>();
    lines.add(SoakPlot.header(List.of("taskmanager-1")));
    for (int s = 10; s <= 3600; s += 10) {
      String heap = s % 300 == 0 ? Long.toString(90L << 20) : "";
      long lag = 60_000 + s * 20L; // the job falls further behind
      lines.add(s + "," + heap + ",3000000," + lag + ",9000,150");
    }
    Files.write(csv, lines);
    Path verdict = dir.resolve("verdict.txt");

    assertThat(SoakPlot.judge(csv, verdict)).isFalse();
    List<String> written = Files.readAllLines(verdict);
    assertThat(written.get(0)).isEqualTo("FAIL");
    assertThat(written)
        .anyMatch(l -> l.startsWith("inputLagRecords") && l.endsWith("GROWS"))
        .anyMatch(l -> l.startsWith("heapAfterFullGcBytes:taskmanager-1") && l.endsWith("flat"))
        .anyMatch(l -> l.startsWith("readingLatencyP99Ms") && l.endsWith("flat"));
  }
}
