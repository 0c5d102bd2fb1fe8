package org.corridorwatch.generators.scenario;

import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.VehicleType;

/**
 * One vehicle's passage through a border port, as the crossing records it produces: {@code
 * ARRIVED}, then either {@code CLEARED} and {@code DEPARTED}, or {@code REJECTED}. A vehicle
 * customs never decides on has no {@code CLEARED} or {@code REJECTED}: it leaves ({@code DEPARTED})
 * without one, or, had it been refused, stays waiting.
 *
 * @param id unique within the replay; the event ids derive from it
 * @param portId the port
 * @param vehicleId the vehicle
 * @param direction seen from the port's country
 * @param vehicleType kind of vehicle
 * @param laden false for an empty run
 * @param arrived when it joined the queue
 * @param cleared when customs cleared it; for a rejected trip, when it was turned back
 * @param departed when it crossed; ignored for a rejected trip
 * @param rejected true when customs refused it
 * @param decided false when customs never decided: {@code cleared} is then unused
 */
record CrossingTrip(
    String id,
    String portId,
    String vehicleId,
    CrossingDirection direction,
    VehicleType vehicleType,
    boolean laden,
    long arrived,
    long cleared,
    long departed,
    boolean rejected,
    boolean decided) {

  void addTo(Timeline timeline) {
    timeline.add(record("A", CrossingStage.ARRIVED, arrived));
    if (rejected) {
      if (decided) {
        timeline.add(record("R", CrossingStage.REJECTED, cleared));
      }
    } else {
      if (decided) {
        timeline.add(record("C", CrossingStage.CLEARED, cleared));
      }
      timeline.add(record("D", CrossingStage.DEPARTED, departed));
    }
  }

  private BorderCrossing record(String stageTag, CrossingStage stage, long time) {
    return new BorderCrossing(
        id + "-" + stageTag, portId, vehicleId, stage, direction, vehicleType, laden, time);
  }
}
