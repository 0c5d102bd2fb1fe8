package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortWaits;

/**
 * The {@code corridor.port-waits.v1} records of one port, worked out from its visits with no state
 * carried from one slot end to the next: at every slot end each figure is counted afresh over the
 * visits, and the percentiles are read off a sorted list.
 *
 * <p>A port is active from the slot end of an {@code ARRIVED} on and writes a record at every slot
 * end while active; the first record whose counts are all 0 is written and ends the run, until the
 * slot end of the next {@code ARRIVED}. The sequence is the whole one: it runs until every port has
 * written that quiet record, which a job writes only once its watermark has passed the input (a
 * bounded run, or a replay closed with {@code --close}), as for the utilisation readings.
 */
final class PortWaitsOracle {
  static final long WINDOW_MILLIS = EventTimeRules.HOUR_MILLIS;
  private static final long MINUTE_MILLIS = 60_000L;

  private PortWaitsOracle() {}

  /**
   * Every record of the port, in window order.
   *
   * @param visits the port's visits ({@link Visits#of})
   * @param maxWaitMillis the job's {@code --max-wait}
   */
  static List<PortWaits> records(String portId, List<Visit> visits, long maxWaitMillis) {
    List<PortWaits> out = new ArrayList<>();
    if (visits.isEmpty()) {
      return out;
    }
    List<Visit> byArrival = new ArrayList<>(visits);
    byArrival.sort(Comparator.comparingLong(Visit::arrivedAt));
    // every visit is an ARRIVED; each makes its slot end a start of activity
    TreeSet<Long> activations = new TreeSet<>();
    byArrival.forEach(v -> activations.add(EventTimeRules.slotEnd(v.arrivedAt())));
    Long end = activations.first();
    while (end != null) {
      PortWaits record = at(portId, end, relevant(byArrival, end, maxWaitMillis), maxWaitMillis);
      out.add(record);
      if (record.endsRun()) {
        end = activations.higher(end);
      } else {
        end += EventTimeRules.SLOT_MILLIS;
      }
    }
    return out;
  }

  /**
   * The visits that can count at {@code end}: a decision or departure counts only under {@code
   * maxWait} after its arrival, and only within the hour before {@code end}, so older arrivals
   * cannot matter. Narrowing the list only saves time; {@link #at} checks every condition itself.
   */
  private static List<Visit> relevant(List<Visit> byArrival, long end, long maxWaitMillis) {
    long earliest = end - WINDOW_MILLIS - maxWaitMillis;
    List<Visit> out = new ArrayList<>();
    for (int i = firstArrivedAfter(byArrival, earliest); i < byArrival.size(); i++) {
      Visit v = byArrival.get(i);
      if (v.arrivedAt() >= end) {
        break;
      }
      out.add(v);
    }
    return out;
  }

  /** Index of the first visit arriving at or after {@code time}, by binary search. */
  private static int firstArrivedAfter(List<Visit> byArrival, long time) {
    int lo = 0;
    int hi = byArrival.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (byArrival.get(mid).arrivedAt() < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The record for the window {@code [end - 1 h, end)}. */
  static PortWaits at(String portId, long end, List<Visit> visits, long maxWaitMillis) {
    long start = end - WINDOW_MILLIS;
    long waiting = 0;
    long earliestWaiting = Long.MAX_VALUE;
    List<Long> clearance = new ArrayList<>();
    List<Long> dwell = new ArrayList<>();
    for (Visit v : visits) {
      if (v.undecidedAndOpenAt(end) && end - v.arrivedAt() < maxWaitMillis) {
        waiting++;
        earliestWaiting = Math.min(earliestWaiting, v.arrivedAt());
      }
      if (v.decided() && v.decidedAt() >= start && v.decidedAt() < end) {
        clearance.add(Math.floorDiv(v.decidedAt() - v.arrivedAt(), MINUTE_MILLIS));
      }
      if (v.departed() && v.endedAt() >= start && v.endedAt() < end) {
        dwell.add(Math.floorDiv(v.endedAt() - v.arrivedAt(), MINUTE_MILLIS));
      }
    }
    if (waiting == 0 && clearance.isEmpty() && dwell.isEmpty()) {
      return PortWaits.quiet(portId, start, end);
    }
    clearance.sort(null);
    dwell.sort(null);
    return new PortWaits(
        portId,
        start,
        end,
        waiting,
        waiting == 0 ? null : Math.floorDiv(end - earliestWaiting, MINUTE_MILLIS),
        clearance.size(),
        percentile(clearance, 50),
        percentile(clearance, 90),
        percentile(clearance, 100),
        dwell.size(),
        percentile(dwell, 50),
        percentile(dwell, 90));
  }

  /**
   * The nearest-rank percentile of sorted values: the one at rank ceil(p n / 100), 1-based, in
   * whole numbers so no rounding of p n can move the rank; null for no values.
   */
  static Long percentile(List<Long> sorted, int p) {
    int n = sorted.size();
    if (n == 0) {
      return null;
    }
    int rank = (p * n + 99) / 100;
    return sorted.get(rank - 1);
  }
}
