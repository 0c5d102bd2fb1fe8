package org.corridorwatch.model.json;

import java.io.IOException;
import java.math.BigDecimal;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.UtilisationBand;

/**
 * Reads {@code port-utilisation/1}, for consumers and tests. The written {@code utilisation} and
 * {@code band} must agree with the counts, so a reader can trust them.
 */
final class PortUtilisationDraft extends RecordDraft<PortUtilisation> {
  private static final EnumLookup<UtilisationBand> BANDS = new EnumLookup<>(UtilisationBand.class);

  private final PortWindowFields window = new PortWindowFields();
  private Long trips;
  private Integer min;
  private Integer max;
  private BigDecimal utilisation;
  private UtilisationBand band;

  PortUtilisationDraft() {
    super(PortUtilisation.SCHEMA);
  }

  @Override
  void reset() {
    window.reset();
    trips = null;
    min = max = null;
    utilisation = null;
    band = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "trips" -> trips = in.wholeNumber(name, Long.MAX_VALUE);
      case "designedTripsPerDayMin" -> min = in.wholeInt(name);
      case "designedTripsPerDayMax" -> max = in.wholeInt(name);
      case "utilisation" -> utilisation = in.decimal(name);
      case "band" -> band = in.enumValue(name, BANDS);
      default -> {
        return window.field(name, in);
      }
    }
    return true;
  }

  @Override
  PortUtilisation build(FieldReader in) {
    window.require(in);
    in.require("trips", trips);
    in.require("designedTripsPerDayMin", min);
    in.require("designedTripsPerDayMax", max);
    in.require("utilisation", utilisation);
    in.require("band", band);
    if (in.hasProblem()) {
      return null;
    }
    if (max == 0) {
      in.problem(RejectReason.INVALID_VALUE, "designedTripsPerDayMax: must be at least 1");
      return null;
    }
    if (window.windowEnd <= window.windowStart) {
      in.problem(RejectReason.INVALID_VALUE, "windowEnd must be after windowStart");
      return null;
    }
    PortUtilisation reading =
        new PortUtilisation(window.portId, window.windowStart, window.windowEnd, trips, min, max);
    in.checkDerived("utilisation", utilisation, reading.utilisation());
    in.checkDerived("band", band, reading.band());
    return in.hasProblem() ? null : reading;
  }
}
