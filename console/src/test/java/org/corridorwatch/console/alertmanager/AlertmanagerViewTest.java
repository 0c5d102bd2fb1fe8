package org.corridorwatch.console.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridorwatch.console.alertmanager.PostableAlertTest.STARTED;
import static org.corridorwatch.console.alertmanager.PostableAlertTest.transition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.console.AlertRepeats;
import org.corridorwatch.console.AlertRepeats.Verdict;
import org.corridorwatch.console.alertmanager.AlertmanagerView.Batch;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.junit.jupiter.api.Test;

/** Unit test: how transitions become firing and resolved Alertmanager alerts, and dedup. */
class AlertmanagerViewTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(3);
  private static final String ID = "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T08:15:00Z";

  private final AlertmanagerView episodes = new AlertmanagerView();

  private static Alert raised(AlertSeverity s) {
    return transition(ID, AlertStatus.RAISED, s, STARTED);
  }

  private static Alert escalated() {
    return transition(ID, AlertStatus.ESCALATED, AlertSeverity.CRITICAL, STARTED);
  }

  private static Alert cleared(String id, AlertSeverity s) {
    return transition(id, AlertStatus.CLEARED, s, STARTED);
  }

  private Batch pending() {
    return episodes.pending(NOW, LEASE, null, AlertmanagerView.MAX_ALERTS_PER_POST);
  }

  /** "severity firing|resolved" per alert, in the batch's order. */
  private static List<String> describe(Batch b) {
    return b.alerts().stream()
        .map(
            a ->
                a.labels().get("severity")
                    + (a.firingAt(NOW) ? " firing " : " resolved ")
                    + a.annotations().get("status"))
        .toList();
  }

  @Test
  void raisedFiresWithEndsAtOneLeaseAheadAndIsSentOnce() {
    assertThat(episodes.apply(raised(AlertSeverity.WARNING))).isEqualTo(Verdict.NEW);

    Batch b = pending();
    assertThat(describe(b)).containsExactly("warning firing RAISED");
    assertThat(b.alerts().get(0).endsAt()).isEqualTo(NOW.plus(LEASE));
    assertThat(episodes.openCount()).isEqualTo(1);

    episodes.delivered(b);
    assertThat(episodes.hasPending()).isFalse();
    assertThat(pending().isEmpty()).isTrue();
  }

  @Test
  void aRepeatedTransitionIsNotANewStateChange() {
    episodes.apply(raised(AlertSeverity.WARNING));
    episodes.delivered(pending());

    assertThat(episodes.apply(raised(AlertSeverity.WARNING))).isEqualTo(Verdict.REPEAT);
    assertThat(episodes.hasPending()).isFalse();
    // a different severity is a different transition, by the contract's triple
    assertThat(episodes.apply(escalated())).isEqualTo(Verdict.NEW);
    assertThat(episodes.apply(escalated())).isEqualTo(Verdict.REPEAT);
  }

  @Test
  void anEscalatedEpisodeFiresBothSeveritiesAndClearedResolvesBoth() {
    episodes.apply(raised(AlertSeverity.WARNING));
    episodes.delivered(pending());
    episodes.apply(escalated());

    Batch escalation = pending();
    assertThat(describe(escalation))
        .containsExactly("warning firing RAISED", "critical firing ESCALATED");
    episodes.delivered(escalation);

    episodes.apply(cleared(ID, AlertSeverity.CRITICAL));
    assertThat(episodes.openCount()).isZero();
    assertThat(describe(pending()))
        .containsExactlyInAnyOrder("warning resolved CLEARED", "critical resolved CLEARED");
    assertThat(pending().alerts()).allSatisfy(a -> assertThat(a.endsAt()).isEqualTo(NOW));
  }

  @Test
  void aResolutionIsResentUntilAlertmanagerConfirmsItThenTheEpisodeIsForgotten() {
    episodes.apply(raised(AlertSeverity.WARNING));
    episodes.apply(cleared(ID, AlertSeverity.WARNING));

    // not delivered (Alertmanager down): the next re-send still carries the resolution
    episodes.markAllPending();
    assertThat(describe(pending())).contains("warning resolved CLEARED");

    episodes.delivered(pending());
    episodes.markAllPending();
    assertThat(episodes.hasPending()).isFalse();
  }

  @Test
  void aLateRaisedAfterClearedDoesNotReopenTheEpisode() {
    episodes.apply(cleared(ID, AlertSeverity.WARNING));
    assertThat(episodes.apply(escalated())).isEqualTo(Verdict.STALE);
    episodes.delivered(pending());

    assertThat(episodes.apply(raised(AlertSeverity.WARNING))).isEqualTo(Verdict.STALE);
    assertThat(episodes.hasPending()).isFalse();
    assertThat(episodes.openCount()).isZero();
  }

  @Test
  void aClearedWithoutItsRaisedStillResolvesEverySeverity() {
    // the console started after the episode opened and escalated
    episodes.apply(cleared(ID, AlertSeverity.CRITICAL));

    assertThat(describe(pending()))
        .containsExactlyInAnyOrder("warning resolved CLEARED", "critical resolved CLEARED");
  }

  @Test
  void aChangeWhileAPostIsInFlightStaysPending() {
    episodes.apply(raised(AlertSeverity.WARNING));
    Batch inFlight = pending();
    episodes.apply(escalated());

    episodes.delivered(inFlight);

    assertThat(episodes.hasPending()).isTrue();
    assertThat(describe(pending())).contains("critical firing ESCALATED");
  }

  @Test
  void theResendCarriesEveryOpenAlert() {
    episodes.apply(raised(AlertSeverity.WARNING));
    episodes.apply(transition("QG:CN-HEKOU", AlertStatus.RAISED, AlertSeverity.WARNING, STARTED));
    episodes.delivered(pending());

    episodes.markAllPending();

    assertThat(pending().alerts()).hasSize(2).allSatisfy(a -> assertThat(a.firingAt(NOW)).isTrue());
  }

  @Test
  void aNewEpisodeOnTheSameLabelsWinsOverTheOldOnesUnconfirmedResolution() {
    episodes.apply(raised(AlertSeverity.WARNING));
    episodes.apply(cleared(ID, AlertSeverity.WARNING));
    String next = "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-05T00:00:00Z";
    episodes.apply(transition(next, AlertStatus.RAISED, AlertSeverity.WARNING, STARTED));

    Batch b = pending();

    // the warning label set belongs to the new episode now; only critical is resolved
    assertThat(describe(b)).containsExactly("critical resolved CLEARED", "warning firing RAISED");
    assertThat(b.alerts().get(1).annotations().get("alertId")).isEqualTo(next);
    episodes.delivered(b);
    assertThat(episodes.openCount()).isEqualTo(1);
    assertThat(episodes.hasPending()).isFalse();
  }

  /** A transition of its own subject, so that no two episodes share label sets. */
  private static Alert ofSubject(String subject, AlertStatus status, AlertSeverity severity) {
    return new Alert(
        "SUSTAINED_OVERLOAD:" + subject,
        AlertType.SUSTAINED_OVERLOAD,
        subject,
        severity,
        status,
        STARTED.toEpochMilli(),
        NOW.toEpochMilli(),
        subject + " test",
        "{}");
  }

  @Test
  void manyDueEpisodesGoOutInBoundedBatchesResolutionsFirstAndEachEpisodeWhole() {
    for (int i = 0; i < 150; i++) {
      episodes.apply(ofSubject("cleared-" + i, AlertStatus.CLEARED, AlertSeverity.WARNING));
    }
    for (int i = 0; i < 150; i++) {
      episodes.apply(ofSubject("escalated-" + i, AlertStatus.RAISED, AlertSeverity.WARNING));
      episodes.apply(ofSubject("escalated-" + i, AlertStatus.ESCALATED, AlertSeverity.CRITICAL));
    }

    // 300 resolutions and 300 firing alerts, two per episode, in batches of at most 200
    List<List<String>> batches = new ArrayList<>();
    for (Batch b = pending(); !b.isEmpty(); b = pending()) {
      assertThat(b.alerts()).hasSizeLessThanOrEqualTo(AlertmanagerView.MAX_ALERTS_PER_POST);
      batches.add(describe(b));
      episodes.delivered(b);
    }
    assertThat(batches).hasSize(3);
    List<String> all = batches.stream().flatMap(List::stream).toList();
    assertThat(all).hasSize(600);
    assertThat(all.subList(0, 300)).allMatch(a -> a.contains("resolved"));
    assertThat(all.subList(300, 600)).allMatch(a -> a.contains("firing"));
    assertThat(episodes.openCount()).isEqualTo(150);
    assertThat(episodes.hasPending()).isFalse();
  }

  @Test
  void memoryOfClosedEpisodesIsBounded() {
    for (int i = 0; i < AlertRepeats.REMEMBERED + 10; i++) {
      episodes.apply(cleared("id-" + i, AlertSeverity.WARNING));
      episodes.delivered(pending());
    }
    // the ten oldest ids (id-0 to id-9) were forgotten, so their CLEARED counts as new again
    assertThat(episodes.apply(cleared("id-0", AlertSeverity.WARNING))).isEqualTo(Verdict.NEW);
    assertThat(episodes.apply(cleared("id-9", AlertSeverity.WARNING))).isEqualTo(Verdict.NEW);
    String newest = "id-" + (AlertRepeats.REMEMBERED + 9);
    assertThat(episodes.apply(cleared(newest, AlertSeverity.WARNING))).isEqualTo(Verdict.REPEAT);
  }
}
