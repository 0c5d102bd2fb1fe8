package org.corridorwatch.jobs.dedup;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * A keyed process operator that never tells the operators after it that it is idle: when all of its
 * inputs fall idle it keeps its last watermark, active, and when they resume it goes on from there.
 *
 * <p>Why: idleness belongs at the sources, where a quiet partition must not stop the corridor.
 * Behind the first shuffle every subtask of this operator sees every source subtask, so all its
 * subtasks fall idle together, and nothing is lost by holding their last watermark instead. But an
 * idle status passed on makes every later shuffle a race when the corridor resumes: a channel that
 * turns active first leads the next operator's watermark, and a reading emitted a moment later on
 * another channel arrives behind it. A keyed operator that owns a figure dead-letters such a
 * record; a Flink CEP pattern drops it without a trace, and a run of readings breaks. Keeping every
 * channel after this operator active makes each operator's watermark the minimum over all of its
 * channels, always.
 */
public final class NeverIdle<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {
  private static final long serialVersionUID = 1L;

  public NeverIdle(KeyedProcessFunction<K, IN, OUT> function) {
    super(function);
  }

  @Override
  public void processWatermarkStatus(WatermarkStatus status) {
    // neither IDLE nor the ACTIVE that ends it goes on: downstream stays active throughout
  }
}
