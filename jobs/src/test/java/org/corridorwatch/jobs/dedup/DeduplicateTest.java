package org.corridorwatch.jobs.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.jobs.OperatorMetrics;
import org.corridorwatch.jobs.ingest.AsRead;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ContractSamples;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each event id counts once within a 24 h horizon of event time; state expires by hour bucket. */
class DeduplicateTest {
  private static final long HOUR = EventTimeRules.HOUR_MILLIS;
  private static final long HORIZON = 24 * HOUR;
  private static final long D0800 = Instant.parse("2026-11-22T08:00:00Z").toEpochMilli();
  private static final KeySelector<Ingested<BorderCrossing>, Integer> BUCKET =
      Deduplicate.bucketOfEventId();

  private KeyedOneInputStreamOperatorTestHarness<
          Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<
          Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        Deduplicate.<BorderCrossing>operator(HORIZON, EventTimeRules.Period.SLOT),
        BUCKET,
        Types.INT);
  }

  /** A new harness restored from {@code snapshot} and opened, as after a failover. */
  private static KeyedOneInputStreamOperatorTestHarness<
          Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
      restoredFrom(OperatorSubtaskState snapshot) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<
            Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
        h = newHarness();
    h.initializeState(snapshot);
    h.open();
    return h;
  }

  private static void feed(
      KeyedOneInputStreamOperatorTestHarness<
              Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
          h,
      String eventId,
      long eventTime)
      throws Exception {
    h.processElement(
        AsRead.ingested(ContractSamples.pingxiangDeparture(eventId, eventTime)), eventTime);
  }

  private static List<String> passed(
      KeyedOneInputStreamOperatorTestHarness<
              Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
          h) {
    List<String> ids = new ArrayList<>();
    h.extractOutputValues().forEach(c -> ids.add(c.record().eventId()));
    return ids;
  }

  private static int bucket(String eventId) throws Exception {
    return BUCKET.getKey(AsRead.ingested(ContractSamples.pingxiangDeparture(eventId, 0)));
  }

  /** {@code n} distinct ids that share one dedup key (bucket), found by counting up. */
  private static List<String> idsInOneBucket(int n) throws Exception {
    List<String> ids = new ArrayList<>();
    int target = bucket("a-0");
    for (int i = 0; ids.size() < n; i++) {
      if (bucket("a-" + i) == target) {
        ids.add("a-" + i);
      }
    }
    return ids;
  }

  /** The expiry timer of the hour holding {@code eventTime}: a horizon past the hour's end. */
  private static long expiryOf(long eventTime) {
    return EventTimeRules.hourAfter(eventTime) + HORIZON - 1;
  }

  @Test
  void aRecordBehindTheWatermarkIsLateBeforeItIsADuplicateAndKeepsNoState() throws Exception {
    feed(harness, "c-1", D0800 + 20 * 60_000);
    harness.processWatermark(D0800 + 30 * 60_000 - 1);
    int entries = harness.numKeyedStateEntries();

    feed(harness, "c-1", D0800 + 20 * 60_000); // late, and a duplicate too: late wins
    feed(harness, "c-9", D0800 + 29 * 60_000); // late

    assertThat(passed(harness)).containsExactly("c-1");
    assertThat(AsRead.deadLetters(harness))
        .extracting(DeadLetter::reason)
        .containsExactly(RejectReason.LATE, RejectReason.LATE);
    assertThat(AsRead.deadLetters(harness).get(1).payload())
        .isEqualTo(
            AsRead.ingested(ContractSamples.pingxiangDeparture("c-9", D0800 + 29 * 60_000))
                .value());
    assertThat(harness.numKeyedStateEntries()).isEqualTo(entries);
  }

  @Test
  void afterARestoreTheWatermarkOfTheCheckpointStillJudgesLateness() throws Exception {
    feed(harness, "c-1", D0800 + 20 * 60_000);
    harness.processWatermark(D0800 + HOUR - 1); // every slot up to 09:00 emitted downstream
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);

    try (var restored = restoredFrom(snapshot)) {
      // the watermark starts again from nothing; the checkpoint's still decides
      feed(restored, "c-2", D0800 + 50 * 60_000);
      feed(restored, "c-3", D0800 + HOUR + 60_000);
      assertThat(passed(restored)).containsExactly("c-3");
      assertThat(AsRead.deadLetters(restored))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.reason()).isEqualTo(RejectReason.LATE);
                assertThat(d.detail()).contains("09:00:00Z");
              });

      // and a restore of that restore, before any watermark came, keeps the same floor
      OperatorSubtaskState again = restored.snapshot(2L, 2L);
      try (var twice = restoredFrom(again)) {
        feed(twice, "c-4", D0800 + 59 * 60_000);
        assertThat(AsRead.deadLetters(twice))
            .extracting(DeadLetter::reason)
            .containsExactly(RejectReason.LATE);
      }
    }
  }

  @Test
  void aCheckpointKeepsTheWatermarkReachedEvenWithNoRecordSinceTheRestore() throws Exception {
    feed(harness, "c-1", D0800 + 20 * 60_000);
    harness.processWatermark(D0800 + HOUR - 1);
    OperatorSubtaskState first = harness.snapshot(1L, 1L);

    try (var restored = restoredFrom(first)) {
      // a subtask whose buckets get no record after the restore (sparse shipments, a rescale)
      // still passes the watermark on: every slot up to 10:00 is written downstream
      restored.processWatermark(D0800 + 2 * HOUR - 1);
      OperatorSubtaskState second = restored.snapshot(2L, 2L);

      try (var again = restoredFrom(second)) {
        feed(again, "c-2", D0800 + HOUR + 20 * 60_000); // 09:20, a slot written before
        feed(again, "c-3", D0800 + 2 * HOUR + 60_000);
        assertThat(passed(again)).containsExactly("c-3");
        assertThat(AsRead.deadLetters(again))
            .singleElement()
            .satisfies(d -> assertThat(d.detail()).contains("10:00:00Z"));
      }
    }
  }

  @Test
  void aSecondRecordWithTheSameIdIsDroppedAndOtherIdsPass() throws Exception {
    feed(harness, "c-1", D0800 + 10 * 60_000);
    feed(harness, "c-2", D0800 + 11 * 60_000);
    feed(harness, "c-1", D0800 + 10 * 60_000);
    feed(harness, "c-3", D0800 + 12 * 60_000);
    // the same id at another time and hour is still the same event
    feed(harness, "c-2", D0800 + 3 * HOUR);

    assertThat(passed(harness)).containsExactly("c-1", "c-2", "c-3");
  }

  @Test
  void anIdIsForgottenOnceTheWatermarkIsAHorizonPastTheEndOfItsHour() throws Exception {
    long first = D0800 + 10 * 60_000; // 08:10, hour [08:00, 09:00)
    long forgetAt = D0800 + HOUR + HORIZON - 1; // next day 08:59:59.999
    assertThat(expiryOf(first)).isEqualTo(forgetAt);
    feed(harness, "c-1", first);

    harness.processWatermark(forgetAt - 1);
    feed(harness, "c-1", forgetAt + 10 * 60_000);
    assertThat(passed(harness)).containsExactly("c-1");

    harness.processWatermark(forgetAt);
    feed(harness, "c-1", forgetAt + 11 * 60_000);
    assertThat(passed(harness)).containsExactly("c-1", "c-1");
    // and it is remembered again from here on
    feed(harness, "c-1", forgetAt + 12 * 60_000);
    assertThat(passed(harness)).hasSize(2);
  }

  @Test
  void oneTimerPerHourBucketAndNoStateLeftOnceEveryBucketExpired() throws Exception {
    List<String> sameKey = idsInOneBucket(3);
    String otherKey = "b-0";
    assertThat(bucket(otherKey)).isNotEqualTo(bucket(sameKey.get(0)));
    long eight = D0800 + 5 * 60_000;
    long nine = D0800 + HOUR + 5 * 60_000;

    feed(harness, sameKey.get(0), eight);
    feed(harness, sameKey.get(1), eight + 60_000); // same key, same hour: no new timer
    feed(harness, sameKey.get(2), nine);
    feed(harness, otherKey, eight);
    feed(harness, sameKey.get(1), nine); // a duplicate: no state, no timer

    // (key, hour): (A, 08), (A, 09), (B, 08)
    assertThat(harness.numEventTimeTimers()).isEqualTo(3);
    // two map states (ids seen, ids by hour) for each of the two keys
    assertThat(harness.numKeyedStateEntries()).isEqualTo(4);

    harness.processWatermark(expiryOf(eight));
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    assertThat(harness.numKeyedStateEntries()).isEqualTo(2); // key A still holds hour 09

    // hour 08's ids are forgotten, hour 09's still remembered
    feed(harness, sameKey.get(0), expiryOf(eight) + 60_000);
    feed(harness, otherKey, expiryOf(eight) + 60_000);
    feed(harness, sameKey.get(2), expiryOf(eight) + 60_000);
    assertThat(passed(harness))
        .containsExactly(
            sameKey.get(0), sameKey.get(1), sameKey.get(2), otherKey, sameKey.get(0), otherKey);

    // the re-accepted ids start new buckets; let everything expire
    harness.processWatermark(expiryOf(expiryOf(eight) + 60_000));
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aRestoredSnapshotKeepsDetectingDuplicatesAndExpiring() throws Exception {
    long eight = D0800 + 5 * 60_000;
    feed(harness, "c-1", eight);
    feed(harness, "c-2", eight + HOUR);
    harness.processWatermark(eight + HOUR);
    int timers = harness.numEventTimeTimers();
    OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
    // after the snapshot: lost with the failed run
    feed(harness, "c-3", eight + HOUR);

    try (var restored = restoredFrom(snapshot)) {
      assertThat(restored.numEventTimeTimers()).isEqualTo(timers).isEqualTo(2);

      feed(restored, "c-1", eight);
      feed(restored, "c-2", eight + HOUR);
      feed(restored, "c-3", eight + HOUR);
      assertThat(passed(restored)).containsExactly("c-3");

      restored.processWatermark(expiryOf(eight));
      feed(restored, "c-1", expiryOf(eight) + 1);
      feed(restored, "c-2", expiryOf(eight) + 1);
      assertThat(passed(restored)).containsExactly("c-3", "c-1");
    }
  }

  @Test
  void droppedDuplicatesAreCounted() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    try (KeyedOneInputStreamOperatorTestHarness<
            Integer, Ingested<BorderCrossing>, Ingested<BorderCrossing>>
        h =
            new KeyedOneInputStreamOperatorTestHarness<>(
                Deduplicate.<BorderCrossing>operator(HORIZON, EventTimeRules.Period.SLOT),
                BUCKET,
                Types.INT,
                metrics.environment())) {
      h.open();
      feed(h, "c-1", D0800);
      feed(h, "c-2", D0800);
      feed(h, "c-1", D0800);
      feed(h, "c-1", D0800 + 60_000);

      assertThat(passed(h)).containsExactly("c-1", "c-2");
    }

    assertThat(metrics.count(JobMetrics.GROUP + "." + JobMetrics.DUPLICATES)).isEqualTo(2);
  }
}
