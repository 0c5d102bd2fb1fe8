package org.corridorwatch.console.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.corridorwatch.console.testing.LocalAlertmanager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silences made, listed and expired through a real Alertmanager, each checked against what
 * Alertmanager itself reports through {@code GET /api/v2/silence/{id}}.
 */
class AlertmanagerSilencesITCase {
  @TempDir static Path work;
  private static LocalAlertmanager alertmanager;
  private static AlertmanagerSilences silences;

  @BeforeAll
  static void start() throws Exception {
    alertmanager = LocalAlertmanager.start(work);
    silences =
        new AlertmanagerSilences(
            AlertmanagerSettings.defaults().withUrl(alertmanager.url()), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  @Test
  void aSilenceMatchesTheAlertsTypeAndSubjectAndEndsWhenExpired() {
    Instant before = Instant.now();
    String id =
        silences.create(
            "QUEUE_GROWTH", "CN-PINGXIANG", Duration.ofHours(4), "corridor-watch console", "works");

    JsonNode made = alertmanager.json("/api/v2/silence/" + id);
    assertThat(made.at("/status/state").asText()).isEqualTo("active");
    assertThat(made.path("createdBy").asText()).isEqualTo("corridor-watch console");
    assertThat(made.path("matchers")).hasSize(2);
    assertThat(made.path("matchers").findValuesAsText("name")).containsExactly("type", "subject");
    assertThat(made.path("matchers").findValuesAsText("value"))
        .containsExactly("QUEUE_GROWTH", "CN-PINGXIANG");
    Duration length = Duration.between(before, Instant.parse(made.path("endsAt").asText()));
    // Alertmanager keeps milliseconds; the request was made within a minute of `before`
    assertThat(length)
        .isBetween(Duration.ofHours(4).minusSeconds(1), Duration.ofHours(4).plusMinutes(1));
    assertThat(silences.active())
        .anySatisfy(
            s -> {
              assertThat(s.id()).isEqualTo(id);
              assertThat(s.matchers())
                  .containsEntry("type", "QUEUE_GROWTH")
                  .containsEntry("subject", "CN-PINGXIANG");
            });

    silences.expire(id);

    assertThat(alertmanager.json("/api/v2/silence/" + id).at("/status/state").asText())
        .isEqualTo("expired");
    assertThat(silences.active()).noneMatch(s -> s.id().equals(id));
  }

  @Test
  void refusesASilenceTooShortOrTooLongAndAnIdThatIsNotOne() {
    assertThatThrownBy(
            () -> silences.create("QUEUE_GROWTH", "CN-PINGXIANG", Duration.ofSeconds(30), "t", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 min to 7 days");
    assertThatThrownBy(
            () -> silences.create("QUEUE_GROWTH", "CN-PINGXIANG", Duration.ofDays(8), "t", "c"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> silences.expire("../alerts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a silence id");
  }

  @Test
  void anUnknownSilenceOrAnAlertmanagerAwayIsSaidPlainly() throws Exception {
    assertThatThrownBy(() -> silences.expire("00000000-0000-0000-0000-000000000000"))
        .isInstanceOf(AlertmanagerSilences.AlertmanagerUnavailable.class)
        .hasMessageContaining("silence not found");

    AlertmanagerSilences away =
        new AlertmanagerSilences(
            AlertmanagerSettings.defaults().withUrl(URI.create("http://127.0.0.1:9")),
            Clock.systemUTC());
    assertThatThrownBy(away::active)
        .isInstanceOf(AlertmanagerSilences.AlertmanagerUnavailable.class)
        .hasMessageContaining("did not answer");
  }
}
