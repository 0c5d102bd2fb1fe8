package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertType;

/**
 * The {@code CLEARANCE_BACKLOG} transitions of one port, worked out from each vehicle's arrival and
 * customs decision, with no CEP: a vehicle whose CLEARED or REJECTED comes 6 h or more after its
 * ARRIVED, or never, times out at arrival + 6 h; at every timeout, and an hour after each, the
 * timeouts of the last hour are counted: 10 make a WARNING, 30 CRITICAL, none clear it.
 */
final class ClearanceBacklogOracle {
  static final long LIMIT_MILLIS = 6 * 60 * 60_000L;
  static final long WINDOW_MILLIS = 60 * 60_000L;
  static final int WARNING = 10;
  static final int CRITICAL = 30;

  private ClearanceBacklogOracle() {}

  /**
   * @param vehicles per vehicle: arrival time and decision time, or {@link Long#MAX_VALUE} when no
   *     decision was seen
   */
  static List<ExpectedAlert> alerts(String portId, List<long[]> vehicles) {
    TreeMap<Long, Integer> timeouts = new TreeMap<>();
    for (long[] v : vehicles) {
      if (v[1] == Long.MAX_VALUE || v[1] - v[0] >= LIMIT_MILLIS) {
        timeouts.merge(v[0] + LIMIT_MILLIS, 1, Integer::sum);
      }
    }
    TreeSet<Long> moments = new TreeSet<>(timeouts.keySet());
    timeouts.keySet().forEach(t -> moments.add(t + WINDOW_MILLIS));
    List<ExpectedAlert> out = new ArrayList<>();
    Episodes episodes = new Episodes(AlertType.CLEARANCE_BACKLOG, portId, out);
    for (long t : moments) {
      Map<Long, Integer> window = timeouts.subMap(t - WINDOW_MILLIS, false, t, true);
      int count = window.values().stream().mapToInt(Integer::intValue).sum();
      if (count == 0) {
        episodes.clear();
      } else if (count >= CRITICAL) {
        episodes.raise(AlertSeverity.CRITICAL, window.keySet().iterator().next());
      } else if (count >= WARNING) {
        episodes.raise(AlertSeverity.WARNING, window.keySet().iterator().next());
      }
    }
    return out;
  }
}
