package org.corridorwatch.console.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.console.testing.LocalAlertmanager;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge against a real Prometheus Alertmanager (the Debian package), started by the test on a
 * free 127.0.0.1 port with gossip off and one route to a receiver without a destination. It checks
 * what Alertmanager itself reports through {@code GET /api/v2/alerts}: the alert is there and
 * active with the right labels after RAISED, and gone from the active list after CLEARED.
 */
class AlertmanagerBridgeITCase {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir static Path work;
  private static LocalAlertmanager alertmanager;
  private static URI url;

  @BeforeAll
  static void startAlertmanager() throws Exception {
    alertmanager = LocalAlertmanager.start(work);
    url = alertmanager.url();
  }

  @AfterAll
  static void stopAlertmanager() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  private static Alert transition(
      String subject, AlertStatus status, AlertSeverity severity, String message) {
    Instant started = Instant.parse("2019-07-01T08:15:00Z");
    return new Alert(
        "SUSTAINED_OVERLOAD:" + subject + ":" + started,
        AlertType.SUSTAINED_OVERLOAD,
        subject,
        severity,
        status,
        started.toEpochMilli(),
        System.currentTimeMillis(),
        message,
        "{}");
  }

  private static AlertmanagerSettings settings() {
    return AlertmanagerSettings.defaults().withUrl(url);
  }

  @Test
  void aRaisedAlertBecomesActiveInAlertmanagerAndLeavesItWhenCleared() throws Exception {
    String subject = "CN-PINGXIANG";
    try (AlertmanagerBridge bridge = AlertmanagerBridge.start(settings())) {
      long raisedAt = System.nanoTime();
      bridge.accept(
          transition(subject, AlertStatus.RAISED, AlertSeverity.CRITICAL, "above 125% of design"));

      JsonNode shown =
          Poll.until(
              "the RAISED alert listed by Alertmanager", DEADLINE, () -> only(alerts(subject, "")));
      long appeared = System.nanoTime() - raisedAt;

      assertThat(shown.at("/labels/alertname").asText()).isEqualTo("SUSTAINED_OVERLOAD");
      assertThat(shown.at("/labels/type").asText()).isEqualTo("SUSTAINED_OVERLOAD");
      assertThat(shown.at("/labels/subject").asText()).isEqualTo(subject);
      assertThat(shown.at("/labels/severity").asText()).isEqualTo("critical");
      assertThat(shown.at("/status/state").asText()).isEqualTo("active");
      assertThat(shown.at("/annotations/summary").asText()).isEqualTo("above 125% of design");
      assertThat(shown.at("/annotations/alertId").asText())
          .isEqualTo("SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T08:15:00Z");
      assertThat(shown.at("/annotations/status").asText()).isEqualTo("RAISED");
      assertThat(shown.at("/startsAt").asText()).startsWith("2019-07-01T08:15:00");

      long clearedAt = System.nanoTime();
      bridge.accept(
          transition(subject, AlertStatus.CLEARED, AlertSeverity.CRITICAL, "below 90% again"));

      // the lease is 3 minutes here, so leaving within the deadline is the resolution's doing
      Poll.untilTrue(
          "the CLEARED alert gone from Alertmanager's active list",
          DEADLINE,
          () -> alerts(subject, "active=true&silenced=false&inhibited=false").isEmpty());
      long left = System.nanoTime() - clearedAt;
      assertThat(alerts(subject, "")).as("not listed at all once resolved").isEmpty();
      assertThat(bridge.failedAttempts()).isZero();
      assertThat(bridge.sentAlerts()).isGreaterThanOrEqualTo(3); // 1 firing, 2 resolutions

      System.out.printf(
          "Alertmanager %s: RAISED listed after %d ms, gone %d ms after CLEARED%n",
          url, appeared / 1_000_000, left / 1_000_000);
    }
  }

  @Test
  void anEscalatedEpisodeShowsBothSeveritiesAndClearedRemovesBoth() throws Exception {
    String subject = "CN-HEKOU";
    try (AlertmanagerBridge bridge = AlertmanagerBridge.start(settings())) {
      bridge.accept(transition(subject, AlertStatus.RAISED, AlertSeverity.WARNING, "over"));
      bridge.accept(transition(subject, AlertStatus.ESCALATED, AlertSeverity.CRITICAL, "severe"));

      List<String> severities =
          Poll.until(
              "warning and critical listed",
              DEADLINE,
              () -> {
                List<String> s = new ArrayList<>();
                alerts(subject, "active=true")
                    .forEach(a -> s.add(a.at("/labels/severity").asText()));
                return s.size() == 2 ? s : null;
              });
      assertThat(severities).containsExactlyInAnyOrder("warning", "critical");

      bridge.accept(transition(subject, AlertStatus.CLEARED, AlertSeverity.CRITICAL, "normal"));
      Poll.untilTrue(
          "both severities gone",
          DEADLINE,
          () -> alerts(subject, "active=true&silenced=false&inhibited=false").isEmpty());
    }
  }

  @Test
  void reSendingKeepsAnOpenAlertPastItsFirstEndsAtAndStoppingLetsItExpire() throws Exception {
    String subject = "CN-RUILI";
    Instant firstEndsAt;
    try (AlertmanagerBridge bridge =
        AlertmanagerBridge.start(settings().withResendInterval(Duration.ofSeconds(1)))) {
      bridge.accept(transition(subject, AlertStatus.RAISED, AlertSeverity.WARNING, "over"));
      firstEndsAt =
          Instant.parse(
              Poll.until("listed", DEADLINE, () -> only(alerts(subject, "")))
                  .get("endsAt")
                  .asText());

      // still active a second after the first post's endsAt: only a re-send can do that
      Poll.untilTrue(
          "still active after " + firstEndsAt.plusSeconds(1),
          DEADLINE,
          () -> {
            JsonNode a = only(alerts(subject, "active=true"));
            assertThat(a).as("listed while the bridge re-sends").isNotNull();
            return Instant.now().isAfter(firstEndsAt.plusSeconds(1));
          });
      assertThat(Instant.parse(only(alerts(subject, "")).get("endsAt").asText()))
          .isAfter(firstEndsAt);
    }
    // the console stopped: Alertmanager resolves the alert when its last lease runs out
    Poll.untilTrue(
        "expired after the bridge stopped", DEADLINE, () -> alerts(subject, "").isEmpty());
  }

  /** The one alert in {@code list}, null when there is none. */
  private static JsonNode only(List<JsonNode> list) {
    assertThat(list).hasSizeLessThanOrEqualTo(1);
    return list.isEmpty() ? null : list.get(0);
  }

  /** Alerts Alertmanager lists for {@code subject}, with extra query parameters. */
  private static List<JsonNode> alerts(String subject, String query) {
    String filter = URLEncoder.encode("subject=\"" + subject + "\"", StandardCharsets.UTF_8);
    List<JsonNode> list = new ArrayList<>();
    alertmanager
        .json("/api/v2/alerts?filter=" + filter + (query.isEmpty() ? "" : "&" + query))
        .forEach(list::add);
    return list;
  }
}
