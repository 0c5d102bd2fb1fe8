package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.MiniClusters;
import org.corridorwatch.jobs.alerts.ClearanceBacklog.Timeout;
import org.corridorwatch.jobs.alerts.ClearanceBacklog.Timing;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The vehicles {@link ClearanceBacklog#timeouts} reports: a CEP partial match {@code ARRIVED} per
 * port and vehicle that no {@code CLEARED} or {@code REJECTED} completed within 6 h, reported once,
 * stamped arrival + 6 h, when the watermark reaches that time.
 *
 * <p>Most cases drive the real {@link CepOperator} that {@code timeouts} puts in the job graph (its
 * pattern, key and {@code CollectTimeouts}), taken from the graph's transformation, in a keyed
 * harness where the test moves the watermark itself. The quiet-port and end-of-input cases run the
 * whole {@code timeouts} stream on a local mini-cluster.
 */
class ClearanceBacklogTimeoutTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.onLoopback(1);

  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String BOTEN = "LA-BOTEN";
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long LIMIT = 6 * HOUR;
  private static final long T = Instant.parse("2026-11-22T06:00:00Z").toEpochMilli();

  private static BorderCrossing crossing(
      String port, String vehicle, CrossingStage stage, long at) {
    return new BorderCrossing(
        port + "/" + vehicle + "/" + stage + "/" + at,
        port,
        vehicle,
        stage,
        CrossingDirection.IMPORT,
        VehicleType.TRUCK,
        true,
        at);
  }

  private static BorderCrossing arrived(String port, String vehicle, long at) {
    return crossing(port, vehicle, CrossingStage.ARRIVED, at);
  }

  private static BorderCrossing cleared(String port, String vehicle, long at) {
    return crossing(port, vehicle, CrossingStage.CLEARED, at);
  }

  private static Timeout timeoutOf(String port, String vehicle, long arrivedAt) {
    return new Timeout(port, vehicle, arrivedAt, arrivedAt + LIMIT);
  }

  // ---------------------------------------------------------------------------------------------
  // the real CEP operator in a keyed harness

  private static final class Cep implements AutoCloseable {
    final KeyedOneInputStreamOperatorTestHarness<String, BorderCrossing, Void> harness;

    /** A fresh harness around the CEP operator {@link ClearanceBacklog#timeouts} builds. */
    @SuppressWarnings("unchecked")
    Cep() throws Exception {
      // only to build the graph; in this class the mini-cluster provides the environment
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      DataStream<Timeout> timeouts =
          ClearanceBacklog.timeouts(env.fromData(arrived(PINGXIANG, "V", T)), Timing.defaults());
      // the side output's only input is the pattern operator
      Transformation<?> pattern = timeouts.getTransformation().getInputs().get(0);
      assertThat(pattern.getUid()).isEqualTo("clearance-pattern-by-bucket");
      harness = CepHarness.around(pattern);
    }

    Cep open() throws Exception {
      harness.open();
      return this;
    }

    Cep restore(OperatorSubtaskState snapshot) throws Exception {
      harness.setup();
      harness.initializeState(snapshot);
      harness.open();
      return this;
    }

    Cep send(BorderCrossing... crossings) throws Exception {
      for (BorderCrossing c : crossings) {
        harness.processElement(c, c.eventTimeMillis());
      }
      return this;
    }

    Cep watermark(long at) throws Exception {
      harness.processWatermark(at);
      return this;
    }

    /** The timeout records emitted since the last call, with their timestamps. */
    List<StreamRecord<Timeout>> records() {
      Queue<StreamRecord<Timeout>> side = harness.getSideOutput(ClearanceBacklog.TIMEOUTS);
      List<StreamRecord<Timeout>> out = new ArrayList<>();
      if (side != null) {
        out.addAll(side);
        side.clear();
      }
      // a match (cleared in time) reports nothing on the main output
      assertThat(harness.extractOutputValues()).isEmpty();
      return out;
    }

    /** The timeouts emitted since the last call. */
    List<Timeout> timeouts() {
      return records().stream().map(StreamRecord::getValue).toList();
    }

    @Override
    public void close() throws Exception {
      harness.close();
    }
  }

  @Test
  void aVehicleNeverClearedTimesOutOnceAtArrivalPlus6hOnlyWhenTheWatermarkReachesIt()
      throws Exception {
    try (Cep cep = new Cep().open()) {
      cep.send(arrived(PINGXIANG, "V1", T)).watermark(T);
      assertThat(cep.timeouts()).isEmpty();

      cep.watermark(T + LIMIT - 1);
      assertThat(cep.timeouts()).as("1 ms before arrival + 6 h").isEmpty();

      cep.watermark(T + LIMIT);
      List<StreamRecord<Timeout>> records = cep.records();
      assertThat(records)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getValue()).isEqualTo(timeoutOf(PINGXIANG, "V1", T));
                assertThat(r.getTimestamp()).isEqualTo(T + LIMIT);
              });

      cep.watermark(T + 3 * LIMIT);
      assertThat(cep.timeouts()).as("reported once").isEmpty();
    }
  }

  @Test
  void theWatermarkJumpingFarPastTheLimitStillGivesOneTimeoutStampedAtArrivalPlus6h()
      throws Exception {
    try (Cep cep = new Cep().open()) {
      cep.send(arrived(PINGXIANG, "V1", T + 7 * MINUTE)).watermark(T + 5 * 24 * HOUR);

      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T + 7 * MINUTE));
    }
  }

  @Test
  void clearedOneMillisecondBeforeTheLimitIsInTime() throws Exception {
    try (Cep cep = new Cep().open()) {
      cep.send(arrived(PINGXIANG, "V1", T)).watermark(T);
      cep.send(cleared(PINGXIANG, "V1", T + LIMIT - 1)).watermark(T + LIMIT - 1);
      cep.watermark(T + LIMIT).watermark(T + 3 * LIMIT);

      assertThat(cep.timeouts()).isEmpty();
    }
  }

  @Test
  void clearedOneMillisecondBeforeTheLimitIsInTimeEvenWhenOneWatermarkPassesBoth()
      throws Exception {
    // the decision and the limit are both behind the same watermark: the NFA is fed the decision
    // (in event-time order) before time is advanced to the watermark
    try (Cep cep = new Cep().open()) {
      cep.send(arrived(PINGXIANG, "V1", T), cleared(PINGXIANG, "V1", T + LIMIT - 1));
      cep.watermark(T + 3 * LIMIT);

      assertThat(cep.timeouts()).isEmpty();
    }
  }

  /**
   * Flink 2.2 CEP: {@code within(6 h)} excludes its end. A decision at exactly arrival + 6 h comes
   * too late: when the watermark reaches it, the operator first advances the NFA to that timestamp,
   * which times out the partial match ({@code timestamp - start >= within}), and only then feeds
   * the decision, which no longer has an ARRIVED to follow. This agrees with {@code
   * ClearanceBacklogOracle}, which counts {@code decided - arrived >= limit} as a timeout.
   */
  @Test
  void clearedExactlyAtTheLimitTimesOutBecauseWithinExcludesItsEnd() throws Exception {
    try (Cep cep = new Cep().open()) {
      cep.send(arrived(PINGXIANG, "V1", T)).watermark(T);
      cep.send(cleared(PINGXIANG, "V1", T + LIMIT)).watermark(T + LIMIT - 1);
      assertThat(cep.timeouts()).isEmpty();

      cep.watermark(T + LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T));

      cep.watermark(T + 3 * LIMIT);
      assertThat(cep.timeouts()).isEmpty();
    }
  }

  @Test
  void clearedExactlyAtTheLimitTimesOutAlsoWhenOneWatermarkPassesBoth() throws Exception {
    try (Cep cep = new Cep().open()) {
      cep.send(arrived(PINGXIANG, "V1", T), cleared(PINGXIANG, "V1", T + LIMIT));
      cep.watermark(T + 3 * LIMIT);

      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T));
    }
  }

  @Test
  void rejectedIsACustomsDecisionAndEndsTheWaitLikeCleared() throws Exception {
    try (Cep cep = new Cep().open()) {
      cep.send(
          arrived(PINGXIANG, "V1", T),
          crossing(PINGXIANG, "V1", CrossingStage.REJECTED, T + HOUR),
          arrived(PINGXIANG, "V2", T),
          crossing(PINGXIANG, "V2", CrossingStage.REJECTED, T + LIMIT - 1),
          // the control: a vehicle that only departed was never decided by customs
          arrived(PINGXIANG, "V3", T),
          crossing(PINGXIANG, "V3", CrossingStage.DEPARTED, T + HOUR));
      cep.watermark(T + 3 * LIMIT);

      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V3", T));
    }
  }

  @Test
  void twoVehiclesAtOnePortWaitIndependently() throws Exception {
    try (Cep cep = new Cep().open()) {
      // V2's decision must not complete V1's wait, and V1's timeout must not take V2's with it
      cep.send(
          arrived(PINGXIANG, "V1", T),
          arrived(PINGXIANG, "V2", T + HOUR),
          cleared(PINGXIANG, "V2", T + 2 * HOUR),
          arrived(PINGXIANG, "V3", T + HOUR));
      cep.watermark(T + LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T));

      cep.watermark(T + HOUR + LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V3", T + HOUR));

      cep.watermark(T + 3 * LIMIT);
      assertThat(cep.timeouts()).isEmpty();
    }
  }

  @Test
  void theSameVehicleIdAtTwoPortsWaitsIndependently() throws Exception {
    try (Cep cep = new Cep().open()) {
      // "V" cleared at Boten must not count as "V" cleared at Pingxiang
      cep.send(
          arrived(PINGXIANG, "V", T),
          arrived(BOTEN, "V", T + 30 * MINUTE),
          cleared(BOTEN, "V", T + HOUR));
      cep.watermark(T + 3 * LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V", T));

      // and the other way round
      cep.send(
          arrived(PINGXIANG, "W", T + 4 * LIMIT),
          arrived(BOTEN, "W", T + 4 * LIMIT),
          cleared(PINGXIANG, "W", T + 4 * LIMIT + HOUR));
      cep.watermark(T + 6 * LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(BOTEN, "W", T + 4 * LIMIT));
    }
  }

  /** A vehicle id other than {@code vehicle} that shares its pattern key at {@code port}. */
  private static String sameKeyAs(String port, String vehicle) {
    String key = ClearanceBacklog.vehicleBucket(arrived(port, vehicle, T));
    for (int i = 0; ; i++) {
      String other = "W" + i;
      if (ClearanceBacklog.vehicleBucket(arrived(port, other, T)).equals(key)) {
        return other;
      }
    }
  }

  @Test
  void vehiclesSharingAPatternKeyWaitIndependently() throws Exception {
    String other = sameKeyAs(PINGXIANG, "V1");
    try (Cep cep = new Cep().open()) {
      // the other vehicle's clearance, in V1's key, must not end V1's wait, nor V1's its own
      cep.send(
          arrived(PINGXIANG, "V1", T),
          arrived(PINGXIANG, other, T + HOUR),
          cleared(PINGXIANG, other, T + 2 * HOUR));
      cep.watermark(T + 3 * LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T));

      cep.send(
          arrived(PINGXIANG, "V1", T + 4 * LIMIT),
          arrived(PINGXIANG, other, T + 4 * LIMIT),
          cleared(PINGXIANG, "V1", T + 4 * LIMIT + HOUR));
      cep.watermark(T + 6 * LIMIT);
      assertThat(cep.timeouts()).containsExactly(timeoutOf(PINGXIANG, other, T + 4 * LIMIT));
    }
  }

  @Test
  void theStateIsBoundedByPortsNotByVehiclesSeen() throws Exception {
    // Flink CEP keeps a key's NFA state after its last match, so a key per vehicle grew with
    // every vehicle ever seen; 2,000 vehicles cleared in time must leave at most one key per bucket
    int vehicles = 2_000;
    try (Cep cep = new Cep().open()) {
      for (int v = 0; v < vehicles; v++) {
        long at = T + v * MINUTE;
        cep.send(arrived(PINGXIANG, "V" + v, at), cleared(PINGXIANG, "V" + v, at + HOUR));
      }
      cep.watermark(T + vehicles * MINUTE + 3 * LIMIT);

      assertThat(cep.timeouts()).isEmpty();
      assertThat(cep.harness.numKeyedStateEntries())
          .isLessThanOrEqualTo(ClearanceBacklog.VEHICLE_BUCKETS);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // snapshot and restore of a waiting vehicle

  /** A snapshot taken while V1, arrived at T, waits; {@code watermark} is the last one before. */
  private static OperatorSubtaskState snapshotWhileV1Waits(long watermark) throws Exception {
    try (Cep before = new Cep().open()) {
      before.send(arrived(PINGXIANG, "V1", T)).watermark(watermark);
      assertThat(before.timeouts()).isEmpty();
      return before.harness.snapshot(1L, 1L);
    }
  }

  @Test
  void aVehicleArrivedBeforeASnapshotTimesOutExactlyOnceAfterRestore() throws Exception {
    // the watermark passed the ARRIVED: the NFA holds the partial match when the snapshot is taken
    OperatorSubtaskState snapshot = snapshotWhileV1Waits(T + HOUR);

    try (Cep after = new Cep().restore(snapshot)) {
      assertThat(after.timeouts()).isEmpty();

      after.watermark(T + LIMIT - 1);
      assertThat(after.timeouts()).isEmpty();

      after.watermark(T + LIMIT);
      assertThat(after.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T));

      after.watermark(T + 3 * LIMIT);
      assertThat(after.timeouts()).as("not doubled").isEmpty();
    }
  }

  @Test
  void aVehicleArrivedBeforeASnapshotAndClearedInTimeAfterRestoreDoesNotTimeOut() throws Exception {
    OperatorSubtaskState snapshot = snapshotWhileV1Waits(T + HOUR);

    try (Cep after = new Cep().restore(snapshot)) {
      after.send(cleared(PINGXIANG, "V1", T + 5 * HOUR)).watermark(T + 3 * LIMIT);

      assertThat(after.timeouts()).isEmpty();
    }
  }

  @Test
  void anArrivalStillBufferedAheadOfTheWatermarkAtTheSnapshotTimesOutOnceAfterRestore()
      throws Exception {
    // the watermark has not reached the ARRIVED: it is in the operator's input buffer, not the NFA
    OperatorSubtaskState snapshot = snapshotWhileV1Waits(T - 1);

    try (Cep after = new Cep().restore(snapshot)) {
      after.watermark(T + LIMIT - 1);
      assertThat(after.timeouts()).isEmpty();

      after.watermark(T + 3 * LIMIT);
      assertThat(after.timeouts()).containsExactly(timeoutOf(PINGXIANG, "V1", T));
    }
  }

  @Test
  void withoutTheRestoredStateNothingTimesOut() throws Exception {
    // the control for the restore tests: the timeout comes from the snapshot, not from the
    // watermark alone
    try (Cep fresh = new Cep().open()) {
      fresh.watermark(T + HOUR).watermark(T + 3 * LIMIT);

      assertThat(fresh.timeouts()).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the whole timeouts stream on a local cluster

  /**
   * A timeout as it reached the next operator, with that operator's watermark at that moment: the
   * last watermark the pattern operator forwarded before emitting it, so the event time the rest of
   * the input had reached when the timeout was reported.
   */
  public record Observed(Timeout timeout, long watermarkBefore) {}

  private static final class WatermarkAtReceipt extends ProcessFunction<Timeout, Observed> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Timeout t, Context ctx, Collector<Observed> out) {
      out.collect(new Observed(t, ctx.timerService().currentWatermark()));
    }
  }

  /** A watermark just behind every record, at once: event time moves with each crossing read. */
  private static final class BehindEveryRecord implements WatermarkGenerator<BorderCrossing> {
    @Override
    public void onEvent(BorderCrossing c, long timestamp, WatermarkOutput output) {
      output.emitWatermark(new Watermark(timestamp - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }

  private static List<Observed> run(List<BorderCrossing> crossings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    DataStream<BorderCrossing> input =
        env.fromData(crossings)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<BorderCrossing>forGenerator(ctx -> new BehindEveryRecord())
                    .withTimestampAssigner((c, previous) -> c.eventTimeMillis()));
    DataStream<Observed> observed =
        ClearanceBacklog.timeouts(input, Timing.defaults())
            .process(new WatermarkAtReceipt())
            .returns(Observed.class);
    List<Observed> out = new ArrayList<>();
    try (CloseableIterator<Observed> it = observed.executeAndCollect("clearance-timeouts")) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  /**
   * Pingxiang: one vehicle arrives at T and then nothing more happens there. Boten keeps working: a
   * vehicle arrives every 30 min (at :01 and :31) and is cleared 10 min later, until T + 9h41m.
   *
   * <p>A bounded input ends with the maximum watermark, which times out every pending vehicle, so
   * "the Pingxiang vehicle timed out" alone would hold even if timeouts waited for Pingxiang's own
   * traffic (there is none) or for the end of the input. The test therefore records, next to the
   * timeout, the watermark the next operator had when it arrived: the timeout must come out while
   * event time is just short of T + 6 h, i.e. right after Boten's crossing at T + 5h41m and
   * triggered by Boten's next one (T + 6h01m). Reported at the end of the input instead, it would
   * carry the watermark of Boten's last crossing, T + 9h41m - 1 ms.
   */
  @Test
  void aQuietPortsVehicleTimesOutWhenAnotherPortsTrafficMovesTheWatermarkPastItsLimit()
      throws Exception {
    List<BorderCrossing> crossings = new ArrayList<>();
    crossings.add(arrived(PINGXIANG, "QUIET-1", T));
    for (int k = 0; k < 20; k++) {
      long at = T + k * 30 * MINUTE + MINUTE;
      crossings.add(arrived(BOTEN, "B" + k, at));
      crossings.add(cleared(BOTEN, "B" + k, at + 10 * MINUTE));
    }
    crossings.sort(Comparator.comparingLong(BorderCrossing::eventTimeMillis));
    long lastBoten = crossings.get(crossings.size() - 1).eventTimeMillis();
    assertThat(lastBoten).isEqualTo(T + 9 * HOUR + 41 * MINUTE);

    List<Observed> observed = run(crossings);

    assertThat(observed)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.timeout()).isEqualTo(timeoutOf(PINGXIANG, "QUIET-1", T));
              // before: event time had not reached the limit yet ...
              assertThat(o.watermarkBefore()).isLessThan(T + LIMIT);
              // ... and was at Boten's crossing of T + 5h41m, the last one before the limit
              assertThat(o.watermarkBefore())
                  .isEqualTo(T + 5 * HOUR + 41 * MINUTE - 1)
                  .isLessThan(lastBoten - 1);
            });
  }

  @Test
  void atTheEndOfABoundedInputEveryVehicleStillWaitingTimesOutOnce() throws Exception {
    List<BorderCrossing> crossings =
        List.of(
            arrived(PINGXIANG, "V1", T),
            arrived(PINGXIANG, "V2", T + 10 * MINUTE),
            arrived(BOTEN, "V1", T + 15 * MINUTE),
            arrived(PINGXIANG, "V3", T + 20 * MINUTE),
            cleared(PINGXIANG, "V2", T + 30 * MINUTE),
            arrived(BOTEN, "V4", T + 40 * MINUTE),
            crossing(BOTEN, "V4", CrossingStage.REJECTED, T + 50 * MINUTE),
            crossing(PINGXIANG, "V9", CrossingStage.DEPARTED, T + HOUR));

    List<Observed> observed = run(crossings);

    assertThat(observed)
        .extracting(Observed::timeout)
        .containsExactlyInAnyOrder(
            timeoutOf(PINGXIANG, "V1", T),
            timeoutOf(BOTEN, "V1", T + 15 * MINUTE),
            timeoutOf(PINGXIANG, "V3", T + 20 * MINUTE));
    // the input's own event time never reached any limit: the end of the input timed them out,
    // after the watermark of its last record (so a timeout reported only at the end of the quiet
    // port test's input would carry the watermark of Boten's last crossing)
    assertThat(observed).allSatisfy(o -> assertThat(o.watermarkBefore()).isEqualTo(T + HOUR - 1));
  }

  @Test
  void limitAndWindowDefaults() {
    Timing t = Timing.defaults();
    assertThat(t.limit()).isEqualTo(Duration.ofHours(6));
    assertThat(t.window()).isEqualTo(Duration.ofHours(1));
  }
}
