package org.corridorwatch.model.json;

import java.io.IOException;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.VehicleType;

/** Reads {@code border-crossing/1}. */
final class BorderCrossingDraft extends RecordDraft<BorderCrossing> {
  private static final EnumLookup<CrossingStage> STAGES = new EnumLookup<>(CrossingStage.class);
  private static final EnumLookup<CrossingDirection> DIRECTIONS =
      new EnumLookup<>(CrossingDirection.class);
  private static final EnumLookup<VehicleType> VEHICLE_TYPES = new EnumLookup<>(VehicleType.class);

  private final KnownIds ids;
  private final CanonicalIds portIds;
  private String eventId;
  private String portId;
  private String vehicleId;
  private CrossingStage stage;
  private CrossingDirection direction;
  private VehicleType vehicleType;
  private Boolean laden;
  private Long eventTime;

  BorderCrossingDraft(KnownIds ids) {
    super(BorderCrossing.SCHEMA);
    this.ids = ids;
    this.portIds = CanonicalIds.of(ids.portIds());
  }

  @Override
  void reset() {
    eventId = portId = vehicleId = null;
    stage = null;
    direction = null;
    vehicleType = null;
    laden = null;
    eventTime = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "eventId" -> eventId = in.nonEmptyString(name);
      case "portId" -> portId = in.knownId(name, portIds);
      case "vehicleId" -> vehicleId = in.nonEmptyString(name);
      case "stage" -> stage = in.enumValue(name, STAGES);
      case "direction" -> direction = in.enumValue(name, DIRECTIONS);
      case "vehicleType" -> vehicleType = in.enumValue(name, VEHICLE_TYPES);
      case "laden" -> laden = in.bool(name);
      case "eventTime" -> eventTime = in.eventInstant(name);
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  BorderCrossing build(FieldReader in) {
    in.require("eventId", eventId);
    in.require("portId", portId);
    in.require("vehicleId", vehicleId);
    in.require("stage", stage);
    in.require("direction", direction);
    in.require("eventTime", eventTime);
    in.checkReference("portId", portId, ids.portIds(), RejectReason.UNKNOWN_PORT);
    if (in.hasProblem()) {
      return null;
    }
    return new BorderCrossing(
        eventId,
        portId,
        vehicleId,
        stage,
        direction,
        vehicleType == null ? VehicleType.TRUCK : vehicleType,
        laden == null || laden,
        eventTime);
  }
}
