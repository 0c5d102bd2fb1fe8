package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.UtilisationLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which thresholds a reading is judged by: the options' until a {@code THRESHOLDS} record is in
 * force at its window end; then the latest in force, for its port or for every port, the port's own
 * on a tie. Records of other types, and records for other ports, change nothing.
 */
class AttachThresholdsTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String BOTEN = "LA-BOTEN";
  private static final long HOUR = 3_600_000L;
  private static final long T = Instant.parse("2019-07-03T00:00:00Z").toEpochMilli();
  private static final AlertThresholds START = AlertThresholds.defaults();

  private BroadcastOperatorTestHarness<PortUtilisation, ControlRecord, JudgedReading> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new AttachThresholds(START), ThresholdsInForce.CHANGES);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static AlertThresholds overloadAt(String level) {
    return new AlertThresholds(
        UtilisationLevel.of(level),
        UtilisationLevel.of("5"),
        START.clearLevel(),
        START.overloadReadings(),
        START.backlogWarningCount(),
        START.backlogCriticalCount(),
        START.queueLevel(),
        START.queueReadings(),
        null,
        null);
  }

  private void send(ControlRecord control) throws Exception {
    harness.processBroadcastElement(control, Long.MIN_VALUE);
  }

  /** The thresholds the reading of {@code port} ending at {@code windowEnd} is judged by. */
  private AlertThresholds judged(String port, long windowEnd) throws Exception {
    harness.getOutput().clear();
    harness.processElement(
        new PortUtilisation(port, windowEnd - 24 * HOUR, windowEnd, 900, 800, 1000), windowEnd - 1);
    JudgedReading out = harness.extractOutputValues().get(0);
    assertThat(out.reading().windowEndMillis()).isEqualTo(windowEnd);
    return out.thresholds();
  }

  @Test
  void theOptionsApplyUntilARecordIsInForceFromItsEffectiveTimeOn() throws Exception {
    send(ControlRecord.thresholds("ctl-1", null, overloadAt("1.5"), T));

    assertThat(judged(PINGXIANG, T - 1)).isEqualTo(START);
    assertThat(judged(PINGXIANG, T)).isEqualTo(overloadAt("1.5"));
    assertThat(judged(BOTEN, T + HOUR)).isEqualTo(overloadAt("1.5"));
  }

  @Test
  void aPortsOwnRecordAppliesToItAloneAndWinsATie() throws Exception {
    send(ControlRecord.thresholds("ctl-1", null, overloadAt("1.5"), T));
    send(ControlRecord.thresholds("ctl-2", PINGXIANG, overloadAt("1.1"), T));

    assertThat(judged(PINGXIANG, T)).isEqualTo(overloadAt("1.1"));
    assertThat(judged(BOTEN, T)).isEqualTo(overloadAt("1.5"));
  }

  @Test
  void theLaterRecordInForceWinsWhicheverScopeItHas() throws Exception {
    send(ControlRecord.thresholds("ctl-1", PINGXIANG, overloadAt("1.1"), T));
    send(ControlRecord.thresholds("ctl-2", null, overloadAt("1.5"), T + HOUR));
    send(ControlRecord.thresholds("ctl-3", PINGXIANG, overloadAt("1.2"), T + 2 * HOUR));

    assertThat(judged(PINGXIANG, T + HOUR - 1)).isEqualTo(overloadAt("1.1"));
    assertThat(judged(PINGXIANG, T + HOUR)).isEqualTo(overloadAt("1.5"));
    assertThat(judged(PINGXIANG, T + 2 * HOUR)).isEqualTo(overloadAt("1.2"));
    assertThat(judged(BOTEN, T + 2 * HOUR)).isEqualTo(overloadAt("1.5"));
  }

  @Test
  void aCorrectionForTheSameScopeAndTimeReplacesTheFirstAndCapacityRecordsAreNotThresholds()
      throws Exception {
    send(ControlRecord.thresholds("ctl-1", null, overloadAt("1.5"), T));
    send(ControlRecord.thresholds("ctl-2", null, overloadAt("1.3"), T));
    send(ControlRecord.capacity("ctl-3", PINGXIANG, 300, 400, T));

    assertThat(judged(PINGXIANG, T)).isEqualTo(overloadAt("1.3"));
    assertThat(harness.getBroadcastState(ThresholdsInForce.CHANGES).entries()).hasSize(1);
  }
}
