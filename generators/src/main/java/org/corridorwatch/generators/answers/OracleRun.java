package org.corridorwatch.generators.answers;

/**
 * Consecutive readings meeting one condition, counted as the job's CEP patterns do: a reading that
 * does not meet it ends the run, and after N the count starts again, as a pattern starts a new run
 * after its match.
 */
final class OracleRun {
  private final int needed;
  private int length;
  private long start;
  private long hitStart;

  OracleRun(int needed) {
    this.needed = needed;
  }

  /** Counts one reading at {@code time}; true when it completes a run of N. */
  boolean next(boolean meets, long time) {
    if (!meets) {
      length = 0;
      return false;
    }
    if (length == 0) {
      start = time;
    }
    length++;
    if (length == needed) {
      hitStart = start;
      length = 0;
      return true;
    }
    return false;
  }

  /** The time of the first reading of the run that last completed. */
  long hitStart() {
    return hitStart;
  }
}
