package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.corridorwatch.jobs.MiniClusters;
import org.corridorwatch.jobs.alerts.QueueGrowth.QueueLength;
import org.corridorwatch.jobs.alerts.QueueGrowth.QueueReading;
import org.corridorwatch.jobs.alerts.QueueGrowth.WithUtilisation;
import org.corridorwatch.jobs.ingest.AsRead;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code QUEUE_GROWTH}: {@link QueueLength} reads each port's queue at every slot end while the
 * port had a crossing in the last 24 h, {@link WithUtilisation} pairs it with the utilisation
 * reading of the same slot end, and {@link QueueGrowth#signals} turns 4 consecutive growing
 * readings above 0.85 into a WARNING and 4 non-growing ones into a clearing.
 */
class QueueGrowthTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.onLoopback(1);

  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String BOTEN = "LA-BOTEN";
  private static final String HEKOU = "CN-HEKOU";
  private static final String MOHAN = "CN-MOHAN";
  private static final long MINUTE = 60_000L;
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;
  private static final long DAY = EventTimeRules.DAY_MILLIS;
  private static final long T = Instant.parse("2026-11-22T06:00:00Z").toEpochMilli();

  /** The end of slot {@code k}, counted from T. */
  private static long end(int k) {
    return T + (k + 1) * SLOT;
  }

  private static int vehicles;

  private static BorderCrossing crossing(String port, CrossingStage stage, long at) {
    vehicles++;
    return new BorderCrossing(
        "e" + vehicles,
        port,
        "V" + vehicles,
        stage,
        CrossingDirection.EXPORT,
        VehicleType.TRUCK,
        true,
        at);
  }

  /** {@code n} crossings of {@code stage} in slot {@code k}, a minute apart from minute 1. */
  private static List<BorderCrossing> inSlot(String port, int k, CrossingStage stage, int n) {
    List<BorderCrossing> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(crossing(port, stage, T + k * SLOT + (1 + i) * MINUTE));
    }
    return out;
  }

  private static PortUtilisation utilisation(String port, long end, long trips) {
    return new PortUtilisation(port, end - DAY, end, trips, 500, 1000);
  }

  private static QueueReading queue(String port, long end, long queue, long change) {
    return new QueueReading(port, end, queue, change, 0, 0, null);
  }

  private static final AlertThresholds DEFAULTS = AlertThresholds.defaults();

  private static JudgedReading judged(String port, long end, long trips) {
    return new JudgedReading(utilisation(port, end, trips), DEFAULTS);
  }

  // ---------------------------------------------------------------------------------------------
  // QueueLength

  private static KeyedOneInputStreamOperatorTestHarness<
          String, Ingested<BorderCrossing>, QueueReading>
      queueLength() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new QueueLength(), in -> in.record().portId(), Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h,
      List<BorderCrossing> crossings)
      throws Exception {
    for (BorderCrossing c : crossings) {
      h.processElement(AsRead.ingested(c), c.eventTimeMillis());
    }
  }

  private static <O> List<O> emittedUpTo(
      KeyedOneInputStreamOperatorTestHarness<String, ?, O> h, long watermark) throws Exception {
    h.processWatermark(watermark);
    List<O> out = new ArrayList<>(h.extractOutputValues());
    h.getOutput().clear();
    return out;
  }

  @Test
  void theQueueIsArrivalsMinusDeparturesAndRefusalsReadAtEachSlotEndWithItsChange()
      throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      List<BorderCrossing> slot0 = new ArrayList<>();
      // in any order within the slot; CLEARED does not leave the queue
      slot0.addAll(inSlot(PINGXIANG, 0, CrossingStage.DEPARTED, 1));
      slot0.addAll(inSlot(PINGXIANG, 0, CrossingStage.CLEARED, 2));
      slot0.addAll(inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 5));
      slot0.addAll(inSlot(PINGXIANG, 0, CrossingStage.REJECTED, 1));
      send(h, slot0); // +5 -1 -1 = 3
      send(h, inSlot(PINGXIANG, 1, CrossingStage.ARRIVED, 1));
      send(h, inSlot(PINGXIANG, 1, CrossingStage.DEPARTED, 3)); // 1 - 3 = -2
      // slot 2: nothing
      send(h, inSlot(PINGXIANG, 3, CrossingStage.ARRIVED, 2)); // +2

      assertThat(emittedUpTo(h, end(0) - 2)).isEmpty();
      assertThat(emittedUpTo(h, end(0) - 1)).containsExactly(queue(PINGXIANG, end(0), 3, 3));
      assertThat(emittedUpTo(h, end(1) - 1)).containsExactly(queue(PINGXIANG, end(1), 1, -2));
      assertThat(emittedUpTo(h, end(2) - 1)).containsExactly(queue(PINGXIANG, end(2), 1, 0));
      assertThat(emittedUpTo(h, end(3) - 1)).containsExactly(queue(PINGXIANG, end(3), 3, 2));
      // each reading carries the event time of its slot's last millisecond
      h.processWatermark(end(4) - 1);
      assertThat(h.extractOutputStreamRecords())
          .singleElement()
          .satisfies(r -> assertThat(r.getTimestamp()).isEqualTo(end(4) - 1));
    }
  }

  @Test
  void aCrossingInASlotAlreadyReadIsLateAndChangesNoQueueReading() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      send(h, inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 2));
      assertThat(emittedUpTo(h, end(0) - 1)).containsExactly(queue(PINGXIANG, end(0), 2, 2));

      h.processElement(
          AsRead.ingested(crossing(PINGXIANG, CrossingStage.DEPARTED, T + MINUTE)), T + MINUTE);
      assertThat(AsRead.deadLetters(h))
          .singleElement()
          .extracting(DeadLetter::reason)
          .isEqualTo(RejectReason.LATE);

      // the next reading is not written for the slot again and still counts two waiting
      assertThat(emittedUpTo(h, end(1) - 1)).containsExactly(queue(PINGXIANG, end(1), 2, 0));
    }
  }

  @Test
  void afterARestoreACrossingInASlotReadBeforeItIsStillLate() throws Exception {
    OperatorSubtaskState snapshot;
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      send(h, inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 1));
      emittedUpTo(h, end(0) - 1);
      snapshot = h.snapshot(1L, 1L);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading>
        restored =
            new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new QueueLength()),
                in -> in.record().portId(),
                Types.STRING)) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(
          AsRead.ingested(crossing(PINGXIANG, CrossingStage.ARRIVED, T + MINUTE)), T + MINUTE);
      assertThat(AsRead.deadLetters(restored)).hasSize(1);
      List<QueueReading> after = emittedUpTo(restored, T + 5 * DAY);
      assertThat(after.get(0).windowEndMillis()).isEqualTo(end(1));
      assertThat(after).extracting(QueueReading::queue).containsOnly(1L);
      assertThat(restored.numEventTimeTimers()).isZero();
    }
  }

  /**
   * After 24 h without a crossing the port's readings stop and nothing is left scheduled: the slot
   * changes and the pending timer are gone. Two values stay: the queue level, since vehicles that
   * arrived and never left are still queued when the port is busy again (the oracle's queue runs on
   * across the gap too), and the slot of the last crossing, a single number per port that the next
   * crossing's reading overwrites before it is used.
   */
  @Test
  void readingsComeEverySlotWhileThePortHadACrossingInTheLast24hThenStop() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      send(h, inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 1));

      assertThat(emittedUpTo(h, end(0) - 1)).containsExactly(queue(PINGXIANG, end(0), 1, 1));
      assertThat(h.numEventTimeTimers()).isEqualTo(1);

      List<QueueReading> rest = emittedUpTo(h, T + 5 * DAY);

      // slot ends T + 30 min .. T + 24 h: the last is the last whose 24 h window [T, T + 24 h)
      // still holds the crossing
      List<Long> ends = rest.stream().map(QueueReading::windowEndMillis).toList();
      assertThat(ends).hasSize(95).first().isEqualTo(end(1));
      assertThat(ends).last().isEqualTo(T + DAY);
      for (int i = 1; i < ends.size(); i++) {
        assertThat(ends.get(i) - ends.get(i - 1)).isEqualTo(SLOT);
      }
      assertThat(rest)
          .extracting(QueueReading::queue, QueueReading::change)
          .containsOnly(tuple(1L, 0L));

      assertThat(h.numEventTimeTimers()).isZero();
      // queue, last-activity and read-through; no slot changes, no pending timer
      assertThat(h.numKeyedStateEntries()).isEqualTo(3);

      // days later the next crossing starts the readings again, from the queue kept
      long later = T + 6 * DAY;
      h.processElement(
          AsRead.ingested(crossing(PINGXIANG, CrossingStage.ARRIVED, later + MINUTE)),
          later + MINUTE);
      assertThat(emittedUpTo(h, later + SLOT - 1))
          .containsExactly(queue(PINGXIANG, later + SLOT, 2, 1));
    }
  }

  @Test
  void aCrossingWithinTheDayKeepsTheReadingsGoingFor24hFromIt() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      send(h, inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 1));
      long at = T + 20 * 60 * MINUTE + 3 * MINUTE; // T + 20h03m, in the slot from T + 20 h
      h.processElement(AsRead.ingested(crossing(PINGXIANG, CrossingStage.DEPARTED, at)), at);

      List<QueueReading> all = emittedUpTo(h, T + 5 * DAY);

      assertThat(all).first().isEqualTo(queue(PINGXIANG, end(0), 1, 1));
      assertThat(all)
          .filteredOn(q -> q.change() != 0)
          .containsExactly(
              queue(PINGXIANG, end(0), 1, 1), queue(PINGXIANG, T + 20 * 60 * MINUTE + SLOT, 0, -1));
      assertThat(all).last().isEqualTo(queue(PINGXIANG, T + 20 * 60 * MINUTE + DAY, 0, 0));
      assertThat(all).hasSize((int) ((20 * 60 * MINUTE + DAY) / SLOT));
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void afterADayWithoutCrossingsTheReadingsResumeAtTheSlotOfTheNextOneAlreadyRead()
      throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      // both crossings read before the watermark moves: the second waits in the slot changes
      long second = T + 3 * DAY + MINUTE;
      send(h, inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 1));
      h.processElement(
          AsRead.ingested(crossing(PINGXIANG, CrossingStage.REJECTED, second)), second);

      List<QueueReading> all = emittedUpTo(h, T + 10 * DAY);

      List<Long> ends = all.stream().map(QueueReading::windowEndMillis).toList();
      assertThat(ends).hasSize(2 * 96);
      assertThat(ends.get(95)).isEqualTo(T + DAY);
      assertThat(ends.get(96)).isEqualTo(T + 3 * DAY + SLOT);
      assertThat(ends).last().isEqualTo(T + 4 * DAY);
      assertThat(all.get(96)).isEqualTo(queue(PINGXIANG, T + 3 * DAY + SLOT, 0, -1));
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void portsAreReadSeparately() throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Ingested<BorderCrossing>, QueueReading> h =
        queueLength()) {
      send(h, inSlot(PINGXIANG, 0, CrossingStage.ARRIVED, 3));
      send(h, inSlot(BOTEN, 0, CrossingStage.ARRIVED, 1));

      assertThat(emittedUpTo(h, end(0) - 1))
          .containsExactlyInAnyOrder(queue(PINGXIANG, end(0), 3, 3), queue(BOTEN, end(0), 1, 1));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // WithUtilisation

  private static KeyedTwoInputStreamOperatorTestHarness<
          String, QueueReading, JudgedReading, QueueReading>
      withUtilisation() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
        new WithUtilisation(), QueueReading::portId, JudgedReading::portId, Types.STRING);
  }

  private static List<QueueReading> drain(
      KeyedTwoInputStreamOperatorTestHarness<String, QueueReading, JudgedReading, QueueReading> h) {
    List<QueueReading> out = new ArrayList<>(h.extractOutputValues());
    h.getOutput().clear();
    return out;
  }

  @Test
  void pairsAQueueReadingWithTheUtilisationOfTheSameSlotEndWhicheverComesFirst() throws Exception {
    try (KeyedTwoInputStreamOperatorTestHarness<String, QueueReading, JudgedReading, QueueReading>
        h = withUtilisation()) {
      // queue first
      h.processElement1(queue(PINGXIANG, end(0), 7, 2), end(0) - 1);
      assertThat(drain(h)).isEmpty();
      h.processElement2(judged(PINGXIANG, end(0), 880), end(0) - 1);
      assertThat(drain(h))
          .containsExactly(new QueueReading(PINGXIANG, end(0), 7, 2, 880, 1000, DEFAULTS));

      // utilisation first
      h.processElement2(judged(PINGXIANG, end(1), 890), end(1) - 1);
      assertThat(drain(h)).isEmpty();
      h.processElement1(queue(PINGXIANG, end(1), 6, -1), end(1) - 1);
      assertThat(drain(h))
          .containsExactly(new QueueReading(PINGXIANG, end(1), 6, -1, 890, 1000, DEFAULTS));

      // paired readings are not kept
      assertThat(h.numKeyedStateEntries()).isZero();
    }
  }

  @Test
  void readingsOfOtherSlotEndsOrPortsAreNotPaired() throws Exception {
    try (KeyedTwoInputStreamOperatorTestHarness<String, QueueReading, JudgedReading, QueueReading>
        h = withUtilisation()) {
      h.processElement1(queue(PINGXIANG, end(0), 7, 2), end(0) - 1);
      h.processElement2(judged(PINGXIANG, end(1), 880), end(1) - 1);
      h.processElement2(judged(BOTEN, end(0), 880), end(0) - 1);

      assertThat(drain(h)).isEmpty();
    }
  }

  @Test
  void anUnpairedQueueReadingWaitsOneSlotThenIsDropped() throws Exception {
    try (KeyedTwoInputStreamOperatorTestHarness<String, QueueReading, JudgedReading, QueueReading>
        h = withUtilisation()) {
      h.processElement1(queue(PINGXIANG, end(0), 7, 2), end(0) - 1);
      h.processElement1(queue(PINGXIANG, end(1), 8, 1), end(1) - 1);

      // a slot after its end the first is still waiting
      h.processBothWatermarks(new Watermark(end(0) + SLOT - 1));
      h.processElement2(judged(PINGXIANG, end(0), 900), end(0) - 1);
      assertThat(drain(h))
          .containsExactly(new QueueReading(PINGXIANG, end(0), 7, 2, 900, 1000, DEFAULTS));

      // the second is dropped once the watermark is a slot past its end
      h.processBothWatermarks(new Watermark(end(1) + SLOT));
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
      h.processElement2(judged(PINGXIANG, end(1), 900), end(1) - 1);
      assertThat(drain(h)).isEmpty();

      // and the utilisation reading that came too late is dropped in turn
      h.processBothWatermarks(new Watermark(end(1) + SLOT + 1));
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void anUnpairedUtilisationReadingIsDroppedOneSlotAfterItsEnd() throws Exception {
    try (KeyedTwoInputStreamOperatorTestHarness<String, QueueReading, JudgedReading, QueueReading>
        h = withUtilisation()) {
      h.processElement2(judged(PINGXIANG, end(0), 900), end(0) - 1);

      h.processBothWatermarks(new Watermark(end(0) + SLOT - 1));
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);

      h.processBothWatermarks(new Watermark(end(0) + SLOT));
      assertThat(h.numKeyedStateEntries()).isZero();
      h.processElement1(queue(PINGXIANG, end(0), 7, 2), end(0) - 1);
      assertThat(drain(h)).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // end to end on a local cluster

  private static List<AlertSignal> signals(
      List<BorderCrossing> crossings, List<PortUtilisation> readings) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    List<BorderCrossing> sorted =
        crossings.stream()
            .sorted(Comparator.comparingLong(BorderCrossing::eventTimeMillis))
            .toList();
    List<PortUtilisation> sortedReadings =
        readings.stream()
            .sorted(Comparator.comparingLong(PortUtilisation::windowEndMillis))
            .toList();
    DataStream<BorderCrossing> c =
        env.fromData(sorted)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<BorderCrossing>forMonotonousTimestamps()
                    .withTimestampAssigner((x, previous) -> x.eventTimeMillis()));
    // readings get event time windowEnd - 1, as in the job
    DataStream<PortUtilisation> u =
        env.fromData(sortedReadings)
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<PortUtilisation>forMonotonousTimestamps()
                    .withTimestampAssigner((r, previous) -> r.windowEndMillis() - 1));
    DataStream<JudgedReading> judged =
        u.map(r -> new JudgedReading(r, DEFAULTS)).returns(JudgedReading.class);
    List<AlertSignal> out = new ArrayList<>();
    try (CloseableIterator<AlertSignal> it =
        QueueGrowth.signals(c.map(AsRead::ingested).returns(InputKind.CROSSINGS.type()), judged)
            .signals()
            .executeAndCollect("queue-growth")) {
      it.forEachRemaining(out::add);
    }
    out.sort(Comparator.comparing(AlertSignal::subject).thenComparingLong(AlertSignal::atMillis));
    return out;
  }

  /** Slots 0 .. 3 each add 2 vehicles to the port's queue: 4 growing readings, 2 .. 8. */
  private static List<BorderCrossing> growingFor4Slots(String port) {
    List<BorderCrossing> out = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      out.addAll(inSlot(port, k, CrossingStage.ARRIVED, 2));
    }
    return out;
  }

  /** Readings of {@code trips} out of 1000 at the ends of slots {@code 0 .. slots - 1}. */
  private static List<PortUtilisation> readings(String port, int slots, long trips) {
    List<PortUtilisation> out = new ArrayList<>();
    for (int k = 0; k < slots; k++) {
      out.add(utilisation(port, end(k), trips));
    }
    return out;
  }

  @Test
  void fourGrowingReadingsAboveTheBusyLevelRaiseAWarning() throws Exception {
    List<AlertSignal> signals = signals(growingFor4Slots(PINGXIANG), readings(PINGXIANG, 4, 900));

    assertThat(signals)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(AlertType.QUEUE_GROWTH);
              assertThat(s.subject()).isEqualTo(PINGXIANG);
              assertThat(s.raise()).isTrue();
              assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
              assertThat(s.startedAtMillis()).isEqualTo(end(0));
              assertThat(s.atMillis()).isEqualTo(end(3) - 1);
              assertThat(s.message())
                  .isEqualTo(
                      "Pingxiang Port (Guangxi): queue grew for 4 slots, from 0 to 8 vehicles,"
                          + " while busy");
              assertThat(s.evidenceJson())
                  .contains("\"busyLevel\":0.85")
                  .contains(
                      "{\"windowEnd\":\"2026-11-22T06:15:00Z\",\"queue\":2,\"change\":2,"
                          + "\"trips\":900,\"designedTripsPerDayMax\":1000}")
                  .contains("\"windowEnd\":\"2026-11-22T07:00:00Z\",\"queue\":8");
            });
  }

  @Test
  void growthAtOrBelowTheBusyLevelOrNotConsecutiveRaisesNothing() throws Exception {
    List<BorderCrossing> crossings = new ArrayList<>();
    List<PortUtilisation> readings = new ArrayList<>();
    // Pingxiang: 4 growing at 0.84
    crossings.addAll(growingFor4Slots(PINGXIANG));
    readings.addAll(readings(PINGXIANG, 4, 840));
    // Boten: 4 growing at exactly 0.85, which is not above it
    crossings.addAll(growingFor4Slots(BOTEN));
    readings.addAll(readings(BOTEN, 4, 850));
    // Mohan: busy, growing 3, flat 1, growing 3
    for (int k : new int[] {0, 1, 2, 4, 5, 6}) {
      crossings.addAll(inSlot(MOHAN, k, CrossingStage.ARRIVED, 1));
    }
    readings.addAll(readings(MOHAN, 7, 950));
    // the control in the same run: Hekou, 4 growing at 0.851
    crossings.addAll(growingFor4Slots(HEKOU));
    readings.addAll(readings(HEKOU, 4, 851));

    List<AlertSignal> signals = signals(crossings, readings);

    assertThat(signals)
        .extracting(AlertSignal::subject, AlertSignal::raise, AlertSignal::startedAtMillis)
        .containsExactly(tuple(HEKOU, true, end(0)));
  }

  @Test
  void fourReadingsWithoutGrowthClearIt() throws Exception {
    List<BorderCrossing> crossings = new ArrayList<>(growingFor4Slots(PINGXIANG)); // queue 8
    // slot 4: nothing; 5: one leaves; 6: one arrives and one is refused; 7: one only cleared
    crossings.addAll(inSlot(PINGXIANG, 5, CrossingStage.DEPARTED, 1));
    crossings.addAll(inSlot(PINGXIANG, 6, CrossingStage.ARRIVED, 1));
    crossings.add(crossing(PINGXIANG, CrossingStage.REJECTED, T + 6 * SLOT + 5 * MINUTE));
    crossings.addAll(inSlot(PINGXIANG, 7, CrossingStage.CLEARED, 1));

    // still busy: it is the queue that stopped growing
    List<AlertSignal> signals = signals(crossings, readings(PINGXIANG, 8, 900));

    assertThat(signals).hasSize(2);
    assertThat(signals.get(0))
        .satisfies(
            s -> {
              assertThat(s.raise()).isTrue();
              assertThat(s.startedAtMillis()).isEqualTo(end(0));
              assertThat(s.atMillis()).isEqualTo(end(3) - 1);
            });
    assertThat(signals.get(1))
        .satisfies(
            s -> {
              assertThat(s.type()).isEqualTo(AlertType.QUEUE_GROWTH);
              assertThat(s.subject()).isEqualTo(PINGXIANG);
              assertThat(s.raise()).isFalse();
              assertThat(s.severity()).isEqualTo(AlertSeverity.WARNING);
              assertThat(s.startedAtMillis()).isEqualTo(end(4));
              assertThat(s.atMillis()).isEqualTo(end(7) - 1);
              assertThat(s.message())
                  .isEqualTo(
                      "Pingxiang Port (Guangxi): queue no longer growing for 4 slots (7"
                          + " vehicles)");
            });
  }
}
