package org.corridorwatch.model;

/** Direction of a shuttle on a line. */
public enum ShipmentDirection {
  /** Leaves the line's Chinese hub. */
  OUTBOUND,
  /** Travels back towards the line's Chinese hub. */
  RETURN
}
