package org.corridorwatch.model;

import java.time.Duration;

/**
 * The analytics job's watermark rule, without Flink: the watermark is the newest event time seen
 * minus the out-of-orderness, minus 1 ms, and it is emitted only when it reaches the next 15-minute
 * slot boundary minus 1 ms past the last one emitted. "Newest" is the {@link EventTimeFrontier}: a
 * record stamped more than the maximum jump ahead does not move it until records spanning a slot
 * confirm the new time range. Rejected records carry no event time and are not given to it.
 *
 * <p>The job's watermark generator drives it per partition; the latency probes drive it over the
 * crossings topic to know which record let the job decide an output. One rule, so the two cannot
 * drift apart.
 */
public final class SlotWatermarkRule {
  private final long outOfOrdernessMillis;
  private final EventTimeFrontier frontier;
  private long newest = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  public SlotWatermarkRule(Duration outOfOrderness, Duration maxJump) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.frontier = new EventTimeFrontier(maxJump.toMillis());
  }

  /**
   * Takes an accepted record's event time; returns the watermark to emit now, or {@link
   * Long#MIN_VALUE} when it does not move.
   */
  public long onEventTime(long eventTimeMillis) {
    long followed = frontier.observe(eventTimeMillis);
    if (followed == Long.MIN_VALUE || followed <= newest) {
      return Long.MIN_VALUE;
    }
    newest = followed;
    long candidate = newest - outOfOrdernessMillis - 1;
    // the first boundary-minus-one the last emitted watermark had not reached
    long nextThreshold =
        emitted == Long.MIN_VALUE ? Long.MIN_VALUE : EventTimeRules.slotEnd(emitted + 1) - 1;
    if (candidate < nextThreshold) {
      return Long.MIN_VALUE;
    }
    emitted = candidate;
    return candidate;
  }

  /** The last watermark emitted, or {@link Long#MIN_VALUE}. */
  public long emitted() {
    return emitted;
  }
}
