package org.corridorwatch.model.json;

import java.io.IOException;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;
import org.corridorwatch.model.RejectReason;

/** Reads {@code control/1}. Which fields are required depends on {@code type}. */
final class ControlDraft extends RecordDraft<ControlRecord> {
  private static final EnumLookup<ControlType> TYPES = new EnumLookup<>(ControlType.class);

  private final KnownIds ids;
  private String eventId;
  private ControlType type;
  private String portId;
  private Integer min;
  private Integer max;
  private Long effectiveFrom;

  ControlDraft(KnownIds ids) {
    super(ControlRecord.SCHEMA);
    this.ids = ids;
  }

  @Override
  void reset() {
    eventId = portId = null;
    type = null;
    min = max = null;
    effectiveFrom = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "eventId" -> eventId = in.nonBlankString(name);
      case "type" -> type = in.enumValue(name, TYPES);
      case "portId" -> portId = in.nonBlankString(name);
      case "designedTripsPerDayMin" -> min = in.wholeInt(name);
      case "designedTripsPerDayMax" -> max = in.wholeInt(name);
      // an operator may schedule a change ahead, so no wall-clock guard here
      case "effectiveFrom" -> effectiveFrom = in.instant(name);
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
    if (in.hasProblem()) {
      return null;
    }
    return new ControlRecord(eventId, type, portId, min, max, effectiveFrom);
  }
}
