package org.corridorwatch.generators.delivery;

import java.nio.charset.StandardCharsets;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;

/**
 * One Kafka record as the generator sends it, and what it is meant to be.
 *
 * @param topic the contract topic (after any renaming by options)
 * @param key the record key, as the contract asks; may be null
 * @param value the record value
 * @param eventTime the event time it claims; for malformed records, that of the event it mimics
 * @param kind clean event, duplicate, late copy, or malformed
 * @param record the record for clean events, duplicates and late copies; for malformed ones, the
 *     event they mimic; null for replayed bytes
 * @param intendedReason for malformed records, the dead-letter reason they are built to get
 */
public record Delivery(
    String topic,
    byte[] key,
    byte[] value,
    long eventTime,
    Kind kind,
    InputRecord record,
    RejectReason intendedReason) {

  /** A record carrying {@code record} as its value. */
  static Delivery of(String topic, InputRecord record, byte[] value, Kind kind) {
    return new Delivery(
        topic, keyBytes(record), value, record.eventTimeMillis(), kind, record, null);
  }

  static byte[] keyBytes(InputRecord record) {
    return record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
  }

  /** What a delivered record is meant to be. */
  public enum Kind {
    /** A clean event of the scenario: counted once. */
    EVENT,
    /** An exact copy of an event already sent: the job counts it once. */
    DUPLICATE,
    /** A valid event whose slot the job has already emitted: dead-lettered as LATE. */
    LATE,
    /** A record built to be rejected with {@link #intendedReason}. */
    MALFORMED,
    /** A record from a user's file: the generator does not know what it is meant to be. */
    REPLAYED
  }
}
