package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corridorwatch.model.CrossingStage;

/**
 * Folds one port's accepted crossings into {@link Visit}s, vehicle by vehicle in event-time order,
 * the slow obvious way: a list per vehicle, sorted, then walked with at most one open visit.
 */
final class Visits {

  /** One accepted crossing, as much of it as the waits need. */
  record Step(String vehicleId, CrossingStage stage, long time) {}

  private Visits() {}

  /**
   * Records of one instant are applied ARRIVED, CLEARED, REJECTED, DEPARTED, so a vehicle that
   * arrives and is cleared in the same millisecond has a decision of 0 minutes. The enum's own
   * order puts DEPARTED before REJECTED, hence the explicit rank.
   */
  private static int rank(CrossingStage stage) {
    return switch (stage) {
      case ARRIVED -> 0;
      case CLEARED -> 1;
      case REJECTED -> 2;
      case DEPARTED -> 3;
    };
  }

  /**
   * Every visit of the port, in vehicle order then arrival order.
   *
   * @param steps the port's accepted crossings, in any order
   * @param maxWaitMillis the job's {@code --max-wait}: a visit still open then is dropped
   */
  static List<Visit> of(String portId, List<Step> steps, long maxWaitMillis) {
    Map<String, List<Step>> byVehicle = new TreeMap<>();
    for (Step s : steps) {
      byVehicle.computeIfAbsent(s.vehicleId(), v -> new ArrayList<>()).add(s);
    }
    List<Visit> visits = new ArrayList<>();
    Comparator<Step> order =
        Comparator.comparingLong(Step::time).thenComparingInt(s -> rank(s.stage()));
    for (Map.Entry<String, List<Step>> vehicle : byVehicle.entrySet()) {
      List<Step> sorted = new ArrayList<>(vehicle.getValue());
      sorted.sort(order);
      Visit open = null;
      for (Step s : sorted) {
        long t = s.time();
        if (open != null && t - open.arrivedAt() >= maxWaitMillis) {
          visits.add(open); // dropped: records from now on do not find it
          open = null;
        }
        switch (s.stage()) {
          case ARRIVED -> {
            if (open != null) {
              visits.add(ended(open, t, false));
            }
            open = new Visit(portId, vehicle.getKey(), t, Visit.NONE, Visit.NONE, false);
          }
          case CLEARED, REJECTED -> {
            if (open != null && !open.decided()) {
              open =
                  new Visit(portId, open.vehicleId(), open.arrivedAt(), t, open.endedAt(), false);
            }
          }
          case DEPARTED -> {
            if (open != null) {
              visits.add(ended(open, t, true));
              open = null;
            }
          }
        }
      }
      if (open != null) {
        visits.add(open);
      }
    }
    return visits;
  }

  private static Visit ended(Visit v, long at, boolean departed) {
    return new Visit(v.portId(), v.vehicleId(), v.arrivedAt(), v.decidedAt(), at, departed);
  }
}
