package org.corridorwatch.metrics;

import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.util.PortRange;

/**
 * Creates {@link LoopbackPrometheusReporter}s. Found by Flink through {@code META-INF/services};
 * configured as
 *
 * <pre>
 * metrics.reporter.prom.factory.class: org.corridorwatch.metrics.LoopbackPrometheusReporterFactory
 * metrics.reporter.prom.host: 127.0.0.1
 * metrics.reporter.prom.port: 9250-9260
 * </pre>
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {
  /** The address to listen on. */
  public static final String ARG_HOST = "host";

  /** A port, or a range such as {@code 9250-9260}: each process takes the first free one. */
  public static final String ARG_PORT = "port";

  /** Loopback unless told otherwise: metrics are for this machine's Prometheus. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The stock reporter's default port. */
  public static final String DEFAULT_PORT = "9249";

  @Override
  public LoopbackPrometheusReporter createMetricReporter(Properties config) {
    String host = config.getProperty(ARG_HOST, DEFAULT_HOST).trim();
    String ports = config.getProperty(ARG_PORT, DEFAULT_PORT).trim();
    return new LoopbackPrometheusReporter(host, new PortRange(ports));
  }

  /**
   * Adds a reporter named {@code name} to a cluster configuration: the one place that knows the
   * keys, so the job and the tests cannot spell them differently.
   */
  public static void configure(Configuration conf, String name, String host, String ports) {
    String prefix = "metrics.reporter." + name + ".";
    conf.setString(prefix + "factory.class", LoopbackPrometheusReporterFactory.class.getName());
    conf.setString(prefix + ARG_HOST, host);
    conf.setString(prefix + ARG_PORT, ports);
  }
}
