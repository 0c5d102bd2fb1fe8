package org.corridorwatch.jobs.ingest;

import java.util.Objects;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;

/**
 * One record as it left Kafka: parsed into its topic's contract type, or rejected with the
 * contract's reason, always with where it came from and its original bytes. Crossings and shipments
 * travel as this up to the operators that own a figure, since each of them judges lateness and
 * needs the bytes and origin for a LATE dead letter.
 *
 * <p>A Flink POJO of one type per input ({@link InputKind#type()}), so each operator gets the
 * record type it reads without a cast. No state holds it: it only travels between operators, so its
 * shape is free to change without breaking a savepoint.
 *
 * @param record the parsed record, or null when rejected
 * @param reason why it was rejected, or null when accepted
 * @param detail the parser's explanation of a rejection, or null
 * @param topic source topic
 * @param partition source partition
 * @param offset source offset
 * @param key original key bytes, or null
 * @param value original value bytes, or null for a tombstone
 */
public record Ingested<T extends InputRecord>(
    T record,
    RejectReason reason,
    String detail,
    String topic,
    int partition,
    long offset,
    byte[] key,
    byte[] value) {

  /** An accepted record, as read from {@code topic} at {@code partition} and {@code offset}. */
  public static <T extends InputRecord> Ingested<T> accepted(
      T record, String topic, int partition, long offset, byte[] key, byte[] value) {
    return new Ingested<>(record, null, null, topic, partition, offset, key, value);
  }

  /**
   * Event time of an accepted record; {@link Long#MIN_VALUE} for a rejected one, which has none.
   */
  public long eventTimeMillis() {
    return record == null ? Long.MIN_VALUE : record.eventTimeMillis();
  }

  public boolean accepted() {
    return reason == null;
  }

  /** This record as a dead letter with {@code why}, for the dead-letter topic. */
  public DeadLetter toDeadLetter(RejectReason why, String explanation, long receivedAtMillis) {
    return new DeadLetter(why, explanation, topic, partition, offset, key, value, receivedAtMillis);
  }

  /**
   * The same parsed record, and the same all else. All else is what this record's dead letter
   * carries, so it is compared as dead letters are: the bytes by content, where a record's own
   * equals would compare its arrays by identity.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Ingested<?> i
        && Objects.equals(record, i.record)
        && asDeadLetter().equals(i.asDeadLetter());
  }

  private DeadLetter asDeadLetter() {
    return toDeadLetter(reason, detail, 0);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }

  @Override
  public String toString() {
    return "Ingested["
        + topic
        + "-"
        + partition
        + "@"
        + offset
        + " "
        + (accepted() ? record : reason + ": " + detail)
        + "]";
  }
}
