package org.corridorwatch.model;

import java.math.BigDecimal;

/**
 * A rolling 24 h reading of one port ({@code corridor.port-utilisation.v1}, keyed by {@code
 * portId}). Only counts and capacity are stored; {@link #utilisation()} and {@link #band()} are
 * derived here and nowhere else.
 *
 * @param portId the port
 * @param windowStartMillis inclusive start, epoch milliseconds UTC
 * @param windowEndMillis exclusive end, a multiple of 15 minutes
 * @param trips accepted, non-duplicate {@code DEPARTED} crossings in the window, both directions
 * @param designedTripsPerDayMin designed minimum in force at {@code windowEnd}
 * @param designedTripsPerDayMax designed maximum in force at {@code windowEnd}
 */
public record PortUtilisation(
    String portId,
    long windowStartMillis,
    long windowEndMillis,
    long trips,
    int designedTripsPerDayMin,
    int designedTripsPerDayMax) {

  public static final String SCHEMA = "port-utilisation/1";

  /** {@code trips / designedTripsPerDayMax}, rounded half-up to 4 decimals. */
  public BigDecimal utilisation() {
    return ContractDecimals.halfUp(
        trips, designedTripsPerDayMax, ContractDecimals.UTILISATION_PLACES);
  }

  /** The band of the exact (unrounded) utilisation. */
  public UtilisationBand band() {
    return UtilisationBand.of(trips, designedTripsPerDayMax);
  }
}
