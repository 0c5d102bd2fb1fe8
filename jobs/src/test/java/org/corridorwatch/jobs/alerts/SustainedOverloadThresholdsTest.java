package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.PINGXIANG;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.end;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.reading;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.UtilisationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The overload runs under thresholds that change while the job runs: each reading carries the
 * thresholds in force at its window end, and the real CEP operators of {@link SustainedOverload}
 * judge every reading by its own. A changed count applies to the runs in progress, a changed level
 * to the readings from its time on.
 */
class SustainedOverloadThresholdsTest {
  private static final AlertThresholds DEFAULTS = AlertThresholds.defaults();
  private KeyedOneInputStreamOperatorTestHarness<String, JudgedReading, AlertSignal> harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private static AlertThresholds withReadings(int n) {
    return new AlertThresholds(
        DEFAULTS.overloadLevel(),
        DEFAULTS.severeLevel(),
        DEFAULTS.clearLevel(),
        n,
        DEFAULTS.backlogWarningCount(),
        DEFAULTS.backlogCriticalCount(),
        DEFAULTS.queueLevel(),
        DEFAULTS.queueReadings(),
        null,
        null);
  }

  private static AlertThresholds withLevels(String clear, String overload, String severe) {
    return new AlertThresholds(
        UtilisationLevel.of(overload),
        UtilisationLevel.of(severe),
        UtilisationLevel.of(clear),
        DEFAULTS.overloadReadings(),
        DEFAULTS.backlogWarningCount(),
        DEFAULTS.backlogCriticalCount(),
        DEFAULTS.queueLevel(),
        DEFAULTS.queueReadings(),
        null,
        null);
  }

  private void open(String uid) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    harness =
        CepHarness.aroundInputOf(
            SustainedOverload.signals(
                    env.fromData(new JudgedReading(reading(PINGXIANG, 0, 1100), DEFAULTS))
                        .keyBy(JudgedReading::portId))
                .getTransformation(),
            uid);
    harness.open();
  }

  /** Reading {@code index} with {@code trips} of 1000, judged under {@code t}; findings so far. */
  private List<AlertSignal> feed(int index, long trips, AlertThresholds t) throws Exception {
    long timestamp = end(index) - 1;
    harness.processElement(new JudgedReading(reading(PINGXIANG, index, trips), t), timestamp);
    harness.processWatermark(timestamp);
    List<AlertSignal> out = new ArrayList<>(harness.extractOutputValues());
    harness.getOutput().clear();
    return out;
  }

  @Test
  void loweringTheCountCompletesTheRunInProgressAtOnce() throws Exception {
    open("overload-run");
    assertThat(feed(0, 1100, DEFAULTS)).isEmpty();
    assertThat(feed(1, 1100, DEFAULTS)).isEmpty();

    // from reading 2 on, 3 readings are enough: the run of 0, 1, 2 completes now
    List<AlertSignal> found = feed(2, 1100, withReadings(3));

    assertThat(found)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.raise()).isTrue();
              assertThat(s.startedAtMillis()).isEqualTo(end(0));
              assertThat(s.atMillis()).isEqualTo(end(2) - 1);
              assertThat(s.evidenceJson()).contains("\"readings\":3");
            });
  }

  @Test
  void raisingTheCountMakesTheRunInProgressNeedMoreReadings() throws Exception {
    open("overload-run");
    for (int i = 0; i < 3; i++) {
      assertThat(feed(i, 1100, DEFAULTS)).isEmpty();
    }

    // the 4th reading would complete a run of 4, but from it on 6 are needed
    assertThat(feed(3, 1100, withReadings(6))).isEmpty();
    assertThat(feed(4, 1100, withReadings(6))).isEmpty();
    List<AlertSignal> found = feed(5, 1100, withReadings(6));

    assertThat(found)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.startedAtMillis()).isEqualTo(end(0));
              assertThat(s.atMillis()).isEqualTo(end(5) - 1);
              assertThat(s.evidenceJson()).contains("\"readings\":6");
            });
  }

  @Test
  void aRaisedLevelStopsReadingsCountingFromItsTimeOn() throws Exception {
    open("overload-run");
    assertThat(feed(0, 1100, DEFAULTS)).isEmpty();
    assertThat(feed(1, 1100, DEFAULTS)).isEmpty();

    // 110% is no longer over once the level is 1.20: reading 2 breaks the run, and 3 .. 6 at
    // 115% never make one
    AlertThresholds higher = withLevels("0.90", "1.20", "1.50");
    assertThat(feed(2, 1100, higher)).isEmpty();
    for (int i = 3; i < 7; i++) {
      assertThat(feed(i, 1150, higher)).as("reading %d", i).isEmpty();
    }
    // exactly at the new level is not above it; one trip more is
    assertThat(feed(7, 1200, higher)).isEmpty();
    for (int i = 8; i < 11; i++) {
      assertThat(feed(i, 1201, higher)).isEmpty();
    }
    assertThat(feed(11, 1201, higher))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.startedAtMillis()).isEqualTo(end(8));
              assertThat(s.evidenceJson()).contains("\"level\":1.2");
            });
  }

  @Test
  void aLoweredClearLevelClearsWhereTheDefaultsWouldWait() throws Exception {
    open("clear-run");
    // 95% neither raises nor clears under the defaults (hysteresis between 0.90 and 1.00)
    for (int i = 0; i < 4; i++) {
      assertThat(feed(i, 950, DEFAULTS)).isEmpty();
    }
    // from reading 4 on, anything under 0.96 clears
    AlertThresholds easier = withLevels("0.96", "1.00", "1.25");
    for (int i = 4; i < 7; i++) {
      assertThat(feed(i, 950, easier)).isEmpty();
    }
    assertThat(feed(7, 950, easier))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.raise()).isFalse();
              assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
              assertThat(s.startedAtMillis()).isEqualTo(end(4));
              assertThat(s.evidenceJson()).contains("\"level\":0.96");
            });
  }
}
