package org.corridorwatch.jobs.ingest;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes records and watermarks on unchanged but never a watermark status, so never idleness: while
 * its input is idle, the stream behind it stays active at the last watermark it passed.
 *
 * <p>It stands right after the first keyed operator of each input (dedup), where idleness has done
 * its work: that operator has already combined the watermarks of every source split, idle ones left
 * out. Every operator behind it reads all of dedup's subtasks, some over paths of different lengths
 * (a reading reaches the alert episodes through utilisation, thresholds and CEP; a backlog finding
 * through the customs visits alone), and all of those subtasks go idle, and active again, when the
 * same splits do. Passed on, that status only opens races when the sources wake after an idle
 * spell. The channel that wakes first leads the watermark of the operator it feeds, and the valve
 * ignores the others until they catch up: what they then bring lies behind that watermark. Seen in
 * tests: utilisation, the balances, the waits and the queue reading dead-lettered as LATE records
 * that another dedup subtask passed a moment later (981 of them in a week of Pingxiang), and the
 * alert episodes applied a clearing before the escalation that came before it. Held, every operator
 * behind this one waits for all of its inputs, as it does while data flows. Nothing stalls: the
 * last input of a subtask to turn idle emits the highest watermark of them all, so every subtask
 * stops at the same one.
 *
 * <p>At the end of its input, which for a running job means a stop that drains, it passes the end
 * of event time on itself. A source idle at that moment cannot: Flink drops every watermark a task
 * emits while its output is idle, the final one included, and with idleness decided by lag a source
 * that has read everything is idle. Without this a drain would leave the last day of readings, the
 * last balance hours and the last waits unwritten.
 */
public final class HoldWatermarkWhileIdle<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(StreamRecord<T> element) {
    output.collect(element);
  }

  /** Drops every status: the stream behind starts active and so it stays. */
  @Override
  public void processWatermarkStatus(WatermarkStatus status) {}

  /** Called when the input ends for good (a drain, or a bounded run), never on a plain stop. */
  @Override
  public void endInput() {
    output.emitWatermark(Watermark.MAX_WATERMARK);
  }
}
