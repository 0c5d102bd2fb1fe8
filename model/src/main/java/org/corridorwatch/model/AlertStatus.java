package org.corridorwatch.model;

/** One transition in an alert episode's lifecycle; every transition is one record. */
public enum AlertStatus {
  /** Opens an episode. */
  RAISED,
  /** The episode's severity rose. */
  ESCALATED,
  /** Closes the episode. */
  CLEARED
}
