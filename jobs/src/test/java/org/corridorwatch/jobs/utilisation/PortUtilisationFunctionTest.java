package org.corridorwatch.jobs.utilisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.corridorwatch.jobs.ingest.AsRead;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.UtilisationBand;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rolling 24 h departures per port, read at every 15-minute slot end once the watermark reaches
 * {@code end - 1}, with capacity from the catalogue or broadcast {@code CAPACITY} records.
 */
class PortUtilisationFunctionTest {
  private static final long MINUTE = 60_000L;
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;
  private static final long DAY = EventTimeRules.DAY_MILLIS;
  private static final long D = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String BOTEN = "LA-BOTEN";

  private KeyedBroadcastOperatorTestHarness<
          String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
      harness;
  private int nextId;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
    startControlWatermark(harness);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
      newHarness() throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new PortUtilisationFunction(), List.of(PortUtilisationFunction.CAPACITY_CHANGES)),
        in -> in.record().portId(),
        Types.STRING,
        1,
        1,
        0);
  }

  /** As in the pipeline: the control input never holds the readings' watermark back. */
  private static void startControlWatermark(
      KeyedBroadcastOperatorTestHarness<
              String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
          h)
      throws Exception {
    h.processBroadcastWatermark(Long.MAX_VALUE);
  }

  private static long at(String time) {
    return Instant.parse("2026-11-22T" + time + "Z").toEpochMilli();
  }

  private void depart(String portId, long eventTime) throws Exception {
    depart(harness, portId, eventTime);
  }

  private void depart(
      KeyedBroadcastOperatorTestHarness<
              String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
          h,
      String portId,
      long eventTime)
      throws Exception {
    h.processElement(
        AsRead.ingested(
            new BorderCrossing(
                "c-" + nextId++,
                portId,
                "V-" + nextId,
                CrossingStage.DEPARTED,
                nextId % 2 == 0 ? CrossingDirection.EXPORT : CrossingDirection.IMPORT,
                VehicleType.TRUCK,
                true,
                eventTime)),
        eventTime);
  }

  private static int keyedStateEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
    return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend())
        .numKeyValueStateEntries();
  }

  /** The slots whose departures a port's state holds (white box: the function's map state). */
  private static List<Long> slotsHeld(
      KeyedBroadcastOperatorTestHarness<
              String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
          h,
      String portId)
      throws Exception {
    KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(portId);
    MapState<Long, Long> slots =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>("departures-by-slot", Types.LONG, Types.LONG));
    List<Long> held = new ArrayList<>();
    slots.keys().forEach(held::add);
    held.sort(null);
    return held;
  }

  private static List<PortUtilisation> readingsOf(
      KeyedBroadcastOperatorTestHarness<
              String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
          h,
      String portId) {
    return h.extractOutputValues().stream().filter(r -> r.portId().equals(portId)).toList();
  }

  private List<PortUtilisation> readings() {
    return harness.extractOutputValues();
  }

  @Test
  void aDepartureInASlotAlreadyReadIsLateNotCountedAndNothingIsWrittenTwice() throws Exception {
    depart(PINGXIANG, at("08:05:00"));
    depart(PINGXIANG, at("08:20:00"));
    harness.processWatermark(at("08:29:59.999")); // reads 08:15 and 08:30
    assertThat(readings()).extracting(PortUtilisation::trips).containsExactly(1L, 2L);

    depart(PINGXIANG, at("08:10:00")); // behind the watermark: slot 08:00-08:15 was read
    depart(PINGXIANG, at("08:29:00")); // the slot ending 08:30 was read too

    assertThat(AsRead.deadLetters(harness))
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.reason()).isEqualTo(RejectReason.LATE);
              assertThat(d.sourceTopic()).isEqualTo(Topics.BORDER_CROSSINGS);
              assertThat(d.payload()).isNotEmpty();
              assertThat(d.detail()).contains("port utilisation");
            });
    harness.processWatermark(at("08:44:59.999"));
    // one reading per slot end, and the running sum did not take the late ones in
    assertThat(readings())
        .extracting(PortUtilisation::windowEndMillis)
        .containsExactly(at("08:15:00"), at("08:30:00"), at("08:45:00"));
    assertThat(readings().get(2).trips()).isEqualTo(2);
    assertThat(slotsHeld(harness, PINGXIANG)).containsExactly(at("08:00:00"), at("08:15:00"));
  }

  @Test
  void afterARestoreASlotReadBeforeItIsStillLateThoughTheWatermarkStartsAgain() throws Exception {
    depart(PINGXIANG, at("08:05:00"));
    harness.processWatermark(at("08:14:59.999"));
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);

    try (KeyedBroadcastOperatorTestHarness<
            String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
        restored = newHarness()) {
      restored.initializeState(snapshot);
      restored.open();
      startControlWatermark(restored);
      // Flink keeps no watermark in a checkpoint: this one starts again from nothing
      depart(restored, PINGXIANG, at("08:07:00"));
      assertThat(AsRead.deadLetters(restored))
          .singleElement()
          .extracting(DeadLetter::reason)
          .isEqualTo(RejectReason.LATE);

      // the port reads on from where it was; its first slot is never written again
      restored.processWatermark(at("08:14:59.999") + DAY);
      List<PortUtilisation> after = readingsOf(restored, PINGXIANG);
      assertThat(after.get(0).windowEndMillis()).isEqualTo(at("08:30:00"));
      assertThat(after)
          .extracting(PortUtilisation::trips)
          .allSatisfy(trips -> assertThat(trips).isLessThanOrEqualTo(1L));
      assertThat(after.get(after.size() - 1).trips()).isZero();
      assertThat(restored.numEventTimeTimers()).isZero();
      // how far the port was read is all that stays
      assertThat(keyedStateEntries(restored)).isEqualTo(1);
    }
  }

  /** Departures in {@code [end - 24 h, end)}, counted the obvious way. */
  private static long tripsAt(List<Long> departures, long end) {
    return departures.stream().filter(t -> t >= end - DAY && t < end).count();
  }

  @Test
  void aDepartureAtASlotBoundaryCountsInTheSlotItStarts() throws Exception {
    depart(PINGXIANG, at("08:14:59.999"));
    depart(PINGXIANG, at("08:15:00"));

    harness.processWatermark(at("08:15:00") - 2);
    assertThat(readings()).isEmpty();

    harness.processWatermark(at("08:15:00") - 1);
    assertThat(readings())
        .containsExactly(
            new PortUtilisation(PINGXIANG, at("08:15:00") - DAY, at("08:15:00"), 1, 800, 1000));

    harness.processWatermark(at("08:30:00") - 2);
    assertThat(readings()).hasSize(1);
    harness.processWatermark(at("08:30:00") - 1);
    assertThat(readings()).hasSize(2);
    PortUtilisation second = readings().get(1);
    assertThat(second.windowEndMillis()).isEqualTo(at("08:30:00"));
    assertThat(second.windowStartMillis()).isEqualTo(at("08:30:00") - DAY);
    assertThat(second.trips()).isEqualTo(2);
  }

  @Test
  void oneReadingPerSlotEndWhileTheWindowHoldsADepartureThenOneFinalZero() throws Exception {
    List<Long> departures = List.of(at("08:05:00"), at("08:20:00"), at("10:40:00"));
    for (long t : departures) {
      depart(PINGXIANG, t);
    }
    long first = at("08:15:00");
    long finalZero = at("10:45:00") + DAY; // the last departure's slot end + 24 h

    int count = 0;
    for (long end = first; end <= finalZero; end += SLOT) {
      harness.processWatermark(end - 2);
      assertThat(readings()).hasSize(count);
      harness.processWatermark(end - 1);
      assertThat(readings()).hasSize(++count);
      PortUtilisation reading = readings().get(count - 1);
      assertThat(reading.windowEndMillis()).isEqualTo(end);
      assertThat(reading.windowStartMillis()).isEqualTo(end - DAY);
      assertThat(reading.trips()).isEqualTo(tripsAt(departures, end));
    }
    // 08:15 to 10:45 the next day, every 15 minutes
    assertThat(count).isEqualTo(4 * 26 + 3);
    assertThat(readings()).filteredOn(r -> r.trips() == 0).hasSize(1);
    assertThat(readings().get(count - 1).trips()).isZero();
    assertThat(readings().get(count - 2).trips()).isEqualTo(1);
    assertThat(readings().get(1).trips()).isEqualTo(2); // 08:30: 08:05 and 08:20
    assertThat(readings().get(10).trips()).isEqualTo(3); // 10:45: all three

    assertThat(harness.numEventTimeTimers()).isZero();
    // only how far the port was read (read-through) stays, so a late record stays late
    assertThat(keyedStateEntries(harness)).isEqualTo(1);

    // no more readings until the next departure, however far the watermark goes
    harness.processWatermark(finalZero + 3 * DAY);
    assertThat(readings()).hasSize(count);

    long later = finalZero + 3 * DAY + 20 * MINUTE;
    depart(PINGXIANG, later);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    long laterSlotEnd = EventTimeRules.slotEnd(later);
    harness.processWatermark(laterSlotEnd + SLOT - 1);
    assertThat(readings().subList(count, readings().size()))
        .extracting(PortUtilisation::windowEndMillis, PortUtilisation::trips)
        .containsExactly(tuple(laterSlotEnd, 1L), tuple(laterSlotEnd + SLOT, 1L));
  }

  @Test
  void aDepartureInAnEarlierSlotThanThePendingReadingIsReadFirst() throws Exception {
    depart(PINGXIANG, at("09:40:00"));
    depart(PINGXIANG, at("08:05:00"));

    harness.processWatermark(at("09:59:59.999"));

    assertThat(readings())
        .extracting(PortUtilisation::windowEndMillis, PortUtilisation::trips)
        .containsExactly(
            tuple(at("08:15:00"), 1L),
            tuple(at("08:30:00"), 1L),
            tuple(at("08:45:00"), 1L),
            tuple(at("09:00:00"), 1L),
            tuple(at("09:15:00"), 1L),
            tuple(at("09:30:00"), 1L),
            tuple(at("09:45:00"), 2L),
            tuple(at("10:00:00"), 2L));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void aGapOfMoreThanADayEndsWithOneZeroAndResumesAtTheNextDeparture() throws Exception {
    List<Long> departures = List.of(at("08:05:00"), at("08:05:00") + 2 * DAY);
    for (long t : departures) {
      depart(PINGXIANG, t);
    }

    harness.processWatermark(at("08:15:00") + 2 * DAY + SLOT - 1);

    List<Long> ends = new ArrayList<>();
    for (long end = at("08:15:00"); end <= at("08:15:00") + DAY; end += SLOT) {
      ends.add(end);
    }
    ends.add(at("08:15:00") + 2 * DAY);
    ends.add(at("08:15:00") + 2 * DAY + SLOT);
    assertThat(readings())
        .extracting(PortUtilisation::windowEndMillis)
        .containsExactlyElementsOf(ends);
    for (PortUtilisation r : readings()) {
      assertThat(r.trips()).isEqualTo(tripsAt(departures, r.windowEndMillis()));
    }
    assertThat(readings()).filteredOn(r -> r.trips() == 0).hasSize(1);
    // the slot that left the window is gone from state, only the new day's slot is held
    assertThat(slotsHeld(harness, PINGXIANG)).containsExactly(at("08:00:00") + 2 * DAY);
  }

  @Test
  void twoPortsAreIndependent() throws Exception {
    depart(PINGXIANG, at("08:05:00"));
    depart(PINGXIANG, at("08:06:00"));
    depart(BOTEN, at("09:05:00"));

    harness.processWatermark(at("09:15:00") + 2 * DAY);

    List<PortUtilisation> pingxiang = readingsOf(harness, PINGXIANG);
    List<PortUtilisation> boten = readingsOf(harness, BOTEN);
    assertThat(pingxiang).hasSize(4 * 24 + 1);
    assertThat(boten).hasSize(4 * 24 + 1);
    assertThat(pingxiang.get(0).windowEndMillis()).isEqualTo(at("08:15:00"));
    assertThat(boten.get(0).windowEndMillis()).isEqualTo(at("09:15:00"));
    assertThat(pingxiang.get(pingxiang.size() - 1).windowEndMillis())
        .isEqualTo(at("08:15:00") + DAY);
    assertThat(boten.get(boten.size() - 1).windowEndMillis()).isEqualTo(at("09:15:00") + DAY);
    assertThat(pingxiang.subList(0, 96)).allSatisfy(r -> assertThat(r.trips()).isEqualTo(2));
    assertThat(boten.subList(0, 96)).allSatisfy(r -> assertThat(r.trips()).isEqualTo(1));
    assertThat(pingxiang).allSatisfy(r -> assertThat(r.designedTripsPerDayMax()).isEqualTo(1000));
    assertThat(boten)
        .allSatisfy(
            r -> {
              assertThat(r.designedTripsPerDayMin()).isEqualTo(250);
              assertThat(r.designedTripsPerDayMax()).isEqualTo(350);
            });
    assertThat(harness.numEventTimeTimers()).isZero();
    // only how far each port was read (read-through) stays, so a late record stays late
    assertThat(keyedStateEntries(harness)).isEqualTo(2);
  }

  @Test
  void aCapacityChangeAppliesFromItsEffectiveTimeAndNeverRewritesEmittedReadings()
      throws Exception {
    depart(PINGXIANG, at("08:05:00"));
    depart(BOTEN, at("08:05:00"));
    // scheduled ahead: from the reading that ends at 12:00
    harness.processBroadcastElement(
        ControlRecord.capacity("ctl-1", PINGXIANG, 900, 1200, at("12:00:00")), Long.MIN_VALUE);

    harness.processWatermark(at("10:30:00") - 1);
    List<PortUtilisation> before = List.copyOf(readingsOf(harness, PINGXIANG));
    assertThat(before)
        .extracting(PortUtilisation::windowEndMillis)
        .last()
        .isEqualTo(at("10:30:00"));
    assertThat(before)
        .allSatisfy(
            r -> {
              assertThat(r.designedTripsPerDayMin()).isEqualTo(800);
              assertThat(r.designedTripsPerDayMax()).isEqualTo(1000);
              assertThat(r.utilisation()).isEqualByComparingTo("0.001");
            });

    // effective in the past: only readings emitted from now on use it, none is re-emitted
    int emitted = readings().size();
    harness.processBroadcastElement(
        ControlRecord.capacity("ctl-2", PINGXIANG, 400, 500, at("08:00:00")), Long.MIN_VALUE);
    assertThat(readings()).hasSize(emitted);

    harness.processWatermark(at("12:30:00") - 1);
    List<PortUtilisation> all = readingsOf(harness, PINGXIANG);
    assertThat(all.subList(0, before.size())).containsExactlyElementsOf(before);
    List<PortUtilisation> after = all.subList(before.size(), all.size());
    assertThat(after)
        .extracting(
            PortUtilisation::windowEndMillis,
            PortUtilisation::designedTripsPerDayMin,
            PortUtilisation::designedTripsPerDayMax)
        .containsExactly(
            tuple(at("10:45:00"), 400, 500),
            tuple(at("11:00:00"), 400, 500),
            tuple(at("11:15:00"), 400, 500),
            tuple(at("11:30:00"), 400, 500),
            tuple(at("11:45:00"), 400, 500),
            tuple(at("12:00:00"), 900, 1200),
            tuple(at("12:15:00"), 900, 1200),
            tuple(at("12:30:00"), 900, 1200));
    assertThat(after.get(0).utilisation()).isEqualByComparingTo("0.002");
    assertThat(after.get(after.size() - 1).utilisation()).isEqualByComparingTo("0.0008");

    // the other port keeps the catalogue's capacity
    assertThat(readingsOf(harness, BOTEN))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.designedTripsPerDayMax()).isEqualTo(350));
  }

  @Test
  void bandsFollowTheExactRatio() throws Exception {
    // 1,300 departures spread over one day: the reading at the day's end holds all of them
    int n = 1300;
    long spacing = DAY / n;
    List<Long> departures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      departures.add(D + i * spacing);
      depart(PINGXIANG, D + i * spacing);
    }

    harness.processWatermark(D + DAY - 1);

    PortUtilisation full = readings().get(readings().size() - 1);
    assertThat(full.windowEndMillis()).isEqualTo(D + DAY);
    assertThat(full.trips()).isEqualTo(1300);
    assertThat(full.designedTripsPerDayMax()).isEqualTo(1000);
    assertThat(full.utilisation()).isEqualByComparingTo("1.3");
    assertThat(full.band()).isEqualTo(UtilisationBand.SEVERE);
    for (PortUtilisation r : readings()) {
      assertThat(r.trips()).isEqualTo(tripsAt(departures, r.windowEndMillis()));
    }
    assertThat(readings())
        .extracting(PortUtilisation::band)
        .containsSubsequence(
            UtilisationBand.NORMAL,
            UtilisationBand.BUSY,
            UtilisationBand.OVER,
            UtilisationBand.SEVERE);
    assertThat(readings())
        .filteredOn(r -> r.trips() > 1000 && r.trips() <= 1250)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.band()).isEqualTo(UtilisationBand.OVER));
  }

  @Test
  void bandEdgesAtTheCatalogueMaximum() throws Exception {
    int[] perSlot = {1000, 1, 249, 1};
    for (int slot = 0; slot < perSlot.length; slot++) {
      for (int i = 0; i < perSlot[slot]; i++) {
        depart(PINGXIANG, at("08:00:00") + slot * SLOT + i);
      }
    }

    harness.processWatermark(at("09:00:00") - 1);

    assertThat(readings())
        .extracting(PortUtilisation::trips, PortUtilisation::band)
        .containsExactly(
            tuple(1000L, UtilisationBand.BUSY),
            tuple(1001L, UtilisationBand.OVER),
            tuple(1250L, UtilisationBand.OVER),
            tuple(1251L, UtilisationBand.SEVERE));
    assertThat(readings())
        .extracting(r -> r.utilisation().stripTrailingZeros().toPlainString())
        .containsExactly("1", "1.001", "1.25", "1.251");
  }

  @Test
  void aRestoredSnapshotContinuesTheCountsWithoutRepeatingOrLosingAnything() throws Exception {
    depart(PINGXIANG, at("08:05:00"));
    depart(PINGXIANG, at("08:20:00"));
    depart(BOTEN, at("08:10:00"));
    depart(PINGXIANG, at("09:50:00")); // counted but not yet read
    harness.processBroadcastElement(
        ControlRecord.capacity("ctl-1", BOTEN, 300, 400, at("09:00:00")), Long.MIN_VALUE);
    harness.processWatermark(at("08:30:00") - 1);
    assertThat(readings()).hasSize(4);

    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    int timers = harness.numEventTimeTimers();
    int entries = keyedStateEntries(harness);

    try (KeyedBroadcastOperatorTestHarness<
            String, Ingested<BorderCrossing>, ControlRecord, PortUtilisation>
        restored = newHarness()) {
      restored.initializeState(snapshot);
      restored.open();
      startControlWatermark(restored);
      assertThat(restored.numEventTimeTimers()).isEqualTo(timers).isEqualTo(2);
      assertThat(keyedStateEntries(restored)).isEqualTo(entries);

      // the same input after the snapshot, to the original and to the restored operator
      for (var h : List.of(harness, restored)) {
        depart(h, PINGXIANG, at("08:40:00"));
        h.processWatermark(at("10:00:00") + 2 * DAY);
      }

      List<PortUtilisation> expected = readings().subList(4, readings().size());
      assertThat(readingsOf(restored, PINGXIANG))
          .containsExactlyElementsOf(
              readingsOf(harness, PINGXIANG).subList(2, readingsOf(harness, PINGXIANG).size()));
      assertThat(readingsOf(restored, BOTEN))
          .containsExactlyElementsOf(
              readingsOf(harness, BOTEN).subList(2, readingsOf(harness, BOTEN).size()));
      assertThat(restored.extractOutputValues()).hasSameSizeAs(expected);

      List<PortUtilisation> pingxiang = readingsOf(restored, PINGXIANG);
      // no reading repeated: the first after the restore is the next slot
      assertThat(pingxiang.get(0).windowEndMillis()).isEqualTo(at("08:45:00"));
      assertThat(pingxiang.get(0).trips()).isEqualTo(3);
      assertThat(pingxiang)
          .filteredOn(r -> r.windowEndMillis() == at("10:00:00"))
          .singleElement()
          .extracting(PortUtilisation::trips)
          .isEqualTo(4L);
      assertThat(pingxiang.get(pingxiang.size() - 1).windowEndMillis())
          .isEqualTo(at("10:00:00") + DAY);
      assertThat(pingxiang.get(pingxiang.size() - 1).trips()).isZero();
      // the broadcast capacity survived too
      assertThat(readingsOf(restored, BOTEN))
          .filteredOn(r -> r.windowEndMillis() >= at("09:00:00"))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.designedTripsPerDayMax()).isEqualTo(400));
      assertThat(restored.numEventTimeTimers()).isZero();
      // only how far each port was read (read-through) stays, so a late record stays late
      assertThat(keyedStateEntries(restored)).isEqualTo(2);
    }
  }
}
