package org.corridorwatch.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rejected input record with its original bytes ({@code corridor.deadletter.v1}, keyed by the
 * original key). Nothing the job rejects is dropped silently: it lands here with a reason.
 *
 * @param reason why it was rejected
 * @param detail a short human explanation
 * @param sourceTopic the topic it was read from
 * @param partition the partition it was read from
 * @param offset its offset in that partition
 * @param key the original Kafka key, or {@code null}; used as this record's key, not written to the
 *     JSON value
 * @param payload the original value, or {@code null} for a tombstone
 * @param receivedAtMillis processing time at which the job rejected it
 */
public record DeadLetter(
    RejectReason reason,
    String detail,
    String sourceTopic,
    int partition,
    long offset,
    byte[] key,
    byte[] payload,
    long receivedAtMillis) {

  public static final String SCHEMA = "dead-letter/1";

  // byte[] components compare by identity in a record; a dead letter is a value, so compare bytes.
  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d
        && reason == d.reason
        && partition == d.partition
        && offset == d.offset
        && receivedAtMillis == d.receivedAtMillis
        && Objects.equals(detail, d.detail)
        && Objects.equals(sourceTopic, d.sourceTopic)
        && Arrays.equals(key, d.key)
        && Arrays.equals(payload, d.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reason, sourceTopic, partition, offset) * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "DeadLetter["
        + reason
        + " "
        + sourceTopic
        + "-"
        + partition
        + "@"
        + offset
        + ": "
        + detail
        + ", payload "
        + (payload == null ? "null" : payload.length + " bytes")
        + "]";
  }
}
