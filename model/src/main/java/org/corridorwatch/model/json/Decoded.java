package org.corridorwatch.model.json;

import org.corridorwatch.model.RejectReason;

/**
 * The outcome of reading one record: either the typed value, or the contract's reject reason with a
 * short human detail. Reading never throws on bad bytes; callers branch on {@link #accepted()}.
 *
 * @param value the record, or {@code null} when rejected
 * @param reason why it was rejected, or {@code null} when accepted
 * @param detail what exactly was wrong, or {@code null} when accepted
 */
public record Decoded<T>(T value, RejectReason reason, String detail) {

  static <T> Decoded<T> accept(T value) {
    return new Decoded<>(value, null, null);
  }

  static <T> Decoded<T> reject(RejectReason reason, String detail) {
    return new Decoded<>(null, reason, detail);
  }

  public boolean accepted() {
    return reason == null;
  }
}
