package org.corridorwatch.model;

/** The kinds of operator instruction carried on the control topic. */
public enum ControlType {
  /** Sets a port's designed capacity from {@code effectiveFrom} on. */
  CAPACITY,
  /** Sets the alert thresholds, for every port or for one, from {@code effectiveFrom} on. */
  THRESHOLDS
}
