package org.corridorwatch.generators.answers;

import java.time.Instant;
import java.util.List;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;

/**
 * The contract's alert lifecycle for one type and subject, for the oracles: at most one open
 * episode, RAISED when a condition first holds, ESCALATED when its severity rises, CLEARED when it
 * no longer holds; ids are {@code type:subject:startedAt}.
 */
final class Episodes {
  private final AlertType type;
  private final String subject;
  private final List<ExpectedAlert> out;
  private ExpectedAlert open;

  Episodes(AlertType type, String subject, List<ExpectedAlert> out) {
    this.type = type;
    this.subject = subject;
    this.out = out;
  }

  void raise(AlertSeverity severity, long startedAt) {
    if (open == null) {
      String id = type + ":" + subject + ":" + Instant.ofEpochMilli(startedAt);
      open = new ExpectedAlert(id, type, subject, AlertStatus.RAISED, severity, startedAt);
      out.add(open);
    } else if (severity.compareTo(open.severity()) > 0) {
      open =
          new ExpectedAlert(
              open.alertId(),
              type,
              subject,
              AlertStatus.ESCALATED,
              severity,
              open.startedAtMillis());
      out.add(open);
    }
  }

  void clear() {
    if (open != null) {
      out.add(
          new ExpectedAlert(
              open.alertId(),
              type,
              subject,
              AlertStatus.CLEARED,
              open.severity(),
              open.startedAtMillis()));
      open = null;
    }
  }
}
