package org.corridorwatch.generators.answers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;

/**
 * The {@code QUEUE_GROWTH} transitions of one port, with no CEP: the queue (arrivals minus
 * departures and refusals) is read at every slot end while the port had a crossing in the last 24
 * h; at the slot ends that also have a utilisation reading, N consecutive readings that grew while
 * utilisation was above 0.85 raise a WARNING, and N that did not grow clear it.
 */
final class QueueGrowthOracle {
  static final int READINGS = 4;
  static final BigDecimal BUSY = new BigDecimal("0.85");

  private QueueGrowthOracle() {}

  /**
   * @param changes slot start to arrivals minus leavers in that slot, for one port
   * @param readings the port's utilisation readings
   */
  static List<ExpectedAlert> alerts(
      String portId, TreeMap<Long, Long> changes, List<PortUtilisation> readings) {
    List<ExpectedAlert> out = new ArrayList<>();
    if (changes.isEmpty()) {
      return out;
    }
    Map<Long, PortUtilisation> readingAt = new TreeMap<>();
    readings.forEach(r -> readingAt.put(r.windowEndMillis(), r));
    Episodes episodes = new Episodes(AlertType.QUEUE_GROWTH, portId, out);
    OracleRun growing = new OracleRun(READINGS);
    OracleRun steady = new OracleRun(READINGS);
    long slot = EventTimeRules.SLOT_MILLIS;
    long queue = 0;
    long lastActivity = changes.firstKey();
    long end = changes.firstKey() + slot;
    while (true) {
      Long change = changes.get(end - slot);
      if (change != null) {
        lastActivity = end - slot;
      }
      long delta = change == null ? 0 : change;
      queue += delta;
      PortUtilisation u = readingAt.get(end);
      if (u != null) {
        boolean busy =
            BigDecimal.valueOf(u.trips())
                    .compareTo(BUSY.multiply(BigDecimal.valueOf(u.designedTripsPerDayMax())))
                > 0;
        if (growing.next(delta > 0 && busy, end)) {
          episodes.raise(AlertSeverity.WARNING, growing.hitStart());
        }
        if (steady.next(delta <= 0, end)) {
          episodes.clear();
        }
      }
      if (end - lastActivity < EventTimeRules.UTILISATION_WINDOW_MILLIS) {
        end += slot;
        continue;
      }
      Long next = changes.ceilingKey(end);
      if (next == null) {
        return out;
      }
      end = next + slot;
    }
  }
}
