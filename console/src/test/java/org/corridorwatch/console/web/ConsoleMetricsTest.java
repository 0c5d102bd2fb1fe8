package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.corridorwatch.console.alertmanager.AlertmanagerBridge;
import org.corridorwatch.console.alertmanager.AlertmanagerSettings;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.Test;

/** {@code /metrics} exports each port's waits; a figure with nothing to measure has no sample. */
class ConsoleMetricsTest {
  private static final long T = ConsoleStateTest.T;

  private final ConsoleState state = new ConsoleState(CorridorCatalogue.standard());
  private final ConsoleMetrics metrics =
      new ConsoleMetrics(state, () -> 0, () -> true, () -> 0, new SseHub());

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exportsWaitingOldestWaitAndClearanceQuantilesPerPort() throws Exception {
    state.apply(ConsoleStateTest.busy("CN-PINGXIANG", T, 42));

    assertThat(scrape())
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"CN-PINGXIANG\"} 42.0")
        .contains("corridorwatch_console_port_oldest_wait_minutes{port=\"CN-PINGXIANG\"} 187.0")
        .contains(
            "corridorwatch_console_port_clearance_minutes{port=\"CN-PINGXIANG\",quantile=\"0.5\"}"
                + " 35.0")
        .contains(
            "corridorwatch_console_port_clearance_minutes{port=\"CN-PINGXIANG\",quantile=\"0.9\"}"
                + " 71.0");
  }

  @Test
  void aNullFigureHasNoSampleWhileTheCountsStillDo() throws Exception {
    state.apply(ConsoleStateTest.busy("CN-PINGXIANG", T, 42));
    // waiting, but no decision in the hour: an oldest wait and no clearance times
    state.apply(
        new PortWaits(
            "LA-BOTEN",
            T - PortWaits.WINDOW_MILLIS,
            T,
            5,
            30L,
            0,
            null,
            null,
            null,
            0,
            null,
            null));
    state.apply(PortWaits.quiet("CN-MOHAN", T - PortWaits.WINDOW_MILLIS, T));

    String text = scrape();
    assertThat(text)
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"LA-BOTEN\"} 5.0")
        .contains("corridorwatch_console_port_oldest_wait_minutes{port=\"LA-BOTEN\"} 30.0")
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"CN-MOHAN\"} 0.0")
        .doesNotContain("clearance_minutes{port=\"LA-BOTEN\"")
        .doesNotContain("oldest_wait_minutes{port=\"CN-MOHAN\"")
        .doesNotContain("clearance_minutes{port=\"CN-MOHAN\"")
        .doesNotContain("NaN");
  }

  @Test
  void anUnreachableAlertmanagerShowsInTheMetrics() throws Exception {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (AlertmanagerBridge bridge =
        AlertmanagerBridge.start(
            AlertmanagerSettings.defaults()
                .withUrl(closedPort)
                .withRetries(
                    Duration.ofSeconds(1),
                    Duration.ofMillis(50),
                    Duration.ofMillis(100),
                    Duration.ofSeconds(10)))) {
      metrics.watch(bridge);
      assertThat(scrape()).contains("corridorwatch_console_alertmanager_reachable 1");

      bridge.accept(
          new Alert(
              "SUSTAINED_OVERLOAD:CN-PINGXIANG:A",
              AlertType.SUSTAINED_OVERLOAD,
              "CN-PINGXIANG",
              AlertSeverity.WARNING,
              AlertStatus.RAISED,
              T,
              T,
              "overload",
              "{}"));
      Poll.untilTrue(
          "the outage in the metrics",
          Duration.ofSeconds(10),
          () -> scrape().contains("corridorwatch_console_alertmanager_reachable 0"));
      assertThat(scrape())
          .contains("corridorwatch_console_alertmanager_open_alerts 1")
          .contains("corridorwatch_console_alertmanager_sent_alerts 0")
          .doesNotContain("corridorwatch_console_alertmanager_failed_posts 0");
    }
  }
}
