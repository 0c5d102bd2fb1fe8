package org.corridorwatch.generators.answers;

/**
 * One vehicle's stay at one port as the waits semantics define it: opened by an {@code ARRIVED},
 * with at most one customs decision, and ended by a {@code DEPARTED}, by the vehicle's next {@code
 * ARRIVED} at the port, or by neither (then it is dropped at {@code arrivedAt + maxWait}).
 *
 * @param portId the port
 * @param vehicleId the vehicle
 * @param arrivedAt event time of the {@code ARRIVED} that opened it
 * @param decidedAt event time of its {@code CLEARED} or {@code REJECTED}, or {@link #NONE}
 * @param endedAt event time of the {@code DEPARTED} or the next {@code ARRIVED} that ended it, or
 *     {@link #NONE}
 * @param departed true when a {@code DEPARTED} ended it (its dwell counts), false when it was
 *     replaced or never ended
 */
record Visit(
    String portId,
    String vehicleId,
    long arrivedAt,
    long decidedAt,
    long endedAt,
    boolean departed) {

  /** No such event: later than every instant, so "before E" tests read naturally. */
  static final long NONE = Long.MAX_VALUE;

  boolean decided() {
    return decidedAt != NONE;
  }

  /** Still waiting for customs at {@code instant}, whether or not it is still kept then. */
  boolean undecidedAndOpenAt(long instant) {
    return arrivedAt < instant && decidedAt >= instant && endedAt >= instant;
  }
}
