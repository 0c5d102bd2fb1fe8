package org.corridorwatch.metrics;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.util.PortRange;
import org.slf4j.Logger;

/**
 * Flink's Prometheus reporter, serving {@code /metrics} on one host only.
 *
 * <p>The stock {@code PrometheusReporter} binds every interface, so any machine that can reach a
 * TaskManager can read the job's figures, and it has no option to change that. This one keeps the
 * stock conversion of metrics to Prometheus names and labels ({@link AbstractPrometheusReporter})
 * and only chooses where the HTTP server listens: the configured host, 127.0.0.1 by default, on the
 * first free port of a range. A range, because a JobManager and TaskManagers on one machine each
 * need a port of their own.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {
  private final HttpServer server;
  private final HTTPServer exporter;

  /**
   * Binds at once, as the stock reporter does, so a cluster that cannot report fails at start.
   *
   * @throws IllegalArgumentException if {@code host} does not resolve
   * @throws IllegalStateException if no port of {@code ports} is free on {@code host}
   */
  LoopbackPrometheusReporter(String host, PortRange ports) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "metrics reporter host '" + host + "' does not resolve", e);
    }
    Bound bound = bind(address, host, ports, registryOf(this), log);
    this.server = bound.server();
    this.exporter = bound.exporter();
    log.info("Prometheus metrics on http://{}/metrics", describe(server.getAddress()));
  }

  private record Bound(HttpServer server, HTTPServer exporter) {}

  /**
   * The registry the stock conversion fills with one collector per Flink metric. Flink 2.2 keeps
   * the field package-private and offers no getter; reading it by reflection keeps every class of
   * this project in its own package. {@code LoopbackPrometheusReporterTest} serves a metric through
   * it, so a Flink upgrade that renames the field fails the build, not a cluster.
   */
  private static CollectorRegistry registryOf(AbstractPrometheusReporter reporter) {
    try {
      Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
      field.setAccessible(true);
      return (CollectorRegistry) field.get(reporter);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "this reporter does not fit the flink-metrics-prometheus beside it: its"
              + " AbstractPrometheusReporter has no field 'registry' (built against Flink 2.2)",
          e);
    }
  }

  private static Bound bind(
      InetAddress address, String host, PortRange ports, CollectorRegistry registry, Logger log) {
    IOException lastFailure = null;
    Iterator<Integer> candidates = ports.getPortsIterator();
    while (candidates.hasNext()) {
      int port = candidates.next();
      HttpServer http = null;
      try {
        http = HttpServer.create(new InetSocketAddress(address, port), 0);
        // daemon threads: a reporter must never keep a JVM alive that Flink is shutting down
        return new Bound(http, new HTTPServer(http, registry, true));
      } catch (IOException e) {
        lastFailure = e;
        if (http != null) {
          http.stop(0);
        }
        log.debug("metrics port {} on {} is not free", port, host, e);
      }
    }
    throw new IllegalStateException(
        "no free port for the Prometheus metrics reporter in " + ports + " on " + host,
        lastFailure);
  }

  /** Where {@code /metrics} is served: the bound address and the port actually taken. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    exporter.stop();
    super.close();
  }

  private static String describe(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
