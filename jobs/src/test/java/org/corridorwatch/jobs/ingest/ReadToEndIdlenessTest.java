package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.corridorwatch.jobs.ingest.EndOffsets.Answer;
import org.corridorwatch.jobs.ingest.SourceSplits.Status;
import org.corridorwatch.model.BorderCrossing;
import org.junit.jupiter.api.Test;

/**
 * The decision of {@link ReadToEndIdleness<BorderCrossing>}, driven by hand: a clock that moves
 * only when told, a probe whose rounds and answers the test sets, and an output that records what
 * the split says.
 */
class ReadToEndIdlenessTest {
  static final Duration IDLENESS = Duration.ofSeconds(30);
  static final String TOPIC = "crossings";
  static final long T0 = 1_561_939_200_000L; // 2019-07-01T00:00Z

  final long[] now = {1_000};
  final ScriptedProbe probe = new ScriptedProbe();
  final SourceSplits splits = SourceSplits.detached(TOPIC);
  // Flink creates the main output's generator before any split's: the first birth is its
  final SourceSplits.Birth mainOutput = splits.born();
  final RecordingOutput out = new RecordingOutput();
  final ReadToEndIdleness<BorderCrossing> split =
      new ReadToEndIdleness<>(
          new SlotWatermarks<>(Duration.ofMinutes(5), Duration.ofDays(1)),
          IDLENESS,
          () -> now[0],
          probe,
          splits,
          null);

  @Test
  void aSilentPartitionWithRecordsLeftToReadHoldsTheWatermark() {
    readTwoRecords();
    probe.answer(0, Answer.UNREAD_RECORDS);
    silence(IDLENESS.multipliedBy(3));
    probe.completeRound();
    split.onPeriodicEmit(out);

    assertThat(out.idle).isFalse();
    assertThat(out.lastWatermark).as("it keeps emitting its own watermark").isNotNull();
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNREAD);
    assertThat(splits.count(Status.HELD_UNREAD)).isEqualTo(1);
    assertThat(probe.asked).containsEntry(0, 8L);
  }

  @Test
  void aSilentPartitionTheProbeCannotConfirmHoldsTheWatermark() {
    readTwoRecords();
    probe.answer(0, Answer.UNKNOWN);
    silence(IDLENESS.multipliedBy(3));
    probe.completeRound();
    split.onPeriodicEmit(out);

    assertThat(out.idle).isFalse();
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNCONFIRMED);
  }

  @Test
  void aPartitionReadToItsEndIsReleasedOnlyAfterTheIdlenessAndAFreshProbeRound() {
    readTwoRecords();
    probe.answer(0, Answer.READ_TO_END);

    silence(IDLENESS.minusSeconds(1));
    assertThat(out.idle).as("silent for less than the idleness").isFalse();
    assertThat(probe.asked).as("no probe is needed yet").isEmpty();

    silence(Duration.ofSeconds(1));
    assertThat(out.idle)
        .as("the round that answered started before the question, so it cannot speak for it")
        .isFalse();

    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
    assertThat(splits.status(0)).isEqualTo(Status.RELEASED);
    assertThat(splits.count(Status.RELEASED)).isEqualTo(1);
  }

  @Test
  void aReleasedPartitionHoldsAgainWhenRecordsComeAndWhenTheBrokerIsLost() {
    readTwoRecords();
    probe.answer(0, Answer.READ_TO_END);
    silence(IDLENESS);
    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();

    // the broker goes away: the next round answers nothing
    probe.answer(0, Answer.UNKNOWN);
    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).as("an unreachable broker holds").isFalse();
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNCONFIRMED);

    probe.answer(0, Answer.READ_TO_END);
    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();

    // new records resume it at once, and its watermark follows them
    Watermark before = out.lastWatermark;
    split.onEvent(record(8, T0 + 3_600_000), T0 + 3_600_000, out);
    split.onPeriodicEmit(out);
    assertThat(out.idle).isFalse();
    assertThat(out.lastWatermark.getTimestamp()).isGreaterThan(before.getTimestamp());
    assertThat(splits.status(0)).isEqualTo(Status.READING);
  }

  @Test
  void aSplitWithoutRecordsHoldsWhileItsTopicHasNoDataHoweverLongItWaits() {
    splits.assigned(0, -2);
    splits.assigned(2, -2);
    probe.answer(0, Answer.READ_TO_END);
    probe.answer(2, Answer.READ_TO_END);

    for (int i = 0; i < 20; i++) {
      silence(IDLENESS);
      probe.completeRound();
    }
    assertThat(out.idle).as("a job waiting for its first data holds").isFalse();
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNCONFIRMED);
  }

  @Test
  void anEmptyPartitionIsReleasedAnIdlenessAfterItsTopicHasData() {
    splits.assigned(0, -2);
    splits.assigned(2, -2);
    splits.claim(0); // a sibling split of the subtask reads partition 0
    splits.report(0, Status.RELEASED, 9); // and has read it to its end
    probe.answer(2, Answer.READ_TO_END);
    silence(IDLENESS);
    probe.topicHasRecords = true;
    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).as("records just came: partition 2 may still show its first").isFalse();

    silence(IDLENESS.minusSeconds(1));
    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).isFalse();

    silence(Duration.ofSeconds(1));
    probe.completeRound();
    split.onPeriodicEmit(out);
    assertThat(out.idle).isTrue();
    assertThat(probe.asked).containsOnlyKeys(2).containsEntry(2, EndOffsets.FROM_LOG_START);
    assertThat(splits.status(2)).isEqualTo(Status.RELEASED);
  }

  @Test
  void aSplitWithoutRecordsHoldsWhileAnyUnclaimedPartitionHasRecordsToRead() {
    splits.assigned(0, 120); // restored from a checkpoint at offset 120
    splits.assigned(2, -2);
    probe.topicHasRecords = true;
    probe.answer(0, Answer.UNREAD_RECORDS);
    probe.answer(2, Answer.READ_TO_END);
    for (int i = 0; i < 5; i++) {
      silence(IDLENESS);
      probe.completeRound();
    }
    assertThat(out.idle).isFalse();
    assertThat(probe.asked).containsEntry(0, 120L);
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNREAD);
    assertThat(splits.status(2)).isEqualTo(Status.HELD_UNREAD);
  }

  @Test
  void aSplitWhoseReaderReportedNoPartitionsHolds() {
    probe.topicHasRecords = true;
    for (int i = 0; i < 5; i++) {
      silence(IDLENESS);
      probe.completeRound();
    }
    assertThat(out.idle).isFalse();
    assertThat(probe.asked).isEmpty();
  }

  @Test
  void aSplitRestoredAtAnOffsetHoldsFromBirthUntilItsUnreadRecordsAreRead() {
    ReadToEndIdleness<BorderCrossing> restored = addedSplit(0, 120);
    probe.topicHasRecords = true;
    probe.answer(0, Answer.UNREAD_RECORDS);
    for (int i = 0; i < 5; i++) {
      silence(restored, IDLENESS);
      probe.completeRound();
    }
    assertThat(out.idle).as("no record shown, records left to read").isFalse();
    assertThat(out.lastWatermark).as("nothing read, so nothing to emit: it holds").isNull();
    assertThat(probe.asked).containsOnlyKeys(0).containsEntry(0, 120L);
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNREAD);

    probe.answer(0, Answer.UNKNOWN);
    silence(restored, IDLENESS);
    probe.completeRound();
    restored.onPeriodicEmit(out);
    assertThat(out.idle).as("the broker cannot be reached").isFalse();
    assertThat(splits.status(0)).isEqualTo(Status.HELD_UNCONFIRMED);

    probe.answer(0, Answer.READ_TO_END);
    probe.completeRound();
    restored.onPeriodicEmit(out);
    assertThat(out.idle).as("read to its end from where it started, and silent").isTrue();
    assertThat(splits.status(0)).isEqualTo(Status.RELEASED);
  }

  @Test
  void aSplitBornBeforeItsTopicHasDataHoldsWhileTheTopicIsEmpty() {
    ReadToEndIdleness<BorderCrossing> waiting = addedSplit(1, -2);
    probe.answer(1, Answer.READ_TO_END);
    for (int i = 0; i < 20; i++) {
      silence(waiting, IDLENESS);
      probe.completeRound();
    }
    assertThat(out.idle).isFalse();
    assertThat(probe.asked).containsEntry(1, EndOffsets.FROM_LOG_START);

    probe.topicHasRecords = true;
    probe.completeRound();
    waiting.onPeriodicEmit(out);
    assertThat(out.idle).as("records just came: it may still show its first").isFalse();
    silence(waiting, IDLENESS);
    probe.completeRound();
    waiting.onPeriodicEmit(out);
    assertThat(out.idle).as("still empty an idleness after the topic got data").isTrue();
  }

  @Test
  void onceAPairingProvesWrongNoPartitionWithoutRecordsIsReleased() {
    ReadToEndIdleness<BorderCrossing> paired0 = addedSplit(0, -2);
    ReadToEndIdleness<BorderCrossing> paired2 = addedSplit(2, -2);
    probe.topicHasRecords = true;
    probe.answer(2, Answer.READ_TO_END);

    // the generator paired with partition 0 reads a record of partition 2: the pairing is wrong,
    // so the other one may well hold for partition 0, whatever the probe says of partition 2
    paired0.onEvent(recordOf(2, 40, T0), T0, new RecordingOutput());
    assertThat(splits.pairingTrusted()).isFalse();
    for (int i = 0; i < 5; i++) {
      silence(paired2, IDLENESS);
      probe.completeRound();
    }
    assertThat(out.idle).as("it holds until its first record").isFalse();
  }

  @Test
  void theMainOutputKeepsTheSubtaskActiveUntilEveryPartitionIsReleased() {
    splits.assigned(0, 120);
    splits.assigned(2, -2);
    probe.topicHasRecords = true;
    probe.answer(0, Answer.UNREAD_RECORDS);
    probe.answer(2, Answer.READ_TO_END);
    Born restored = restoredSplit();
    Born empty = restoredSplit();

    for (int i = 0; i < 5; i++) {
      round(IDLENESS, restored, empty);
    }
    assertThat(empty.out().idle).as("the empty partition is released").isTrue();
    assertThat(restored.out().idle).as("the restored one has records left").isFalse();
    assertThat(restored.out().lastWatermark)
        .as("it has shown no record, so it has emitted no watermark Flink could count as active")
        .isNull();
    assertThat(out.idle).as("the main output holds for the subtask").isFalse();
    assertThat(out.markedActive).as("and says so: Flink counts it idle until told").isPositive();

    probe.answer(0, Answer.READ_TO_END);
    round(IDLENESS, restored, empty);
    assertThat(restored.out().idle).isTrue();
    assertThat(out.idle).as("every partition released: the subtask may go idle").isTrue();
  }

  @Test
  void theMainOutputWakesTheSubtaskWhenARecordComesAfterAnIdleSpell() {
    splits.assigned(0, -2);
    probe.topicHasRecords = true;
    probe.answer(0, Answer.READ_TO_END);
    Born reader = restoredSplit();
    reader.generator().onEvent(record(0, T0), T0, reader.out());
    for (int i = 0; i < 3; i++) {
      round(IDLENESS, reader);
    }
    assertThat(reader.out().idle).isTrue();
    assertThat(out.idle).as("read to its end and silent").isTrue();

    // a record in the slot already reached: the split's watermark does not move
    Watermark before = reader.out().lastWatermark;
    reader.generator().onEvent(record(1, T0 + 1), T0 + 1, reader.out());
    round(Duration.ofMillis(200), reader);
    assertThat(reader.out().lastWatermark).isEqualTo(before);
    assertThat(splits.status(0)).isEqualTo(Status.READING);
    assertThat(out.idle).as("the main output marks the subtask active again").isFalse();
  }

  // ------------------------------------------------------------------ helpers

  /**
   * The generator of a split added while the job runs: Flink creates it, then hands the split to
   * the reader.
   */
  private ReadToEndIdleness<BorderCrossing> addedSplit(int partition, long startingOffset) {
    ReadToEndIdleness<BorderCrossing> generator = generator(splits.born());
    splits.assigned(partition, startingOffset);
    return generator;
  }

  private ReadToEndIdleness<BorderCrossing> generator(SourceSplits.Birth birth) {
    return new ReadToEndIdleness<>(
        new SlotWatermarks<>(Duration.ofMinutes(5), Duration.ofDays(1)),
        IDLENESS,
        () -> now[0],
        probe,
        splits,
        birth);
  }

  /** A split generator with an output of its own. */
  private record Born(ReadToEndIdleness<BorderCrossing> generator, RecordingOutput out) {}

  /** The next split generator Flink creates, for a split the reader already has (a restore). */
  private Born restoredSplit() {
    return new Born(generator(splits.born()), new RecordingOutput());
  }

  /**
   * Lets processing time pass as Flink's periodic emit does: every split generator to its own
   * output, then the main output ({@code split}, to {@code out}), with a probe round each time.
   */
  private void round(Duration d, Born... born) {
    long end = now[0] + d.toMillis();
    while (now[0] < end) {
      now[0] = Math.min(end, now[0] + 200);
      probe.completeRound();
      for (Born b : born) {
        b.generator().onPeriodicEmit(b.out());
      }
      split.onPeriodicEmit(out);
    }
  }

  private void silence(ReadToEndIdleness<BorderCrossing> generator, Duration d) {
    long end = now[0] + d.toMillis();
    while (now[0] < end) {
      now[0] = Math.min(end, now[0] + 200);
      generator.onPeriodicEmit(out);
    }
  }

  private void readTwoRecords() {
    split.onEvent(record(6, T0), T0, out);
    split.onEvent(record(7, T0 + 20 * 60_000), T0 + 20 * 60_000, out);
    split.onPeriodicEmit(out);
  }

  /** Lets processing time pass in periodic-emit steps of 200 ms. */
  private void silence(Duration d) {
    silence(split, d);
  }

  private static Ingested<BorderCrossing> record(long offset, long eventTime) {
    return recordOf(0, offset, eventTime);
  }

  private static Ingested<BorderCrossing> recordOf(int partition, long offset, long eventTime) {
    return Ingested.accepted(null, TOPIC, partition, offset, null, ("" + eventTime).getBytes());
  }

  /** A probe whose rounds complete when the test says, with the answers the test sets. */
  static final class ScriptedProbe implements EndOffsets {
    final Map<Integer, Long> asked = new HashMap<>();
    final Map<Integer, Answer> answers = new HashMap<>();
    long completedRound;
    boolean topicHasRecords;

    void answer(int partition, Answer answer) {
      answers.put(partition, answer);
    }

    void completeRound() {
      completedRound++;
    }

    @Override
    public long request(int partition, long nextOffset) {
      asked.put(partition, nextOffset);
      return completedRound;
    }

    @Override
    public Answer answer(int partition, long nextOffset, long after) {
      return completedRound > after
          ? answers.getOrDefault(partition, Answer.UNKNOWN)
          : Answer.UNKNOWN;
    }

    @Override
    public boolean topicHasRecords(long after) {
      return topicHasRecords && completedRound > after;
    }
  }

  /** What the split told the multiplexer: its newest watermark and whether it is idle. */
  static final class RecordingOutput implements WatermarkOutput {
    Watermark lastWatermark;
    boolean idle;
    int markedActive;

    @Override
    public void emitWatermark(Watermark watermark) {
      lastWatermark = watermark;
      idle = false;
    }

    @Override
    public void markIdle() {
      idle = true;
    }

    @Override
    public void markActive() {
      idle = false;
      markedActive++;
    }
  }
}
