package org.corridorwatch.model;

/** The kinds of operator instruction carried on the control topic. */
public enum ControlType {
  /** Sets a port's designed capacity from {@code effectiveFrom} on. */
  CAPACITY
}
