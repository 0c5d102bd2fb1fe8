package org.corridorwatch.jobs.ingest;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;

/**
 * Passes on the records that parsed and are on time; sends the rest, with their original bytes, to
 * the dead-letter side output: rejections with the parser's reason, and records whose period (a
 * crossing's slot, a shipment's hour: {@link EventTimeRules.Period}) was already emitted as {@code
 * LATE}.
 *
 * <p>The lateness check here, chained right after the source, is an early filter only: its
 * watermark is the source's own, and behind a shuffle a keyed operator's watermark can run ahead of
 * it when channels resume from idle, and every watermark starts again from nothing after a restore.
 * The operators that own a figure judge again, each against its own watermark and how far it has
 * emitted ({@link LateRecords}).
 *
 * <p>Rejections are counted here: metric {@code corridorwatch.deadLetters} with the label {@code
 * reason} (see {@link JobMetrics}); the owners count the {@code LATE} records they find.
 *
 * <p>Two kinds, by what they pass on: {@link #keepingOrigin} the records as they left Kafka, and
 * {@link #records} the parsed records alone. Their output type is a type variable, which Flink
 * cannot infer: the caller names it, {@code process(AcceptOnTime.keepingOrigin(SLOT),
 * in.getType())}.
 *
 * @param <T> the record type of the input
 * @param <OUT> what is passed on
 */
public abstract class AcceptOnTime<T extends InputRecord, OUT>
    extends ProcessFunction<Ingested<T>, OUT> {
  private static final long serialVersionUID = 1L;

  /** Where rejected and late records go. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  // null: not judged
  private final EventTimeRules.Period lateAfter;

  /** One per reason, by ordinal: created once in open(), no lookup or allocation per record. */
  private transient Counter[] deadLetters;

  private AcceptOnTime(EventTimeRules.Period lateAfter) {
    this.lateAfter = lateAfter;
  }

  /**
   * Passes on accepted, on-time records as they left Kafka, with their origin and bytes, for the
   * operators downstream that judge lateness again and need both for a dead letter.
   *
   * @param lateAfter the period whose emission makes a record late
   */
  public static <T extends InputRecord> AcceptOnTime<T, Ingested<T>> keepingOrigin(
      EventTimeRules.Period lateAfter) {
    return new KeepingOrigin<>(lateAfter);
  }

  /**
   * Passes on the accepted records alone.
   *
   * @param checkLateness false for control records, which apply from their effective time on
   */
  public static <T extends InputRecord> AcceptOnTime<T, T> records(boolean checkLateness) {
    return new Records<>(checkLateness);
  }

  /** What an accepted, on-time record is passed on as. */
  abstract OUT passOn(Ingested<T> in);

  @Override
  public void open(OpenContext context) {
    MetricGroup group = JobMetrics.of(getRuntimeContext().getMetricGroup());
    deadLetters = new Counter[RejectReason.values().length];
    for (RejectReason reason : RejectReason.values()) {
      deadLetters[reason.ordinal()] =
          group.addGroup(JobMetrics.REASON, reason.name()).counter(JobMetrics.DEAD_LETTERS);
    }
  }

  @Override
  public void processElement(Ingested<T> in, Context ctx, Collector<OUT> out) {
    if (!in.accepted()) {
      deadLetters[in.reason().ordinal()].inc();
      ctx.output(
          DEAD_LETTERS,
          in.toDeadLetter(in.reason(), in.detail(), ctx.timerService().currentProcessingTime()));
      return;
    }
    long eventTime = in.record().eventTimeMillis();
    long watermark = ctx.timerService().currentWatermark();
    if (lateAfter != null && lateAfter.isLate(eventTime, watermark)) {
      deadLetters[RejectReason.LATE.ordinal()].inc();
      ctx.output(
          DEAD_LETTERS,
          in.toDeadLetter(
              RejectReason.LATE,
              "eventTime "
                  + Instant.ofEpochMilli(eventTime)
                  + " falls in a "
                  + lateAfter
                  + " already emitted (watermark "
                  + Instant.ofEpochMilli(watermark)
                  + ")",
              ctx.timerService().currentProcessingTime()));
      return;
    }
    out.collect(passOn(in));
  }

  /** Passes on each record with its origin and bytes. */
  static final class KeepingOrigin<T extends InputRecord> extends AcceptOnTime<T, Ingested<T>> {
    private static final long serialVersionUID = 1L;

    KeepingOrigin(EventTimeRules.Period lateAfter) {
      super(lateAfter);
    }

    @Override
    Ingested<T> passOn(Ingested<T> in) {
      return in;
    }
  }

  /** Passes on the parsed record alone. */
  static final class Records<T extends InputRecord> extends AcceptOnTime<T, T> {
    private static final long serialVersionUID = 1L;

    Records(boolean checkLateness) {
      super(checkLateness ? EventTimeRules.Period.SLOT : null);
    }

    @Override
    T passOn(Ingested<T> in) {
      return in.record();
    }
  }
}
