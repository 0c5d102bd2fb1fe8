package org.corridorwatch.bench.pipeline;

/**
 * One throughput goal: a variant's median throughput against a baseline's.
 *
 * @param name e.g. "P1 pipeline cost"
 * @param measured the variant the goal is about
 * @param baseline what it is compared with
 * @param goal the smallest acceptable ratio measured / baseline
 */
public record Comparison(String name, Throughput measured, Throughput baseline, double goal) {
  public double ratio() {
    return measured.median() / baseline.median();
  }

  public boolean met() {
    return ratio() >= goal;
  }
}
