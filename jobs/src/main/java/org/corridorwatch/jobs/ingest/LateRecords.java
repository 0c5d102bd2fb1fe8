package org.corridorwatch.jobs.ingest;

import java.time.Instant;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.RejectReason;

/**
 * The {@code LATE} dead letters of an operator that owns a figure: a record for a slot or hour the
 * operator has already emitted is never counted, and leaves here with its original bytes and
 * origin, counted in the metric {@code corridorwatch.deadLetters{reason="LATE"}} of that operator.
 *
 * <p>Every owner judges for itself, against its own watermark and against how far it has emitted
 * (kept in its keyed state, since a restore resets the watermark). The dead letters go to the side
 * output {@link AcceptParsed#DEAD_LETTERS}, the same tag as every other rejection.
 */
public final class LateRecords {
  private final Counter late;
  private final String figure;

  /**
   * @param context the owner's runtime context, for the metric
   * @param figure what the owner emits, named in each dead letter's detail ("port utilisation")
   */
  public LateRecords(RuntimeContext context, String figure) {
    this.late =
        JobMetrics.of(context.getMetricGroup())
            .addGroup(JobMetrics.REASON, RejectReason.LATE.name())
            .counter(JobMetrics.DEAD_LETTERS);
    this.figure = figure;
  }

  /**
   * The dead letter for {@code record}, counted.
   *
   * @param periodEnd the end of the slot or hour the record falls in
   * @param emittedThrough how far the owner had emitted for the record's key, or its watermark
   */
  public DeadLetter deadLetter(
      Ingested<?> record, long periodEnd, long emittedThrough, long processingTime) {
    late.inc();
    return record.toDeadLetter(
        RejectReason.LATE,
        "eventTime "
            + Instant.ofEpochMilli(record.eventTimeMillis())
            + " falls in a period ending "
            + Instant.ofEpochMilli(periodEnd)
            + " that "
            + figure
            + " already emitted (up to "
            + Instant.ofEpochMilli(emittedThrough)
            + ")",
        processingTime);
  }
}
