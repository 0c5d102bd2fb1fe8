package org.corridorwatch.model;

/**
 * One stage of one vehicle's crossing at one border port ({@code corridor.border-crossings.v1},
 * keyed by {@code portId}).
 *
 * @param eventId unique per event; duplicates within the dedup horizon are counted once
 * @param portId a catalogue port
 * @param vehicleId the vehicle, as the port reports it
 * @param stage which stage of the crossing this record marks
 * @param direction seen from the port's country
 * @param vehicleType defaults to {@link VehicleType#TRUCK}
 * @param laden defaults to {@code true}; empty return trips set it to {@code false}
 * @param eventTimeMillis event time, epoch milliseconds UTC
 */
public record BorderCrossing(
    String eventId,
    String portId,
    String vehicleId,
    CrossingStage stage,
    CrossingDirection direction,
    VehicleType vehicleType,
    boolean laden,
    long eventTimeMillis)
    implements InputRecord {

  /** Schema name and major version written to, and accepted in, the {@code schema} field. */
  public static final String SCHEMA = "border-crossing/1";

  @Override
  public Kind kind() {
    return Kind.BORDER_CROSSING;
  }

  @Override
  public String key() {
    return portId;
  }

  /** The same crossing under another event id and time. */
  public BorderCrossing withEventIdAndTime(String newEventId, long newEventTimeMillis) {
    return new BorderCrossing(
        newEventId, portId, vehicleId, stage, direction, vehicleType, laden, newEventTimeMillis);
  }

  /** The same crossing at another port. */
  public BorderCrossing withPortId(String newPortId) {
    return new BorderCrossing(
        eventId, newPortId, vehicleId, stage, direction, vehicleType, laden, eventTimeMillis);
  }
}
