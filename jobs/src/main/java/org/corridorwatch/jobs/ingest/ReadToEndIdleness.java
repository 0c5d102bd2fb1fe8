package org.corridorwatch.jobs.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;
import org.corridorwatch.jobs.ingest.EndOffsets.Answer;
import org.corridorwatch.jobs.ingest.SourceSplits.Status;
import org.corridorwatch.model.InputRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idleness decided by lag, not by silence: a partition stops holding back the watermark only when
 * the job has read it to its end and it has then been silent for the idleness. Wraps one split's
 * {@link SlotWatermarks}.
 *
 * <p>Why not Flink's {@code withIdleness}: it releases a partition after mere silence. A job
 * deployed before its data, or any job during a broker outage, then has every split idle, and when
 * records come the first split to resume leads every keyed operator behind a shuffle, so on-time
 * records of the other partitions arrive late there. Here silence only starts a question to the
 * broker ({@link EndOffsets}), asked of a probe round that began after the split's last record:
 *
 * <ul>
 *   <li>records left to read (after an outage, a restart, a rebalance): the split holds;
 *   <li>no answer (the broker cannot be reached): the split holds;
 *   <li>read to its end: the split is marked idle, and the question keeps being asked, so records
 *       written meanwhile or a broker that becomes unreachable make it hold again until they are
 *       read.
 * </ul>
 *
 * <p>A split that has shown no record since it was assigned (an empty partition, a job started
 * before its data, a partition restored from a checkpoint that the consumer has not fetched from
 * yet) holds until its partition is confirmed read to its end from the offset the split started at.
 * Flink creates a split's output, and so its generator, as the split is added, before the split's
 * first record; but it tells the generator nothing of its split. The generator learns its partition
 * and starting offset from {@link SourceSplits}, which pairs it with the split the reader was given
 * ({@link SourceSplits#born()}); without that it could not ask about its partition, and a partition
 * that never has a record could hold its whole subtask for good. It also holds while its topic has
 * no record at all, and for the idleness after the probe first finds records there: so a job
 * waiting for its first data holds every partition, and when data comes each partition has the
 * idleness to show its first record; a partition that stays empty while others flow is released
 * then, and a quiet port cannot stop the corridor. The reader's main output gets a generator too,
 * which reads no record: it asks about the subtask's partitions that no split generator has
 * claimed, which is none once every split's output exists, and it speaks for the subtask as a
 * whole.
 *
 * <p>Why the main output speaks for the subtask: Flink declares a source subtask idle when both its
 * main output and its split outputs are idle, and it counts the split outputs as idle until they
 * first emit a watermark, and again once all of them are idle. A split that holds has not always
 * emitted one (it has shown no record yet, or it was released and its new records have not moved
 * its watermark), and Flink passes on no {@code markActive} from a split output. So the main output
 * marks the subtask active while any of its partitions holds, and idle only once every one of them
 * is released. Without that, a job waiting for its data, or a source woken by records after an idle
 * spell, would send its records on an idle channel, where the operator behind it judges them
 * against the watermark its other inputs set.
 *
 * <p>Per record it only notes the partition and offset; time, the probe and the subtask's shared
 * state are consulted at the periodic emit, every 200 ms by default.
 */
public final class ReadToEndIdleness<T extends InputRecord>
    implements WatermarkGenerator<Ingested<T>> {
  private static final Logger LOG = LoggerFactory.getLogger(ReadToEndIdleness.class);
  private static final long NO_TICKET = Long.MIN_VALUE;

  private final WatermarkGenerator<Ingested<T>> watermarks;
  private final long idlenessMillis;
  private final LongSupplier clock;
  private final EndOffsets endOffsets;
  private final SourceSplits splits;
  private final SourceSplits.Birth birth; // null for the reader's main output

  private int partition = -1;
  private long nextOffset = EndOffsets.FROM_LOG_START;
  private boolean seenRecord;
  private boolean recordSinceEmit;
  private long lastActivity;
  private long topicRecordsSince = Long.MIN_VALUE;
  private long ticket = NO_TICKET;
  private boolean idle;
  private boolean warnedUnassigned;

  /**
   * @param watermarks the split's watermarks while it holds
   * @param clock milliseconds of the split's input activity (Flink pauses it under backpressure)
   * @param endOffsets the probe of this split's topic
   * @param splits what the split's source subtask knows of its partitions
   * @param birth the generator's link to its split ({@link SourceSplits#born()}); null for the
   *     reader's main output
   */
  public ReadToEndIdleness(
      WatermarkGenerator<Ingested<T>> watermarks,
      Duration idleness,
      LongSupplier clock,
      EndOffsets endOffsets,
      SourceSplits splits,
      SourceSplits.Birth birth) {
    this.watermarks = watermarks;
    this.idlenessMillis = idleness.toMillis();
    this.clock = clock;
    this.endOffsets = endOffsets;
    this.splits = splits;
    this.birth = birth;
    this.lastActivity = clock.getAsLong();
    learnSplit();
  }

  /** Takes the split's partition and starting offset once the reader has reported the split. */
  private void learnSplit() {
    if (partition >= 0 || birth == null) {
      return;
    }
    SourceSplits.SplitStart start = splits.splitOf(birth);
    if (start != null) {
      partition = start.partition();
      nextOffset = start.offset();
      splits.claim(partition);
    }
  }

  /**
   * The ingest watermark strategy of a Kafka topic read through {@link SplitTrackingSource}: slot
   * watermarks, event times from the records, idleness decided by lag.
   *
   * @param client the client properties the probe connects with (bootstrap servers, security)
   */
  public static <T extends InputRecord> WatermarkStrategy<Ingested<T>> strategy(
      Duration outOfOrderness,
      Duration idleness,
      Duration maxJump,
      String topic,
      Map<String, String> client) {
    HashMap<String, String> probeClient = new HashMap<>(client);
    return WatermarkStrategy.<Ingested<T>>forGenerator(
            context -> {
              RelativeClock activity = context.getInputActivityClock();
              SourceSplits splits = SourceSplits.of(context.getMetricGroup(), topic);
              return new ReadToEndIdleness<>(
                  new SlotWatermarks<T>(outOfOrderness, maxJump),
                  idleness,
                  activity::relativeTimeMillis,
                  EndOffsetProbe.shared(probeClient, topic),
                  splits,
                  splits.born());
            })
        .withTimestampAssigner((record, kafkaTimestamp) -> record.eventTimeMillis());
  }

  @Override
  public void onEvent(Ingested<T> record, long eventTimestamp, WatermarkOutput output) {
    learnSplit(); // its split may have reached the reader since the last periodic emit
    if (partition != record.partition()) {
      if (partition >= 0) {
        splits.mispaired(partition, record.partition());
      }
      partition = record.partition();
      splits.claim(partition);
    }
    nextOffset = record.offset() + 1;
    seenRecord = true;
    recordSinceEmit = true;
    watermarks.onEvent(record, eventTimestamp, output);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    learnSplit();
    long now = clock.getAsLong();
    if (recordSinceEmit) {
      recordSinceEmit = false;
      lastActivity = now;
      ticket = NO_TICKET;
    }
    if (seenRecord) {
      decide(now, output);
    } else if (partition >= 0) {
      if (splits.pairingTrusted() && readToEndWithoutRecords(now, Map.of(partition, nextOffset))) {
        release(output);
      } else {
        hold(output);
      }
    } else if (splits.pairingTrusted()
        && readToEndWithoutRecords(now, splits.unclaimed())
        && splits.everyPartitionReleased()) {
      release(output);
    } else {
      // the main output speaks for the whole subtask (see the class comment); it reads no
      // record, so it has no watermark of its own to emit
      idle = false;
      output.markActive();
    }
  }

  private void decide(long now, WatermarkOutput output) {
    if (now - lastActivity < idlenessMillis) {
      hold(output);
      splits.report(partition, Status.READING, nextOffset);
      return;
    }
    long round = endOffsets.request(partition, nextOffset);
    if (ticket == NO_TICKET) {
      ticket = round;
    }
    Answer answer = endOffsets.answer(partition, nextOffset, ticket);
    if (answer == Answer.READ_TO_END) {
      release(output);
      splits.report(partition, Status.RELEASED, nextOffset);
    } else {
      hold(output);
      splits.report(
          partition,
          answer == Answer.UNREAD_RECORDS ? Status.HELD_UNREAD : Status.HELD_UNCONFIRMED,
          nextOffset);
    }
  }

  /**
   * Whether partitions that have shown no record may stop holding: read to their end from where
   * their splits started, and silent for the idleness since their topic first had records.
   *
   * @param open the partitions this generator answers for and the offsets their splits started at:
   *     its own, or for the main output those of the subtask that no generator claimed (null while
   *     the reader has reported none)
   */
  private boolean readToEndWithoutRecords(long now, Map<Integer, Long> open) {
    if (now - lastActivity < idlenessMillis) {
      return false;
    }
    if (open == null) {
      if (!warnedUnassigned) {
        warnedUnassigned = true;
        LOG.warn(
            "a split of topic {} has no record and its reader reported no partitions: it holds"
                + " the watermark until it reads a record",
            splits.topic());
      }
      return false;
    }
    if (open.isEmpty()) {
      // the main output: every partition of the subtask has a generator of its own
      return true;
    }
    long round = NO_TICKET;
    for (Map.Entry<Integer, Long> p : open.entrySet()) {
      round = endOffsets.request(p.getKey(), p.getValue());
    }
    if (ticket == NO_TICKET) {
      ticket = round;
    }
    if (topicRecordsSince == Long.MIN_VALUE) {
      if (!endOffsets.topicHasRecords(ticket)) {
        reportAll(open, Status.HELD_UNCONFIRMED);
        return false;
      }
      // records have come: each partition gets the idleness to show its first, counted from now
      topicRecordsSince = now;
      ticket = NO_TICKET;
    }
    if (now - topicRecordsSince < idlenessMillis) {
      return false;
    }
    if (ticket == NO_TICKET) {
      ticket = round;
    }
    Status status = Status.RELEASED;
    for (Map.Entry<Integer, Long> p : open.entrySet()) {
      Answer answer = endOffsets.answer(p.getKey(), p.getValue(), ticket);
      if (answer == Answer.UNREAD_RECORDS) {
        status = Status.HELD_UNREAD;
      } else if (answer == Answer.UNKNOWN && status == Status.RELEASED) {
        status = Status.HELD_UNCONFIRMED;
      }
    }
    reportAll(open, status);
    return status == Status.RELEASED;
  }

  private void reportAll(Map<Integer, Long> open, Status status) {
    for (Map.Entry<Integer, Long> p : open.entrySet()) {
      splits.report(p.getKey(), status, p.getValue());
    }
  }

  /** Holds the watermark at this split's own: active again if it was idle. */
  private void hold(WatermarkOutput output) {
    if (idle) {
      idle = false;
      output.markActive();
    }
    watermarks.onPeriodicEmit(output);
  }

  private void release(WatermarkOutput output) {
    idle = true;
    output.markIdle();
  }
}
