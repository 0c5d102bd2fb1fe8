package org.corridorwatch.generators.delivery;

/**
 * How imperfect the delivered stream is.
 *
 * @param disorderMillis the most a record may trail the newest one delivered before it
 * @param duplicateFraction extra exact copies, as a share of clean events
 * @param lateFraction extra late copies, as a share of clean events
 * @param lateByMillis how far behind the newest event a late copy is stamped
 * @param malformedFraction extra malformed records, as a share of clean events
 */
public record InjectionSettings(
    long disorderMillis,
    double duplicateFraction,
    double lateFraction,
    long lateByMillis,
    double malformedFraction) {

  public static final long DEFAULT_DISORDER_MILLIS = 2 * 60_000L;
  public static final long DEFAULT_LATE_BY_MILLIS = 3 * 60 * 60_000L;

  public InjectionSettings {
    if (disorderMillis < 0) {
      throw new IllegalArgumentException("disorder must not be negative");
    }
    if (lateByMillis < 60 * 60_000L) {
      // a copy must land in a period the job has surely emitted, and a shipment's period is its
      // hour; the replay command also adds the out-of-orderness, which it knows
      throw new IllegalArgumentException("late-by must be at least 1 hour");
    }
  }

  /** A clean stream: in order, no copies, nothing malformed. */
  public static InjectionSettings none() {
    return new InjectionSettings(0, 0, 0, DEFAULT_LATE_BY_MILLIS, 0);
  }
}
