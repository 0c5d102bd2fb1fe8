package org.corridorwatch.jobs;

import org.apache.flink.metrics.MetricGroup;

/**
 * The names of the job's own metrics, kept in one place for the operators that count, the tests
 * that read them and the Prometheus rules in {@code deploy/prometheus/}.
 *
 * <p>Every counter sits in the operator's group {@value #GROUP}. A breakdown (the reject reason,
 * the alert type and status) is a key/value group, so that Prometheus gets it as a label, {@code
 * reason="LATE"}, rather than as part of the metric name.
 */
public final class JobMetrics {
  private JobMetrics() {}

  /** The group under each operator that holds the job's own counters. */
  public static final String GROUP = "corridorwatch";

  /** Records sent to the dead-letter topic, under key {@link #REASON}. */
  public static final String DEAD_LETTERS = "deadLetters";

  /** The key of the reject reason (a {@code RejectReason} name, {@code LATE} included). */
  public static final String REASON = "reason";

  /** Records dropped because their {@code eventId} was already seen within the horizon. */
  public static final String DUPLICATES = "duplicates";

  /** Alert transitions written, under keys {@link #TYPE} and {@link #STATUS}. */
  public static final String ALERTS = "alerts";

  /** The key of the alert type. */
  public static final String TYPE = "type";

  /** The key of the alert status ({@code RAISED}, {@code ESCALATED}, {@code CLEARED}). */
  public static final String STATUS = "status";

  /** Customs-waits records written. */
  public static final String WAITS_WRITTEN = "waitsWritten";

  /** Visits dropped because no departure came within the max wait after their arrival. */
  public static final String VISITS_DROPPED = "visitsDropped";

  /** Port utilisation readings emitted. */
  public static final String READINGS = "readings";

  /**
   * Gauge of a source subtask: its partitions silent for the idleness that still hold the watermark
   * because records are left to read in them.
   */
  public static final String PARTITIONS_HELD_UNREAD = "partitionsHeldUnread";

  /**
   * Gauge of a source subtask: its partitions silent for the idleness that still hold the watermark
   * because the broker could not confirm they are read to their end (unreachable, or no data yet).
   */
  public static final String PARTITIONS_HELD_UNCONFIRMED = "partitionsHeldUnconfirmed";

  /**
   * Gauge of a source subtask: its partitions read to their end and silent for the idleness, which
   * no longer hold the watermark.
   */
  public static final String PARTITIONS_RELEASED = "partitionsReleased";

  /** The group of the job's own counters in an operator's metric group. */
  public static MetricGroup of(MetricGroup operator) {
    return operator.addGroup(GROUP);
  }
}
