package org.corridorwatch.model;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * A utilisation threshold such as 1.00 or 1.25, compared with {@code trips / designedMax} exactly,
 * in integers, so a reading of exactly 1.00 is never "above 1.00" by a rounding accident.
 *
 * @param unscaled the level's digits, e.g. 125 for 1.25
 * @param scale digits after the point, e.g. 2 for 1.25
 */
public record UtilisationLevel(long unscaled, int scale) implements Serializable {

  /** Finer levels than this mean nothing for daily trip counts, and would overflow the compare. */
  public static final int MAX_SCALE = 4;

  /**
   * @throws IllegalArgumentException when the level has more than {@link #MAX_SCALE} decimals or is
   *     too large to compare in integers
   */
  public static UtilisationLevel of(BigDecimal level) {
    BigDecimal exact = level.stripTrailingZeros();
    if (exact.scale() > MAX_SCALE) {
      throw new IllegalArgumentException(
          "a level has at most " + MAX_SCALE + " decimal places, got " + level.toPlainString());
    }
    if (exact.abs().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
      throw new IllegalArgumentException("a level of " + level.toPlainString() + " is too large");
    }
    if (exact.scale() < 0) {
      exact = exact.setScale(0);
    }
    return new UtilisationLevel(exact.unscaledValue().longValueExact(), exact.scale());
  }

  public static UtilisationLevel of(String level) {
    return of(new BigDecimal(level));
  }

  /** {@code trips / designedMax > level}. */
  public boolean exceededBy(long trips, long designedMax) {
    return Math.multiplyExact(trips, tenTo(scale)) > Math.multiplyExact(designedMax, unscaled);
  }

  /** {@code trips / designedMax < level}. */
  public boolean notReachedBy(long trips, long designedMax) {
    return Math.multiplyExact(trips, tenTo(scale)) < Math.multiplyExact(designedMax, unscaled);
  }

  public BigDecimal value() {
    return BigDecimal.valueOf(unscaled, scale);
  }

  private static long tenTo(int power) {
    long p = 1;
    for (int i = 0; i < power; i++) {
      p *= 10;
    }
    return p;
  }

  @Override
  public String toString() {
    return value().toPlainString();
  }
}
