package org.corridorwatch.model;

/** Alert severity, in rising order, so {@code compareTo} ranks them. */
public enum AlertSeverity {
  WARNING,
  CRITICAL
}
