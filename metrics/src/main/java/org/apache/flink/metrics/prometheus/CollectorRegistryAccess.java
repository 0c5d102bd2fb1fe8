package org.apache.flink.metrics.prometheus;

import io.prometheus.client.CollectorRegistry;

/**
 * Hands out the collector registry of a stock Prometheus reporter, which Flink 2.2 keeps
 * package-private.
 *
 * <p>It lives in Flink's package because that is the only way to reach the field without
 * reflection, and a rename in a later Flink then breaks the build instead of a running cluster.
 * Package-private access also needs one class loader at runtime, so this jar must sit beside
 * flink-metrics-prometheus (both in {@code lib/}, or both in one {@code plugins/} folder).
 */
public final class CollectorRegistryAccess {
  private CollectorRegistryAccess() {}

  /** The registry that {@code reporter} fills with one collector per Flink metric. */
  public static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
    return reporter.registry;
  }
}
