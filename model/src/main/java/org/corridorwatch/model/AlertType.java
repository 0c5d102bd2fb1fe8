package org.corridorwatch.model;

/** Congestion conditions the analytics job detects. */
public enum AlertType {
  SUSTAINED_OVERLOAD,
  CLEARANCE_BACKLOG,
  QUEUE_GROWTH
}
