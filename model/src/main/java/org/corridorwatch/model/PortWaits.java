package org.corridorwatch.model;

/**
 * Customs waits and queue of one port over the hour before a slot end ({@code
 * corridor.port-waits.v1}, keyed by {@code portId}). A visit is one vehicle at one port, from its
 * {@code ARRIVED} through its customs decision ({@code CLEARED} or {@code REJECTED}) to its {@code
 * DEPARTED}. Minute fields are whole minutes rounded down; a minute field is {@code null} when the
 * count it describes is 0. Percentiles use the nearest rank: the value at rank ⌈p·n⌉ in ascending
 * order.
 *
 * @param portId the port
 * @param windowStartMillis inclusive start, {@code windowEnd} minus one hour
 * @param windowEndMillis exclusive end, a multiple of 15 minutes
 * @param waiting visits that arrived before {@code windowEnd}, were neither decided, departed nor
 *     replaced by a new arrival before it, and were under the job's {@code --max-wait} old at it
 * @param oldestWaitMinutes from the earliest of those arrivals to {@code windowEnd}
 * @param cleared customs decisions in the window, of visits with a known arrival
 * @param clearanceMinutesP50 median of their decision minus arrival
 * @param clearanceMinutesP90 90th percentile of the same
 * @param clearanceMinutesMax the largest of the same
 * @param departed departures in the window, of visits with a known arrival
 * @param dwellMinutesP50 median of their departure minus arrival
 * @param dwellMinutesP90 90th percentile of the same
 */
public record PortWaits(
    String portId,
    long windowStartMillis,
    long windowEndMillis,
    long waiting,
    Long oldestWaitMinutes,
    long cleared,
    Long clearanceMinutesP50,
    Long clearanceMinutesP90,
    Long clearanceMinutesMax,
    long departed,
    Long dwellMinutesP50,
    Long dwellMinutesP90) {

  public static final String SCHEMA = "port-waits/1";

  /** The window is the hour before a slot end: {@code windowStart} is always this much earlier. */
  public static final long WINDOW_MILLIS = 60 * 60 * 1000L;

  /** The record that ends a port's run of readings: every count 0, every minute field null. */
  public static PortWaits quiet(String portId, long windowStartMillis, long windowEndMillis) {
    return new PortWaits(
        portId, windowStartMillis, windowEndMillis, 0, null, 0, null, null, null, 0, null, null);
  }

  /**
   * Whether this is the record that ends a port's run: nothing waiting, decided or departed in the
   * hour. The port has nothing more to report until a vehicle arrives again.
   */
  public boolean endsRun() {
    return waiting == 0 && cleared == 0 && departed == 0;
  }
}
