package org.corridorwatch.generators.delivery;

/**
 * Picks exactly {@code floor(n × fraction)} of n items, spread evenly (error diffusion), so an
 * injected fraction comes out as asked rather than only on average, and the same on every run.
 */
final class FractionSelector {
  private final double fraction;
  private double owed;

  FractionSelector(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be within 0..1, was " + fraction);
    }
    this.fraction = fraction;
  }

  /** True when this item is one of the chosen. */
  boolean next() {
    owed += fraction;
    if (owed >= 1 - 1e-9) {
      owed -= 1;
      return true;
    }
    return false;
  }

  /** Keeps a pick that could not be used now for the next item. */
  void carryOver() {
    owed += 1;
  }
}
