package org.corridorwatch.model;

/**
 * An operator instruction on {@code corridor.control.v1}, keyed by its subject's id. Fields that a
 * given {@link #type()} does not use are {@code null}.
 *
 * @param eventId unique per instruction
 * @param type what the instruction changes
 * @param portId the port the instruction applies to; for {@code THRESHOLDS}, {@code null} means
 *     every port
 * @param designedTripsPerDayMin new designed minimum ({@code CAPACITY})
 * @param designedTripsPerDayMax new designed maximum, the divisor of utilisation ({@code CAPACITY})
 * @param effectiveFromMillis applies to every reading (or finding) at or after this instant
 * @param thresholds the new alert thresholds ({@code THRESHOLDS})
 */
public record ControlRecord(
    String eventId,
    ControlType type,
    String portId,
    Integer designedTripsPerDayMin,
    Integer designedTripsPerDayMax,
    Long effectiveFromMillis,
    AlertThresholds thresholds)
    implements InputRecord {

  public static final String SCHEMA = "control/1";

  /** The Kafka key of a {@code THRESHOLDS} record that applies to every port. */
  public static final String EVERY_PORT = "*";

  /** A {@code CAPACITY} instruction. */
  public static ControlRecord capacity(
      String eventId, String portId, int min, int max, long effectiveFromMillis) {
    return new ControlRecord(
        eventId, ControlType.CAPACITY, portId, min, max, effectiveFromMillis, null);
  }

  /**
   * A {@code THRESHOLDS} instruction.
   *
   * @param portId the port it applies to, or {@code null} for every port
   */
  public static ControlRecord thresholds(
      String eventId, String portId, AlertThresholds thresholds, long effectiveFromMillis) {
    return new ControlRecord(
        eventId, ControlType.THRESHOLDS, portId, null, null, effectiveFromMillis, thresholds);
  }

  @Override
  public Kind kind() {
    return Kind.CONTROL;
  }

  /** The Kafka key the contract asks for: the id of the instruction's subject. */
  @Override
  public String key() {
    return portId == null && type == ControlType.THRESHOLDS ? EVERY_PORT : portId;
  }

  /** A control record is ordered by when it takes effect. */
  @Override
  public long eventTimeMillis() {
    return effectiveFromMillis == null ? Long.MIN_VALUE : effectiveFromMillis;
  }
}
