package org.corridorwatch.jobs.utilisation;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * The one event-time timer a per-port slot reader keeps: the end of the next slot it will read. A
 * record for an earlier slot (the port was quiet, or the record arrived out of order) moves the
 * read forward to that slot's end.
 */
public final class NextRead {
  private NextRead() {}

  /** Makes sure a read is due no later than {@code readAt}. */
  public static void noLaterThan(ValueState<Long> pending, TimerService timers, long readAt)
      throws IOException {
    Long due = pending.value();
    if (due == null || readAt < due) {
      if (due != null) {
        timers.deleteEventTimeTimer(due);
      }
      at(pending, timers, readAt);
    }
  }

  /** Schedules the next read at {@code readAt}. */
  public static void at(ValueState<Long> pending, TimerService timers, long readAt)
      throws IOException {
    timers.registerEventTimeTimer(readAt);
    pending.update(readAt);
  }
}
