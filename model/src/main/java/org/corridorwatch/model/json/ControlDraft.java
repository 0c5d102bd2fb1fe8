package org.corridorwatch.model.json;

import java.io.IOException;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.UtilisationLevel;

/** Reads {@code control/1}. Which fields are required depends on {@code type}. */
final class ControlDraft extends RecordDraft<ControlRecord> {
  private static final EnumLookup<ControlType> TYPES = new EnumLookup<>(ControlType.class);

  private final KnownIds ids;
  private final CanonicalIds portIds;
  private String eventId;
  private ControlType type;
  private String portId;
  private Integer min;
  private Integer max;
  private Long effectiveFrom;
  private UtilisationLevel overloadLevel;
  private UtilisationLevel severeLevel;
  private UtilisationLevel clearLevel;
  private Integer overloadReadings;
  private Integer backlogWarningCount;
  private Integer backlogCriticalCount;
  private UtilisationLevel queueLevel;
  private Integer queueReadings;
  private Integer clearanceLimitMinutes;
  private Integer backlogWindowMinutes;

  ControlDraft(KnownIds ids) {
    super(ControlRecord.SCHEMA);
    this.ids = ids;
    this.portIds = CanonicalIds.of(ids.portIds());
  }

  @Override
  void reset() {
    eventId = portId = null;
    type = null;
    min = max = null;
    effectiveFrom = null;
    overloadLevel = severeLevel = clearLevel = queueLevel = null;
    overloadReadings = backlogWarningCount = backlogCriticalCount = queueReadings = null;
    clearanceLimitMinutes = backlogWindowMinutes = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "eventId" -> eventId = in.nonBlankString(name);
      case "type" -> type = in.enumValue(name, TYPES);
      case "portId" -> portId = in.knownId(name, portIds);
      case "designedTripsPerDayMin" -> min = in.wholeInt(name);
      case "designedTripsPerDayMax" -> max = in.wholeInt(name);
      // an operator may schedule a change ahead, so no wall-clock guard here
      case "effectiveFrom" -> effectiveFrom = in.instant(name);
      case "overloadLevel" -> overloadLevel = in.level(name);
      case "severeLevel" -> severeLevel = in.level(name);
      case "clearLevel" -> clearLevel = in.level(name);
      case "overloadReadings" -> overloadReadings = in.wholeInt(name);
      case "backlogWarningCount" -> backlogWarningCount = in.wholeInt(name);
      case "backlogCriticalCount" -> backlogCriticalCount = in.wholeInt(name);
      case "queueLevel" -> queueLevel = in.level(name);
      case "queueReadings" -> queueReadings = in.wholeInt(name);
      case "clearanceLimitMinutes" ->
          clearanceLimitMinutes = in.wholeInt(name, 1, AlertThresholds.MAX_CLEARANCE_LIMIT_MINUTES);
      case "backlogWindowMinutes" ->
          backlogWindowMinutes = in.wholeInt(name, 1, AlertThresholds.MAX_BACKLOG_WINDOW_MINUTES);
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  ControlRecord build(FieldReader in) {
    in.require("eventId", eventId);
    in.require("type", type);
    if (type == ControlType.CAPACITY) {
      in.require("portId", portId);
      in.require("designedTripsPerDayMin", min);
      in.require("designedTripsPerDayMax", max);
      in.require("effectiveFrom", effectiveFrom);
      if (max != null && max == 0) {
        in.problem(
            RejectReason.INVALID_VALUE,
            "designedTripsPerDayMax: must be at least 1, since utilisation divides by it");
      } else if (min != null && max != null && min > max) {
        in.problem(
            RejectReason.INVALID_VALUE,
            "designedTripsPerDayMin " + min + " is above designedTripsPerDayMax " + max);
      }
      in.checkReference("portId", portId, ids.portIds(), RejectReason.UNKNOWN_PORT);
    }
    AlertThresholds thresholds = null;
    if (type == ControlType.THRESHOLDS) {
      thresholds = thresholds(in);
    }
    if (in.hasProblem()) {
      return null;
    }
    return new ControlRecord(eventId, type, portId, min, max, effectiveFrom, thresholds);
  }

  /**
   * A THRESHOLDS record states the whole set, so its effect never depends on earlier ones. The
   * clearance limit and backlog window are optional: left out, they are the job's start values.
   */
  private AlertThresholds thresholds(FieldReader in) {
    in.require("effectiveFrom", effectiveFrom);
    in.require("overloadLevel", overloadLevel);
    in.require("severeLevel", severeLevel);
    in.require("clearLevel", clearLevel);
    in.require("overloadReadings", overloadReadings);
    in.require("backlogWarningCount", backlogWarningCount);
    in.require("backlogCriticalCount", backlogCriticalCount);
    in.require("queueLevel", queueLevel);
    in.require("queueReadings", queueReadings);
    in.checkReference("portId", portId, ids.portIds(), RejectReason.UNKNOWN_PORT);
    if (in.hasProblem()) {
      return null;
    }
    AlertThresholds t =
        new AlertThresholds(
            overloadLevel,
            severeLevel,
            clearLevel,
            overloadReadings,
            backlogWarningCount,
            backlogCriticalCount,
            queueLevel,
            queueReadings,
            clearanceLimitMinutes,
            backlogWindowMinutes);
    String problem = t.problem();
    if (problem != null) {
      in.problem(RejectReason.INVALID_VALUE, problem);
      return null;
    }
    return t;
  }
}
