package org.corridorwatch.generators.answers;

import java.time.Instant;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.TradeBalance;

/**
 * The key under which the contract writes each output record exactly once: a second record under
 * the same key is a rewrite, whether or not its values are equal ({@link OutputComparison}).
 */
public final class OutputKeys {
  private OutputKeys() {}

  /** A utilisation reading: one per port and window end. */
  public record Reading(String portId, Instant windowEnd) {}

  /** A port-waits record: one per port and window end. */
  public record Waits(String portId, Instant windowEnd) {}

  /** A balance record: one per level, id, scope and hour. */
  public record Balance(BalanceLevel level, String id, BalanceScope scope, Instant asOf) {}

  /** An alert transition: one per episode, status and severity. */
  public record AlertTransition(String alertId, AlertStatus status, AlertSeverity severity) {}

  /** A dead letter: one per input record (topic, partition, offset) and reason. */
  public record DeadLetterSource(
      String sourceTopic, int partition, long offset, RejectReason reason) {}

  public static Reading reading(PortUtilisation u) {
    return new Reading(u.portId(), Instant.ofEpochMilli(u.windowEndMillis()));
  }

  public static Waits waits(PortWaits w) {
    return new Waits(w.portId(), Instant.ofEpochMilli(w.windowEndMillis()));
  }

  public static Balance balance(TradeBalance b) {
    return new Balance(b.level(), b.id(), b.scope(), Instant.ofEpochMilli(b.asOfMillis()));
  }

  public static AlertTransition alert(ExpectedAlert a) {
    return new AlertTransition(a.alertId(), a.status(), a.severity());
  }

  public static DeadLetterSource deadLetter(DeadLetter d) {
    return new DeadLetterSource(d.sourceTopic(), d.partition(), d.offset(), d.reason());
  }
}
