package org.corridorwatch.model.json;

import java.io.IOException;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;

/** Reads {@code shipment/1}. */
final class ShipmentDraft extends RecordDraft<Shipment> {
  private static final EnumLookup<ShipmentDirection> DIRECTIONS =
      new EnumLookup<>(ShipmentDirection.class);
  private static final EnumLookup<ShipmentStatus> STATUSES = new EnumLookup<>(ShipmentStatus.class);

  private final KnownIds ids;
  private final CanonicalIds lineIds;
  private String eventId;
  private String shipmentId;
  private String lineId;
  private ShipmentDirection direction;
  private ShipmentStatus status;
  private Boolean laden;
  private Double teu;
  private Double valueUsd;
  private String cargo;
  private Long eventTime;

  ShipmentDraft(KnownIds ids) {
    super(Shipment.SCHEMA);
    this.ids = ids;
    this.lineIds = CanonicalIds.of(ids.lineIds());
  }

  @Override
  void reset() {
    eventId = shipmentId = lineId = cargo = null;
    direction = null;
    status = null;
    laden = null;
    teu = valueUsd = null;
    eventTime = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "eventId" -> eventId = in.nonEmptyString(name);
      case "shipmentId" -> shipmentId = in.nonEmptyString(name);
      case "lineId" -> lineId = in.knownId(name, lineIds);
      case "direction" -> direction = in.enumValue(name, DIRECTIONS);
      case "status" -> status = in.enumValue(name, STATUSES);
      case "laden" -> laden = in.bool(name);
      case "teu" -> teu = in.nonNegativeNumber(name);
      case "valueUsd" -> valueUsd = in.nonNegativeNumber(name);
      case "cargo" -> cargo = in.string(name);
      case "eventTime" -> eventTime = in.eventInstant(name);
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  Shipment build(FieldReader in) {
    in.require("eventId", eventId);
    in.require("shipmentId", shipmentId);
    in.require("lineId", lineId);
    in.require("direction", direction);
    in.require("status", status);
    in.require("eventTime", eventTime);
    in.checkReference("lineId", lineId, ids.lineIds(), RejectReason.UNKNOWN_LINE);
    if (in.hasProblem()) {
      return null;
    }
    return new Shipment(
        eventId,
        shipmentId,
        lineId,
        direction,
        status,
        laden == null || laden,
        teu,
        valueUsd,
        cargo,
        eventTime);
  }
}
