package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;

/**
 * The {@code CLEARANCE_BACKLOG} transitions of one port, worked out from its visits with no CEP and
 * no timers. A visit's limit L is the clearance limit in force at its arrival a; it times out at a
 * + L when by then (strictly before) it has no decision and has not ended (departed, or replaced by
 * the vehicle's next ARRIVED), and L is under {@code maxWait} (otherwise the job has dropped it
 * first). A timeout at T counts for the backlog window in force at T: at every instant t with T ≤ t
 * < T + window. At every timeout, and one such window after each, the timeouts counting there are
 * judged by the counts in force at that instant: the warning count makes a WARNING, the critical
 * count CRITICAL, none clear it.
 */
final class ClearanceBacklogOracle {
  private static final long MINUTE_MILLIS = 60_000L;

  private ClearanceBacklogOracle() {}

  /**
   * @param visits the port's visits ({@link Visits#of})
   * @param maxWaitMillis the job's {@code --max-wait}
   * @param thresholds the thresholds in force over time
   */
  static List<ExpectedAlert> alerts(
      String portId, List<Visit> visits, long maxWaitMillis, SentThresholds thresholds) {
    TreeMap<Long, Integer> timeouts = new TreeMap<>();
    for (Visit v : visits) {
      long limit = thresholds.at(portId, v.arrivedAt()).clearanceLimitMinutes() * MINUTE_MILLIS;
      long t = v.arrivedAt() + limit;
      if (limit < maxWaitMillis && v.decidedAt() >= t && v.endedAt() >= t) {
        timeouts.merge(t, 1, Integer::sum);
      }
    }
    TreeSet<Long> moments = new TreeSet<>(timeouts.keySet());
    timeouts.keySet().forEach(t -> moments.add(t + windowAt(thresholds, portId, t)));
    List<ExpectedAlert> out = new ArrayList<>();
    Episodes episodes = new Episodes(AlertType.CLEARANCE_BACKLOG, portId, out);
    for (long t : moments) {
      AlertThresholds inForce = thresholds.at(portId, t);
      int count = 0;
      long earliest = Long.MAX_VALUE;
      for (Map.Entry<Long, Integer> timeout : timeouts.headMap(t, true).entrySet()) {
        long at = timeout.getKey();
        if (t < at + windowAt(thresholds, portId, at)) {
          count += timeout.getValue();
          earliest = Math.min(earliest, at);
        }
      }
      if (count == 0) {
        episodes.clear();
      } else if (count >= inForce.backlogCriticalCount()) {
        episodes.raise(AlertSeverity.CRITICAL, earliest);
      } else if (count >= inForce.backlogWarningCount()) {
        episodes.raise(AlertSeverity.WARNING, earliest);
      }
    }
    return out;
  }

  private static long windowAt(SentThresholds thresholds, String portId, long instant) {
    return thresholds.at(portId, instant).backlogWindowMinutes() * MINUTE_MILLIS;
  }
}
