package org.corridorwatch.model.latency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.SlotWatermarkRule;

/**
 * The crossings watermark of {@code corridor-analytics}, step by step, rebuilt from the crossings
 * topic as the job read it: for each output, which produced crossing first let the job decide it.
 *
 * <p>The rule is the job's own, {@link SlotWatermarkRule}, which the job's watermark generator
 * drives too: newest event time (behind the jump guard) minus the out-of-orderness minus 1 ms,
 * emitted at each 15-minute slot boundary. Rejected records carry no event time and do not move it.
 *
 * <p>This equals the job's watermark only when the crossings topic has one partition, so that the
 * job's single source reader sees the records in exactly this order (offset order), and only when
 * the job started on an empty topic. Every utilisation reading and every alert is driven by this
 * watermark alone: the shipments pipeline never joins them, and the control input declares itself
 * idle for good, so the operators that read it follow the crossings alone.
 */
public final class CrossingWatermarks {
  /**
   * A crossing whose arrival moved the job's watermark.
   *
   * @param offset its offset in the crossings topic
   * @param producedAtMillis its Kafka timestamp: the producer's wall clock at send (CreateTime)
   * @param eventTimeMillis its event time
   * @param watermark the watermark the job emitted on reading it
   */
  public record Step(long offset, long producedAtMillis, long eventTimeMillis, long watermark) {}

  private final SlotWatermarkRule rule;
  private final List<Step> steps = new ArrayList<>();

  /**
   * For a job run with the default {@code --max-watermark-jump} (1 day).
   *
   * @param outOfOrderness the job's {@code --out-of-orderness}
   */
  public CrossingWatermarks(Duration outOfOrderness) {
    this(outOfOrderness, Duration.ofMillis(EventTimeFrontier.DEFAULT_MAX_JUMP_MILLIS));
  }

  /**
   * @param outOfOrderness the job's {@code --out-of-orderness}
   * @param maxJump the job's {@code --max-watermark-jump}
   */
  public CrossingWatermarks(Duration outOfOrderness, Duration maxJump) {
    this.rule = new SlotWatermarkRule(outOfOrderness, maxJump);
  }

  /**
   * Reads the next record of the crossings topic, in offset order.
   *
   * @param eventTimeMillis its event time, or {@link Long#MIN_VALUE} when the job rejects it
   */
  public void onCrossing(long offset, long producedAtMillis, long eventTimeMillis) {
    if (eventTimeMillis == Long.MIN_VALUE) {
      return;
    }
    long watermark = rule.onEventTime(eventTimeMillis);
    if (watermark != Long.MIN_VALUE) {
      steps.add(new Step(offset, producedAtMillis, eventTimeMillis, watermark));
    }
  }

  /**
   * The crossing on whose arrival the job's watermark first reached {@code decisionTimeMillis}: an
   * output decided at that event time cannot have been written before this crossing was produced.
   * Empty when the watermark never got there.
   */
  public Optional<Step> triggerOf(long decisionTimeMillis) {
    // watermarks only rise, so the steps are sorted by watermark
    int low = 0;
    int high = steps.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (steps.get(mid).watermark() >= decisionTimeMillis) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low < steps.size() ? Optional.of(steps.get(low)) : Optional.empty();
  }

  /** The job's watermark after every crossing read so far, or {@link Long#MIN_VALUE}. */
  public long watermark() {
    return rule.emitted();
  }

  /** How many times the watermark moved. */
  public int steps() {
    return steps.size();
  }
}
