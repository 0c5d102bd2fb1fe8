package org.corridorwatch.model;

/**
 * Why a record was sent to the dead-letter topic.
 *
 * <p>The declaration order is the precedence the reader applies when one record has several faults:
 * a record that is not JSON at all is {@link #MALFORMED_JSON} even if it also lacks fields, and a
 * missing field outranks a bad value, which outranks an unknown reference.
 */
public enum RejectReason {
  /** Not parseable as one UTF-8 JSON object. */
  MALFORMED_JSON,
  /** A required field is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong type, an unknown enum value, an unsupported schema or a bad clock. */
  INVALID_VALUE,
  /** {@code portId} names no port in the catalogue. */
  UNKNOWN_PORT,
  /** {@code lineId} names no line in the catalogue. */
  UNKNOWN_LINE,
  /** The event's 15-minute slot was already emitted; decided by the job, not the reader. */
  LATE
}
