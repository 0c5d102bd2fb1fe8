package org.corridorwatch.console.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.junit.jupiter.api.Test;

/** Unit test: the JSON body of {@code POST /api/v2/alerts} for one contract transition. */
class PostableAlertTest {
  static final Instant STARTED = Instant.parse("2019-07-01T08:15:00Z");
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00.123456Z");

  static Alert transition(
      String alertId, AlertStatus status, AlertSeverity severity, Instant started) {
    return new Alert(
        alertId,
        AlertType.SUSTAINED_OVERLOAD,
        "CN-PINGXIANG",
        severity,
        status,
        started.toEpochMilli(),
        NOW.toEpochMilli(),
        "CN-PINGXIANG above 125% of designed capacity for 4 readings",
        "{}");
  }

  private static JsonNode json(PostableAlert a) throws Exception {
    JsonNode array = new ObjectMapper().readTree(PostableAlert.toJson(List.of(a)));
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(1);
    return array.get(0);
  }

  @Test
  void aFiringAlertCarriesTheLabelsAlertmanagerRoutesOnAndTheAnnotationsPeopleRead()
      throws Exception {
    Alert raised =
        transition("SO:CN-PINGXIANG:x", AlertStatus.RAISED, AlertSeverity.CRITICAL, STARTED);
    Instant endsAt = NOW.plusSeconds(180);

    JsonNode a = json(PostableAlert.of(raised, AlertSeverity.CRITICAL, NOW, endsAt, null));

    assertThat(new ObjectMapper().convertValue(a.get("labels"), Map.class))
        .isEqualTo(
            Map.of(
                "alertname", "SUSTAINED_OVERLOAD",
                "type", "SUSTAINED_OVERLOAD",
                "subject", "CN-PINGXIANG",
                "severity", "critical"));
    assertThat(new ObjectMapper().convertValue(a.get("annotations"), Map.class))
        .isEqualTo(
            Map.of(
                "summary", "CN-PINGXIANG above 125% of designed capacity for 4 readings",
                "alertId", "SO:CN-PINGXIANG:x",
                "startedAt", "2019-07-01T08:15:00Z",
                "status", "RAISED"));
    assertThat(a.get("startsAt").asText()).isEqualTo("2019-07-01T08:15:00Z");
    // milliseconds at most, like every time the contract writes
    assertThat(a.get("endsAt").asText()).isEqualTo("2026-11-22T10:03:00.123Z");
    assertThat(a.has("generatorURL")).isFalse();
  }

  @Test
  void severityIsLowerCaseAsAlertmanagerRoutesMatchIt() {
    assertThat(PostableAlert.severityLabel(AlertSeverity.WARNING)).isEqualTo("warning");
    assertThat(PostableAlert.severityLabel(AlertSeverity.CRITICAL)).isEqualTo("critical");
  }

  @Test
  void theLabelSeverityIsTheOneAskedForAndTheStatusTheTransitions() throws Exception {
    Alert cleared =
        transition("SO:CN-PINGXIANG:x", AlertStatus.CLEARED, AlertSeverity.CRITICAL, STARTED);

    JsonNode a = json(PostableAlert.of(cleared, AlertSeverity.WARNING, NOW, NOW, null));

    assertThat(a.at("/labels/severity").asText()).isEqualTo("warning");
    assertThat(a.at("/annotations/status").asText()).isEqualTo("CLEARED");
    assertThat(a.get("endsAt").asText()).isEqualTo("2026-11-22T10:00:00.123Z");
  }

  @Test
  void aStartInTheFutureIsClampedToNowSoAResolutionIsNotRefused() throws Exception {
    Instant ahead = NOW.plusSeconds(3_600);
    Alert cleared = transition("id", AlertStatus.CLEARED, AlertSeverity.WARNING, ahead);

    JsonNode a = json(PostableAlert.of(cleared, AlertSeverity.WARNING, NOW, NOW, null));

    assertThat(a.get("startsAt").asText()).isEqualTo("2026-11-22T10:00:00.123Z");
    assertThat(Instant.parse(a.get("endsAt").asText()))
        .isAfterOrEqualTo(Instant.parse(a.get("startsAt").asText()));
    // the annotation still tells the truth
    assertThat(a.at("/annotations/startedAt").asText()).isEqualTo("2026-11-22T11:00:00.123Z");
  }

  @Test
  void theGeneratorUrlIsWrittenWhenConfigured() throws Exception {
    Alert raised = transition("id", AlertStatus.RAISED, AlertSeverity.WARNING, STARTED);

    JsonNode a =
        json(
            PostableAlert.of(
                raised,
                AlertSeverity.WARNING,
                NOW,
                NOW.plusSeconds(1),
                URI.create("http://127.0.0.1:8090/alerts")));

    assertThat(a.get("generatorURL").asText()).isEqualTo("http://127.0.0.1:8090/alerts");
  }
}
