package org.corridorwatch.jobs.waits;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.corridorwatch.model.EventTimeRules;

/**
 * Passes records on unchanged and the watermark only as far as the last whole slot: the end of the
 * last 15-minute slot it has passed, minus 1 ms. The end of event time passes as it is.
 *
 * <p>It stands before the customs visits ({@link PortVisits}). They apply each record when the
 * watermark passes it, in event-time order, and refuse a record behind what they have applied. The
 * job's watermark moves to mid-slot instants (the newest event time minus the out-of-orderness), so
 * without this a record a little behind it was refused by the visits while its slot was still open
 * and utilisation, the queue reading and the balances counted it. With the watermark held to whole
 * slots, the visits apply a slot's records only once the slot is final, and what they refuse is
 * exactly what the contract calls {@code LATE}: a record whose slot has been written. Nothing is
 * written later for it: a waits record at a slot end already waited for the watermark to pass that
 * end.
 *
 * <p>Keeps no state: after a restore the first watermark in sets the pace again.
 */
public final class WholeSlotWatermark<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T> {
  private static final long serialVersionUID = 1L;

  private long passed = Long.MIN_VALUE;

  @Override
  public void processElement(StreamRecord<T> element) {
    output.collect(element);
  }

  @Override
  public void processWatermark(Watermark mark) {
    long held = heldAt(mark.getTimestamp());
    if (held > passed) {
      passed = held;
      output.emitWatermark(new Watermark(held));
    }
  }

  /** The watermark passed on for {@code watermark}: the last slot end at or before it, minus 1. */
  static long heldAt(long watermark) {
    if (watermark == Long.MAX_VALUE || watermark == Long.MIN_VALUE) {
      return watermark;
    }
    return EventTimeRules.slotStart(watermark + 1) - 1;
  }
}
