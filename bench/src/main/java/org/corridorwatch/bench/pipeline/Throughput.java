package org.corridorwatch.bench.pipeline;

import java.util.Arrays;

/**
 * The throughput of one variant over several timed runs.
 *
 * @param variant what ran, e.g. "P1 full pipeline"
 * @param events input records per run
 * @param eventsPerSecond one figure per timed run
 */
public record Throughput(String variant, long events, double[] eventsPerSecond) {
  public double median() {
    double[] sorted = eventsPerSecond.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  public double min() {
    return Arrays.stream(eventsPerSecond).min().orElseThrow();
  }

  public double max() {
    return Arrays.stream(eventsPerSecond).max().orElseThrow();
  }
}
