package org.corridorwatch.model;

/**
 * One departure or arrival of a shuttle on a line ({@code corridor.shipments.v1}, keyed by {@code
 * lineId}).
 *
 * @param eventId unique per event
 * @param shipmentId the shuttle; its departure and arrival share it
 * @param lineId a catalogue line
 * @param direction {@code OUTBOUND} leaves the line's Chinese hub
 * @param status departure or arrival
 * @param laden defaults to {@code true}
 * @param teu twenty-foot equivalent units carried, or {@code null}
 * @param valueUsd declared cargo value in US dollars, or {@code null}
 * @param cargo free text, or {@code null}
 * @param eventTimeMillis event time, epoch milliseconds UTC
 */
public record Shipment(
    String eventId,
    String shipmentId,
    String lineId,
    ShipmentDirection direction,
    ShipmentStatus status,
    boolean laden,
    Double teu,
    Double valueUsd,
    String cargo,
    long eventTimeMillis)
    implements InputRecord {

  public static final String SCHEMA = "shipment/1";

  @Override
  public Kind kind() {
    return Kind.SHIPMENT;
  }

  @Override
  public String key() {
    return lineId;
  }

  /** The same shipment record under another event id and time. */
  public Shipment withEventIdAndTime(String newEventId, long newEventTimeMillis) {
    return copy(newEventId, lineId, newEventTimeMillis);
  }

  /** The same shipment record on another line. */
  public Shipment withLineId(String newLineId) {
    return copy(eventId, newLineId, eventTimeMillis);
  }

  /** This record with the fields a copy may change, the event id, line and event time, replaced. */
  private Shipment copy(String newEventId, String newLineId, long newEventTimeMillis) {
    return new Shipment(
        newEventId,
        shipmentId,
        newLineId,
        direction,
        status,
        laden,
        teu,
        valueUsd,
        cargo,
        newEventTimeMillis);
  }
}
