package org.corridorwatch.model;

/** Direction of a border crossing, seen from the port's own country. */
public enum CrossingDirection {
  /** Leaves the port's country; counted as outbound in the port's trade balance. */
  EXPORT,
  /** Enters the port's country; counted as inbound. */
  IMPORT
}
