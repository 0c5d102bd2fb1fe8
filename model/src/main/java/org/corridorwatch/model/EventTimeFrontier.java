package org.corridorwatch.model;

/**
 * The newest event time of one input stream (one partition) that its watermark may follow: the
 * guard that keeps one record with a wrong clock from moving event time by years.
 *
 * <p>The wall-clock guard of the contract rejects times more than a day ahead of now, but a replay
 * of 2019 data is years behind now: a single record stamped 2025 passes it, and if the watermark
 * followed it, every later 2019 record would be {@code LATE} and every port would stop reporting.
 * So an event time more than {@code maxJumpMillis} ahead of the frontier is not followed at once.
 * It becomes a <em>candidate</em> new range, and the frontier moves there only when the jump is
 * <em>confirmed</em>: records within {@code maxJumpMillis} of the candidate's first record span at
 * least one 15-minute slot of event time (newest minus oldest). A lone record, or a burst of copies
 * from one frozen clock, never spans a slot; a real change of time range (a replay handing over to
 * a live feed, a quiet day) does after 15 minutes of its own event time.
 *
 * <p>A record outside both the frontier's reach and the candidate's range replaces the candidate.
 * Before the first confirmation there is no frontier at all, so the very first records need the
 * same confirmation: a job restarted right before a bad record does not follow it either. Records
 * that are not followed are still accepted and counted in their own slot; their reading comes when
 * event time reaches them (at the end of a bounded run, or when a later jump is confirmed).
 *
 * <p>The job's watermark generator ({@code jobs/…/ingest/SlotWatermarks}) and the generators' known
 * answers both use this class, so the known answers say exactly what the job does. Not thread-safe;
 * one per stream.
 */
public final class EventTimeFrontier {
  /** The default of the job's {@code --max-watermark-jump}: one day. */
  public static final long DEFAULT_MAX_JUMP_MILLIS = EventTimeRules.DAY_MILLIS;

  /** How much event time the records of a candidate range must span to confirm it. */
  public static final long CONFIRMATION_SPAN_MILLIS = EventTimeRules.SLOT_MILLIS;

  private final long maxJumpMillis;
  private long frontier = Long.MIN_VALUE;
  private long candidateFirst = Long.MIN_VALUE;
  private long candidateOldest;
  private long candidateNewest;

  /**
   * @param maxJumpMillis how far ahead of the frontier a record may be and still move it at once;
   *     at least one slot
   */
  public EventTimeFrontier(long maxJumpMillis) {
    if (maxJumpMillis < EventTimeRules.SLOT_MILLIS) {
      throw new IllegalArgumentException("the maximum jump must be at least one 15-minute slot");
    }
    this.maxJumpMillis = maxJumpMillis;
  }

  /**
   * Takes one record's event time into account.
   *
   * @return the frontier after it: the newest event time the watermark may follow, or {@link
   *     Long#MIN_VALUE} while there is none
   */
  public long observe(long eventTime) {
    if (frontier != Long.MIN_VALUE && eventTime <= frontier + maxJumpMillis) {
      frontier = Math.max(frontier, eventTime);
      return frontier;
    }
    if (candidateFirst == Long.MIN_VALUE || Math.abs(eventTime - candidateFirst) > maxJumpMillis) {
      candidateFirst = eventTime;
      candidateOldest = eventTime;
      candidateNewest = eventTime;
    } else {
      candidateOldest = Math.min(candidateOldest, eventTime);
      candidateNewest = Math.max(candidateNewest, eventTime);
    }
    if (candidateNewest - candidateOldest >= CONFIRMATION_SPAN_MILLIS) {
      frontier = Math.max(frontier, candidateNewest);
      candidateFirst = Long.MIN_VALUE;
    }
    return frontier;
  }

  /** The newest event time the watermark may follow, or {@link Long#MIN_VALUE} while none. */
  public long frontier() {
    return frontier;
  }

  /** True while a jump waits for confirmation. */
  public boolean jumpPending() {
    return candidateFirst != Long.MIN_VALUE;
  }
}
