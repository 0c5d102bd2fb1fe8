package org.corridorwatch.jobs.ingest;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;

/**
 * Passes on the records that parsed; sends the rest, with their original bytes and the parser's
 * reason, to the dead-letter side output.
 *
 * <p>It judges no lateness. Chained right after the source, it sees only its own reader's
 * watermark, the slowest of that reader's partitions, which runs ahead of the job's watermark
 * whenever another reader is behind: a record behind it may lie in a slot no owner has emitted yet,
 * and counts. The operators that own a figure judge lateness, each against its own watermark and
 * how far it has emitted ({@link LateRecords}), and dedup against the job's watermark with the
 * floor it keeps across restores.
 *
 * <p>Rejections are counted here: metric {@code corridorwatch.deadLetters} with the label {@code
 * reason} (see {@link JobMetrics}); the owners count the {@code LATE} records they find.
 *
 * <p>Two kinds, by what they pass on: {@link #keepingOrigin} the records as they left Kafka, and
 * {@link #records} the parsed records alone. Their output type is a type variable, which Flink
 * cannot infer: the caller names it, {@code process(AcceptParsed.keepingOrigin(), in.getType())}.
 *
 * @param <T> the record type of the input
 * @param <OUT> what is passed on
 */
public abstract class AcceptParsed<T extends InputRecord, OUT>
    extends ProcessFunction<Ingested<T>, OUT> {
  private static final long serialVersionUID = 1L;

  /** Where rejected and late records go. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  /** One per reason, by ordinal: created once in open(), no lookup or allocation per record. */
  private transient Counter[] deadLetters;

  private AcceptParsed() {}

  /**
   * Passes on accepted records as they left Kafka, with their origin and bytes, for the operators
   * downstream that judge lateness and need both for a dead letter.
   */
  public static <T extends InputRecord> AcceptParsed<T, Ingested<T>> keepingOrigin() {
    return new KeepingOrigin<>();
  }

  /** Passes on the accepted records alone: control records, which no lateness applies to. */
  public static <T extends InputRecord> AcceptParsed<T, T> records() {
    return new Records<>();
  }

  /** What an accepted record is passed on as. */
  abstract OUT passOn(Ingested<T> in);

  @Override
  public void open(OpenContext context) {
    MetricGroup group = JobMetrics.of(getRuntimeContext().getMetricGroup());
    deadLetters = new Counter[RejectReason.values().length];
    for (RejectReason reason : RejectReason.values()) {
      // LATE is the owners' to count (LateRecords), under the same name and label
      if (reason != RejectReason.LATE) {
        deadLetters[reason.ordinal()] =
            group.addGroup(JobMetrics.REASON, reason.name()).counter(JobMetrics.DEAD_LETTERS);
      }
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
    out.collect(passOn(in));
  }

  /** Passes on each record with its origin and bytes. */
  static final class KeepingOrigin<T extends InputRecord> extends AcceptParsed<T, Ingested<T>> {
    private static final long serialVersionUID = 1L;

    @Override
    Ingested<T> passOn(Ingested<T> in) {
      return in;
    }
  }

  /** Passes on the parsed record alone. */
  static final class Records<T extends InputRecord> extends AcceptParsed<T, T> {
    private static final long serialVersionUID = 1L;

    @Override
    T passOn(Ingested<T> in) {
      return in.record();
    }
  }
}
