package org.corridorwatch.jobs.ingest;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * The watermark an operator had reached when its last checkpoint was taken, carried across a
 * restore. Flink keeps no watermark in a checkpoint: after a failover, a restart or a savepoint
 * resume every watermark starts again from nothing, so a lateness check against the current
 * watermark alone would let through records for slots that were emitted before the restore.
 *
 * <p>Kept in union operator state, one value per subtask. On restore the floor is the lowest of
 * them: every subtask of a keyed operator reads the same upstream watermarks, so they agree up to
 * the order in which their channels were read, and the lowest is the one every key had certainly
 * passed, whichever subtask owns it after a rescale. Aligned checkpoints make it exact for the
 * operators downstream too: each of them had processed that watermark, and fired its timers up to
 * it, before its own snapshot.
 */
public final class WatermarkFloor {
  private static final ListStateDescriptor<Long> STATE =
      new ListStateDescriptor<>("watermark-at-checkpoint", Types.LONG);

  private transient ListState<Long> state;
  private long floor = Long.MIN_VALUE;
  private long reached = Long.MIN_VALUE; // the newest watermark this subtask passed

  /** Reads the floor of a restore, if this is one. */
  public void initialize(FunctionInitializationContext context) throws Exception {
    state = context.getOperatorStateStore().getUnionListState(STATE);
    floor = Long.MIN_VALUE;
    reached = Long.MIN_VALUE;
    if (!context.isRestored()) {
      return;
    }
    long lowest = Long.MAX_VALUE;
    for (Long watermark : state.get()) {
      // a subtask that had passed no watermark, and restored no floor, says nothing of how far
      // time had come
      if (watermark != null && watermark != Long.MIN_VALUE) {
        lowest = Math.min(lowest, watermark);
      }
    }
    floor = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
  }

  /**
   * The operator passed this watermark. Its operator must say so for every watermark, not only when
   * a record or a timer shows it one: a subtask whose keys are quiet after a restore still passes
   * time on, and its next checkpoint must keep how far.
   */
  public void passed(long watermark) {
    reached = Math.max(reached, watermark);
  }

  /** Keeps how far this subtask has come, for the next restore. */
  public void snapshot() throws Exception {
    state.update(List.of(Math.max(floor, reached)));
  }

  /**
   * The watermark to judge a record against: this operator's own, or the floor of the restore while
   * the watermark has not yet caught up with it.
   *
   * @param currentWatermark the operator's watermark now
   */
  public long judgeAgainst(long currentWatermark) {
    return Math.max(floor, currentWatermark);
  }
}
