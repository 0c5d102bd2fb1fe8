package org.corridorwatch.model;

import java.math.BigDecimal;

/**
 * The contract's rounding of derived figures, done once here for every writer and reader.
 *
 * <p>Figures are computed from integer counts and rounded half-up in exact integer arithmetic, so
 * 1353 / 107 is always 12.64 and 107 / 1460 always 0.0733, with no binary floating-point drift.
 */
public final class ContractDecimals {
  /** Decimal places of {@code ratio}. */
  public static final int RATIO_PLACES = 2;

  /** Decimal places of {@code inboundShare} and {@code emptyInboundShare}. */
  public static final int SHARE_PLACES = 4;

  /** Decimal places of {@code utilisation}; the contract leaves it open, we write 4. */
  public static final int UTILISATION_PLACES = 4;

  private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private ContractDecimals() {}

  /**
   * {@code numerator / denominator} rounded half-up to {@code places} decimals, without trailing
   * zeros (so 1350 / 1000 is {@code 1.35} and 5 / 5 is {@code 1}).
   */
  public static BigDecimal halfUp(long numerator, long denominator, int places) {
    if (numerator < 0 || denominator <= 0) {
      throw new IllegalArgumentException(
          "need numerator >= 0 and denominator > 0, got " + numerator + "/" + denominator);
    }
    long scale = POWERS_OF_TEN[places];
    long doubled = Math.multiplyExact(Math.multiplyExact(numerator, scale), 2L);
    long unscaled = (doubled + denominator) / (2L * denominator);
    return BigDecimal.valueOf(unscaled, places).stripTrailingZeros();
  }
}
