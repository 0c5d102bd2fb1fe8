package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.jobs.OperatorMetrics;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert lifecycle on its own: findings applied in event-time order once the watermark reaches
 * them, findings of one instant merged, at most one open episode per type and subject, and state
 * that survives a snapshot and is freed when an episode clears.
 */
class AlertEpisodesTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String BOTEN = "LA-BOTEN";
  private static final long MINUTE = 60_000L;
  private static final long T = Instant.parse("2026-11-22T06:00:00Z").toEpochMilli();
  private static final AlertSeverity WARNING = AlertSeverity.WARNING;
  private static final AlertSeverity CRITICAL = AlertSeverity.CRITICAL;

  private KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new AlertEpisodes(), AlertSignal::episodeKey, Types.STRING);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static AlertSignal raise(
      String port, AlertSeverity severity, long startedAt, long atMillis) {
    return new AlertSignal(
        AlertType.SUSTAINED_OVERLOAD,
        port,
        true,
        severity,
        startedAt,
        atMillis,
        severity + " from " + Instant.ofEpochMilli(startedAt),
        "{\"at\":" + atMillis + "}");
  }

  private static AlertSignal raise(AlertSeverity severity, long startedAt, long atMillis) {
    return raise(PINGXIANG, severity, startedAt, atMillis);
  }

  private static AlertSignal clear(long startedAt, long atMillis) {
    return new AlertSignal(
        AlertType.SUSTAINED_OVERLOAD,
        PINGXIANG,
        false,
        WARNING,
        startedAt,
        atMillis,
        "clear at " + atMillis,
        "{\"clear\":" + atMillis + "}");
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> h, AlertSignal... signals)
      throws Exception {
    for (AlertSignal s : signals) {
      h.processElement(s, s.atMillis());
    }
  }

  private void send(AlertSignal... signals) throws Exception {
    send(harness, signals);
  }

  /** What the harness emitted since the last call. */
  private static List<Alert> emitted(
      KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> h) {
    List<Alert> out = new ArrayList<>(h.extractOutputValues());
    h.getOutput().clear();
    return out;
  }

  private List<Alert> emitted() {
    return emitted(harness);
  }

  private static String idFrom(long startedAt) {
    return "SUSTAINED_OVERLOAD:" + PINGXIANG + ":" + Instant.ofEpochMilli(startedAt);
  }

  @Test
  void aFindingIsAppliedOnlyWhenTheWatermarkReachesItsTime() throws Exception {
    long at = T + 45 * MINUTE - 1;
    harness.setProcessingTime(777);
    send(raise(WARNING, T, at));

    assertThat(emitted()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    harness.processWatermark(at - 1);
    assertThat(emitted()).isEmpty();

    harness.processWatermark(at);
    assertThat(emitted())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
              assertThat(a.severity()).isEqualTo(WARNING);
              assertThat(a.type()).isEqualTo(AlertType.SUSTAINED_OVERLOAD);
              assertThat(a.subject()).isEqualTo(PINGXIANG);
              assertThat(a.alertId())
                  .isEqualTo("SUSTAINED_OVERLOAD:CN-PINGXIANG:2026-11-22T06:00:00Z");
              assertThat(a.startedAtMillis()).isEqualTo(T);
              assertThat(a.detectedAtMillis()).isEqualTo(777);
              assertThat(a.message()).isEqualTo("WARNING from 2026-11-22T06:00:00Z");
              assertThat(a.evidenceJson()).isEqualTo("{\"at\":" + at + "}");
            });
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void findingsAreAppliedInEventTimeOrderNotArrivalOrder() throws Exception {
    // the raise arrives first but is later in event time: the clearing before it finds no
    // episode, so the raise opens one that stays open
    send(raise(WARNING, T, T + 20), clear(T, T + 10));
    harness.processWatermark(T + 20);

    assertThat(emitted()).extracting(Alert::status).containsExactly(AlertStatus.RAISED);

    // and a clearing that arrives before an earlier raise still comes after it
    send(clear(T + 40, T + 50), raise(CRITICAL, T + 20, T + 30));
    harness.processWatermark(T + 50);

    assertThat(emitted())
        .extracting(Alert::status, Alert::severity)
        .containsExactly(
            tuple(AlertStatus.ESCALATED, CRITICAL), tuple(AlertStatus.CLEARED, CRITICAL));
  }

  @Test
  void aRaiseBeatsAClearingOfTheSameInstant() throws Exception {
    // no episode: clearing then raise at one instant opens one
    send(clear(T, T + 10), raise(WARNING, T, T + 10));
    harness.processWatermark(T + 10);
    assertThat(emitted())
        .singleElement()
        .extracting(Alert::status, Alert::severity)
        .containsExactly(AlertStatus.RAISED, WARNING);

    // open episode: raise then clearing at one instant neither clears it nor raises again
    send(raise(WARNING, T + 20, T + 30), clear(T + 20, T + 30));
    harness.processWatermark(T + 30);
    assertThat(emitted()).isEmpty();

    // it is still open: a clearing alone closes it, with the first id
    send(clear(T + 40, T + 50));
    harness.processWatermark(T + 50);
    assertThat(emitted())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.CLEARED);
              assertThat(a.alertId()).isEqualTo(idFrom(T));
            });
  }

  @Test
  void criticalBeatsWarningOfTheSameInstantKeepingTheEarliestStart() throws Exception {
    // both arrival orders, one subject each; the CRITICAL run started later than the WARNING one
    send(
        raise(PINGXIANG, CRITICAL, T + 15 * MINUTE, T + 60 * MINUTE),
        raise(PINGXIANG, WARNING, T, T + 60 * MINUTE),
        raise(BOTEN, WARNING, T, T + 60 * MINUTE),
        raise(BOTEN, CRITICAL, T + 15 * MINUTE, T + 60 * MINUTE));
    harness.processWatermark(T + 60 * MINUTE);

    List<Alert> alerts = emitted();
    assertThat(alerts).hasSize(2);
    assertThat(alerts)
        .allSatisfy(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
              assertThat(a.severity()).isEqualTo(CRITICAL);
              assertThat(a.startedAtMillis()).isEqualTo(T);
              assertThat(a.alertId())
                  .isEqualTo("SUSTAINED_OVERLOAD:" + a.subject() + ":2026-11-22T06:00:00Z");
            });
    assertThat(alerts).extracting(Alert::subject).containsExactlyInAnyOrder(PINGXIANG, BOTEN);
  }

  @Test
  void aRepeatedRaiseIsNotANewAlertAndOnlyAHigherSeverityEscalates() throws Exception {
    send(raise(WARNING, T, T + 10));
    harness.processWatermark(T + 10);
    assertThat(emitted()).extracting(Alert::status).containsExactly(AlertStatus.RAISED);

    send(raise(WARNING, T, T + 20), raise(WARNING, T + 15, T + 30));
    harness.processWatermark(T + 30);
    assertThat(emitted()).isEmpty();

    send(raise(CRITICAL, T + 15, T + 40));
    harness.processWatermark(T + 40);
    assertThat(emitted())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.ESCALATED);
              assertThat(a.severity()).isEqualTo(CRITICAL);
              assertThat(a.alertId()).isEqualTo(idFrom(T));
              assertThat(a.startedAtMillis()).isEqualTo(T);
            });

    send(raise(WARNING, T + 40, T + 50), raise(CRITICAL, T + 40, T + 60));
    harness.processWatermark(T + 60);
    assertThat(emitted()).isEmpty();
  }

  @Test
  void aClearingCarriesTheEpisodesSeverityAndIdAndFreesItsState() throws Exception {
    send(raise(WARNING, T, T + 10), raise(CRITICAL, T + 5, T + 20));
    harness.processWatermark(T + 20);
    assertThat(emitted())
        .extracting(Alert::status)
        .containsExactly(AlertStatus.RAISED, AlertStatus.ESCALATED);
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.setProcessingTime(999);
    send(clear(T + 25, T + 30));
    harness.processWatermark(T + 30);
    assertThat(emitted())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.CLEARED);
              assertThat(a.severity()).isEqualTo(CRITICAL);
              assertThat(a.alertId()).isEqualTo(idFrom(T));
              assertThat(a.startedAtMillis()).isEqualTo(T);
              assertThat(a.detectedAtMillis()).isEqualTo(999);
              assertThat(a.message()).isEqualTo("clear at " + (T + 30));
            });
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    // with no episode, a clearing gives nothing and leaves no state behind
    send(clear(T + 35, T + 40));
    harness.processWatermark(T + 40);
    assertThat(emitted()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    // and the next raise is a new episode with its own id
    send(raise(WARNING, T + 45, T + 50));
    harness.processWatermark(T + 50);
    assertThat(emitted())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
              assertThat(a.severity()).isEqualTo(WARNING);
              assertThat(a.alertId()).isEqualTo(idFrom(T + 45)).isNotEqualTo(idFrom(T));
            });
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> restore(
      OperatorSubtaskState snapshot) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> restored =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AlertEpisodes()), AlertSignal::episodeKey, Types.STRING);
    restored.setup();
    restored.initializeState(snapshot);
    restored.open();
    return restored;
  }

  @Test
  void aPendingFindingSurvivesASnapshotAndIsRaisedOnceAfterRestore() throws Exception {
    send(raise(WARNING, T, T + 10));
    harness.processWatermark(T + 9);
    assertThat(emitted()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);

    try (KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> restored =
        restore(snapshot)) {
      assertThat(restored.numEventTimeTimers()).isEqualTo(1);
      assertThat(emitted(restored)).isEmpty();

      restored.processWatermark(T + 10);
      assertThat(emitted(restored))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
                assertThat(a.severity()).isEqualTo(WARNING);
                assertThat(a.alertId()).isEqualTo(idFrom(T));
              });

      restored.processWatermark(T + 1_000);
      assertThat(emitted(restored)).isEmpty();
      assertThat(restored.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aRestoredPendingFindingMergesWithOneOfTheSameInstant() throws Exception {
    send(raise(WARNING, T, T + 10));
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);

    try (KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> restored =
        restore(snapshot)) {
      send(restored, raise(CRITICAL, T, T + 10));
      restored.processWatermark(T + 10);

      assertThat(emitted(restored))
          .singleElement()
          .extracting(Alert::status, Alert::severity, Alert::alertId)
          .containsExactly(AlertStatus.RAISED, CRITICAL, idFrom(T));
    }
  }

  @Test
  void anOpenEpisodeSurvivesASnapshot() throws Exception {
    send(raise(WARNING, T, T + 10));
    harness.processWatermark(T + 10);
    assertThat(emitted()).hasSize(1);
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);

    try (KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> restored =
        restore(snapshot)) {
      send(restored, raise(WARNING, T + 15, T + 20), clear(T + 25, T + 30));
      restored.processWatermark(T + 30);

      assertThat(emitted(restored))
          .singleElement()
          .extracting(Alert::status, Alert::severity, Alert::alertId)
          .containsExactly(AlertStatus.CLEARED, WARNING, idFrom(T));
      assertThat(restored.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void alertsWrittenAreCountedByTypeAndStatus() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    AlertSignal backlog =
        new AlertSignal(
            AlertType.CLEARANCE_BACKLOG, BOTEN, true, WARNING, T, T + 10 * MINUTE, "backlog", "{}");
    try (KeyedOneInputStreamOperatorTestHarness<String, AlertSignal, Alert> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AlertEpisodes()),
            AlertSignal::episodeKey,
            Types.STRING,
            metrics.environment())) {
      h.open();
      send(
          h,
          backlog,
          raise(WARNING, T, T + 45 * MINUTE),
          raise(WARNING, T, T + 60 * MINUTE), // a repeat: no alert, no count
          raise(CRITICAL, T, T + 75 * MINUTE),
          clear(T, T + 90 * MINUTE));
      h.processWatermark(T + 90 * MINUTE);

      assertThat(emitted(h)).hasSize(4);
    }

    String name =
        JobMetrics.GROUP
            + "."
            + JobMetrics.TYPE
            + "."
            + JobMetrics.STATUS
            + "."
            + JobMetrics.ALERTS;
    for (AlertStatus status : AlertStatus.values()) {
      assertThat(metrics.count(name, "type", "SUSTAINED_OVERLOAD", "status", status.name()))
          .as("SUSTAINED_OVERLOAD %s", status)
          .isEqualTo(1);
    }
    assertThat(metrics.count(name, "type", "CLEARANCE_BACKLOG", "status", "RAISED")).isEqualTo(1);
    assertThat(metrics.count(name, "type", "CLEARANCE_BACKLOG", "status", "CLEARED")).isZero();
    assertThat(metrics.count(name, "type", "QUEUE_GROWTH", "status", "RAISED")).isZero();
  }
}
