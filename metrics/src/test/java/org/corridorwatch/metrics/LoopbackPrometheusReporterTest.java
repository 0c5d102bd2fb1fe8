package org.corridorwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.util.TestMetricGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reporter serves real Prometheus text over HTTP, on loopback only, on the first free port of
 * its range.
 */
class LoopbackPrometheusReporterTest {
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(opened);
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private LoopbackPrometheusReporter start(Properties config) {
    LoopbackPrometheusReporter reporter =
        new LoopbackPrometheusReporterFactory().createMetricReporter(config);
    opened.add(reporter::close);
    reporter.open(new MetricConfig());
    return reporter;
  }

  private static MetricConfig ports(String range) {
    MetricConfig config = new MetricConfig();
    config.setProperty(LoopbackPrometheusReporterFactory.ARG_PORT, range);
    return config;
  }

  private ServerSocket occupyLoopbackPort() throws IOException {
    ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    opened.add(socket);
    return socket;
  }

  /** A port that was free a moment ago: good enough for a port range in a test. */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> scrape(InetSocketAddress at) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri =
        URI.create("http://" + at.getAddress().getHostAddress() + ":" + at.getPort() + "/metrics");
    return client.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesFlinkMetricsWithLabelsOverLoopback() throws Exception {
    LoopbackPrometheusReporter reporter = start(ports("0"));
    SimpleCounter deadLetters = new SimpleCounter();
    deadLetters.inc(3);
    TestMetricGroup group =
        TestMetricGroup.newBuilder()
            .setLogicalScopeFunction(
                (filter, delimiter) -> "corridorwatch" + delimiter.orElse('.') + "reason")
            .setVariables(Map.of("<reason>", "LATE"))
            .build();
    reporter.notifyOfAddedMetric(deadLetters, "deadLetters", group);

    HttpResponse<String> response = scrape(reporter.address());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .containsPattern("(?m)^flink_corridorwatch_reason_deadLetters\\{reason=\"LATE\",?} 3\\.0$");
  }

  @Test
  void bindsLoopbackOnlyByDefault() throws Exception {
    LoopbackPrometheusReporter reporter = start(ports("0"));
    InetSocketAddress bound = reporter.address();

    assertThat(bound.getAddress().isAnyLocalAddress()).as("wildcard 0.0.0.0 / ::").isFalse();
    assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    // and no other address of this machine answers on that port
    for (InetAddress other : nonLoopbackAddresses()) {
      assertThatThrownBy(
              () -> {
                try (Socket socket = new Socket()) {
                  socket.connect(new InetSocketAddress(other, bound.getPort()), 2000);
                }
              })
          .as("connect to %s:%d", other.getHostAddress(), bound.getPort())
          .isInstanceOf(ConnectException.class);
    }
  }

  private static List<InetAddress> nonLoopbackAddresses() throws IOException {
    List<InetAddress> found = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            found.add(a);
          }
        }
      }
    }
    return found;
  }

  @Test
  void takesTheNextPortOfItsRangeWhenOneIsBusy() throws Exception {
    int busy = occupyLoopbackPort().getLocalPort();
    int free = freeLoopbackPort();

    LoopbackPrometheusReporter reporter = start(ports(busy + "," + free));

    assertThat(reporter.address().getPort()).isEqualTo(free);
    assertThat(scrape(reporter.address()).statusCode()).isEqualTo(200);
  }

  @Test
  void failsWithTheRangeAndHostWhenNoPortIsFree() throws Exception {
    int busy = occupyLoopbackPort().getLocalPort();

    assertThatThrownBy(() -> start(ports(String.valueOf(busy))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(String.valueOf(busy))
        .hasMessageContaining("127.0.0.1");
  }

  @Test
  void refusesAHostThatDoesNotResolve() {
    MetricConfig config = ports("0");
    config.setProperty(LoopbackPrometheusReporterFactory.ARG_HOST, "no-such-host.invalid");

    assertThatThrownBy(() -> start(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-host.invalid");
  }

  @Test
  void flinkFindsTheFactoryThroughServiceLoader() {
    List<String> factories = new ArrayList<>();
    for (MetricReporterFactory f : ServiceLoader.load(MetricReporterFactory.class)) {
      factories.add(f.getClass().getName());
    }

    assertThat(factories).contains(LoopbackPrometheusReporterFactory.class.getName());
  }
}
