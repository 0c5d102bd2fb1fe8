package org.corridorwatch.model;

/**
 * An operator instruction on {@code corridor.control.v1}, keyed by its subject's id. Fields that a
 * given {@link #type()} does not use are {@code null}.
 *
 * @param eventId unique per instruction
 * @param type what the instruction changes
 * @param portId the port a {@code CAPACITY} instruction applies to
 * @param designedTripsPerDayMin new designed minimum ({@code CAPACITY})
 * @param designedTripsPerDayMax new designed maximum, the divisor of utilisation ({@code CAPACITY})
 * @param effectiveFromMillis applies to every reading whose window ends at or after this instant
 */
public record ControlRecord(
    String eventId,
    ControlType type,
    String portId,
    Integer designedTripsPerDayMin,
    Integer designedTripsPerDayMax,
    Long effectiveFromMillis)
    implements InputRecord {

  public static final String SCHEMA = "control/1";

  /** A {@code CAPACITY} instruction. */
  public static ControlRecord capacity(
      String eventId, String portId, int min, int max, long effectiveFromMillis) {
    return new ControlRecord(eventId, ControlType.CAPACITY, portId, min, max, effectiveFromMillis);
  }

  @Override
  public Kind kind() {
    return Kind.CONTROL;
  }

  /** The Kafka key the contract asks for: the id of the instruction's subject. */
  @Override
  public String key() {
    return portId;
  }

  /** A control record is ordered by when it takes effect. */
  @Override
  public long eventTimeMillis() {
    return effectiveFromMillis == null ? Long.MIN_VALUE : effectiveFromMillis;
  }
}
