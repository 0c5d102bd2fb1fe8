package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.PINGXIANG;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.end;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.reading;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.junit.jupiter.api.Test;

/**
 * The overload pattern's partial match is operator state: a run of 3 readings over 1.00 seen before
 * a snapshot and the 4th after a restore are one finding, exactly once.
 *
 * <p>The {@link CepOperator} under test is the one {@link SustainedOverload#signals} puts in the
 * job graph (its pattern, skip strategy and {@code RunToSignal}), taken from the graph's
 * transformation, not a copy of the pattern.
 */
class SustainedOverloadSnapshotTest {
  private static final long OVER = 1100;

  private static JudgedReading judged(String port, int index, long trips) {
    return new JudgedReading(reading(port, index, trips), AlertThresholds.defaults());
  }

  /** A fresh harness around the real CEP operator of the run {@code uid}. */
  private static KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> harness(
      String uid) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    return CepHarness.aroundInputOf(
        SustainedOverload.signals(
                env.fromData(judged(PINGXIANG, 0, OVER)).keyBy(JudgedReading::portId))
            .getTransformation(),
        uid);
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> h,
      int index,
      long trips,
      boolean advanceWatermark)
      throws Exception {
    long timestamp = end(index) - 1;
    h.processElement(judged(PINGXIANG, index, trips), timestamp);
    if (advanceWatermark) {
      h.processWatermark(timestamp);
    }
  }

  private static List<AlertSignal> emitted(
      KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> h) {
    List<AlertSignal> out = new ArrayList<>(h.extractOutputValues());
    h.getOutput().clear();
    return out;
  }

  private static void assertOneOverloadFindingFromReading0(List<AlertSignal> findings) {
    assertThat(findings)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(AlertType.SUSTAINED_OVERLOAD);
              assertThat(s.subject()).isEqualTo(PINGXIANG);
              assertThat(s.raise()).isTrue();
              assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
              assertThat(s.startedAtMillis()).isEqualTo(end(0));
              assertThat(s.atMillis()).isEqualTo(end(3) - 1);
              assertThat(s.evidenceJson())
                  .contains("\"readings\":4")
                  .contains("\"windowEnd\":\"2026-11-22T06:15:00Z\"")
                  .contains("\"windowEnd\":\"2026-11-22T07:00:00Z\"");
            });
  }

  @Test
  void threeReadingsMatchedBeforeASnapshotAndTheFourthAfterRestoreAreOneFinding() throws Exception {
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> before =
        harness("overload-run")) {
      before.open();
      // the watermark passes each reading, so the NFA (not the input buffer) holds the partial
      // match of 3 when the snapshot is taken
      for (int i = 0; i < 3; i++) {
        feed(before, i, OVER, true);
      }
      assertThat(emitted(before)).isEmpty();
      snapshot = before.snapshot(1L, 1L);
    }

    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> after =
        harness("overload-run")) {
      after.setup();
      after.initializeState(snapshot);
      after.open();
      assertThat(emitted(after)).isEmpty();

      feed(after, 3, OVER, true);
      assertOneOverloadFindingFromReading0(emitted(after));

      // the run was consumed: 3 more readings over do not complete another one
      for (int i = 4; i < 7; i++) {
        feed(after, i, OVER, true);
      }
      after.processWatermark(end(10));
      assertThat(emitted(after)).isEmpty();
    }
  }

  @Test
  void withoutTheRestoredPartialMatchTheFourthReadingAloneFindsNothing() throws Exception {
    // the control for the test above: the finding comes from restored state, not the 4th reading
    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> fresh =
        harness("overload-run")) {
      fresh.open();
      feed(fresh, 3, OVER, true);
      fresh.processWatermark(end(10));

      assertThat(emitted(fresh)).isEmpty();
    }
  }

  @Test
  void readingsBufferedAheadOfTheWatermarkAtTheSnapshotAreMatchedAfterRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> before =
        harness("overload-run")) {
      before.open();
      for (int i = 0; i < 3; i++) {
        feed(before, i, OVER, false);
      }
      assertThat(emitted(before)).isEmpty();
      snapshot = before.snapshot(1L, 1L);
    }

    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> after =
        harness("overload-run")) {
      after.setup();
      after.initializeState(snapshot);
      after.open();

      feed(after, 3, OVER, true);
      assertOneOverloadFindingFromReading0(emitted(after));
    }
  }

  @Test
  void aReadingAtTheLevelAfterRestoreBreaksTheRestoredRun() throws Exception {
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> before =
        harness("overload-run")) {
      before.open();
      for (int i = 0; i < 3; i++) {
        feed(before, i, OVER, true);
      }
      snapshot = before.snapshot(1L, 1L);
    }

    try (KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> after =
        harness("overload-run")) {
      after.setup();
      after.initializeState(snapshot);
      after.open();

      feed(after, 3, 1000, true);
      for (int i = 4; i < 7; i++) {
        feed(after, i, OVER, true);
      }
      assertThat(emitted(after)).isEmpty();

      feed(after, 7, OVER, true);
      assertThat(emitted(after))
          .singleElement()
          .satisfies(s -> assertThat(s.startedAtMillis()).isEqualTo(end(4)));
    }
  }
}
