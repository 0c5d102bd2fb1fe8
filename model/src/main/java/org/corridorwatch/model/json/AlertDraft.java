package org.corridorwatch.model.json;

import java.io.IOException;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;

/** Reads {@code alert/1}, for subscribers and tests. */
final class AlertDraft extends RecordDraft<Alert> {
  private static final EnumLookup<AlertType> TYPES = new EnumLookup<>(AlertType.class);
  private static final EnumLookup<AlertSeverity> SEVERITIES = new EnumLookup<>(AlertSeverity.class);
  private static final EnumLookup<AlertStatus> STATUSES = new EnumLookup<>(AlertStatus.class);

  private String alertId;
  private AlertType type;
  private String subject;
  private AlertSeverity severity;
  private AlertStatus status;
  private Long startedAt;
  private Long detectedAt;
  private String message;
  private String evidence;

  AlertDraft() {
    super(Alert.SCHEMA);
  }

  @Override
  void reset() {
    alertId = subject = message = evidence = null;
    type = null;
    severity = null;
    status = null;
    startedAt = detectedAt = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "alertId" -> alertId = in.nonBlankString(name);
      case "type" -> type = in.enumValue(name, TYPES);
      case "subject" -> subject = in.nonBlankString(name);
      case "severity" -> severity = in.enumValue(name, SEVERITIES);
      case "status" -> status = in.enumValue(name, STATUSES);
      case "startedAt" -> startedAt = in.instant(name);
      case "detectedAt" -> detectedAt = in.instant(name);
      case "message" -> message = in.string(name);
      case "evidence" -> evidence = in.objectAsJson(name);
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  Alert build(FieldReader in) {
    in.require("alertId", alertId);
    in.require("type", type);
    in.require("subject", subject);
    in.require("severity", severity);
    in.require("status", status);
    in.require("startedAt", startedAt);
    in.require("detectedAt", detectedAt);
    in.require("message", message);
    in.require("evidence", evidence);
    if (in.hasProblem()) {
      return null;
    }
    return new Alert(
        alertId, type, subject, severity, status, startedAt, detectedAt, message, evidence);
  }
}
