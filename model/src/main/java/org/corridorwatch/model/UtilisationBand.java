package org.corridorwatch.model;

/**
 * The contract's bands for a port's utilisation ({@code trips / designedTripsPerDayMax}).
 *
 * <p>Bands are decided on the exact ratio with integer arithmetic, never on the rounded value that
 * is written to JSON, so that 1000 trips against a maximum of 1000 is {@link #BUSY} and 1001 is
 * {@link #OVER}, whatever the rounding.
 */
public enum UtilisationBand {
  /** Below 0.85. */
  NORMAL,
  /** From 0.85 up to and including 1.00. */
  BUSY,
  /** Above 1.00, up to and including 1.25. */
  OVER,
  /** Above 1.25. */
  SEVERE;

  /** The band of {@code trips / designedMax}; {@code designedMax} must be positive. */
  public static UtilisationBand of(long trips, long designedMax) {
    if (designedMax <= 0) {
      throw new IllegalArgumentException("designedMax must be positive, was " + designedMax);
    }
    if (trips * 100 < designedMax * 85) {
      return NORMAL;
    }
    if (trips <= designedMax) {
      return BUSY;
    }
    if (trips * 4 <= designedMax * 5) {
      return OVER;
    }
    return SEVERE;
  }
}
