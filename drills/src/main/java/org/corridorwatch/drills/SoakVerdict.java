package org.corridorwatch.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak's rule for "flat": a series passes when its drift over the last two thirds of the run
 * (the least-squares slope times that span) is within twice its noise, the standard deviation of
 * its samples in the first third. A 60-minute soak: the slope over minutes 20-60 against the spread
 * of minutes 0-20. The first third holds the warm-up, so a series that settles passes and one that
 * keeps growing at any steady rate fails once the growth over 40 minutes exceeds the spread. The
 * noise has a floor of 1 % of the first third's mean, so a series that never moves (a constant
 * checkpoint size) is not failed by a rounding step.
 */
final class SoakVerdict {
  private SoakVerdict() {}

  /**
   * One series judged.
   *
   * @param name the series
   * @param noise twice the first third's standard deviation (floored), in the series' unit
   * @param drift slope × span over the last two thirds, in the series' unit
   * @param samples samples in the first third and in the last two thirds
   */
  record Judgement(String name, double noise, double drift, int[] samples, boolean flat) {
    String describe() {
      if (samples[0] < 2 || samples[1] < 2) {
        return String.format(
            Locale.ROOT,
            "%s: too few samples to judge (%d in the first third, %d after)",
            name,
            samples[0],
            samples[1]);
      }
      return String.format(
          Locale.ROOT,
          "%s: drift %.3g over the last two thirds, noise %.3g in the first third: %s",
          name,
          drift,
          noise,
          flat ? "flat" : "GROWS");
    }
  }

  /**
   * Judges one series.
   *
   * @param points {seconds since the start, value}, in time order; missing samples left out
   * @param runSeconds how long the run was
   */
  static Judgement judge(String name, List<double[]> points, double runSeconds) {
    double split = runSeconds / 3;
    List<double[]> first = new ArrayList<>();
    List<double[]> rest = new ArrayList<>();
    for (double[] p : points) {
      (p[0] < split ? first : rest).add(p);
    }
    int[] samples = {first.size(), rest.size()};
    if (first.size() < 2 || rest.size() < 2) {
      return new Judgement(name, Double.NaN, Double.NaN, samples, false);
    }
    double mean = first.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double variance =
        first.stream().mapToDouble(p -> (p[1] - mean) * (p[1] - mean)).sum() / (first.size() - 1);
    double noise = Math.max(2 * Math.sqrt(variance), 0.01 * Math.abs(mean));
    double drift = slope(rest) * (runSeconds - split);
    return new Judgement(name, noise, drift, samples, Math.abs(drift) <= noise);
  }

  /** The least-squares slope of value over seconds. */
  static double slope(List<double[]> points) {
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (double[] p : points) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
    }
    return sxx == 0 ? 0 : sxy / sxx;
  }
}
