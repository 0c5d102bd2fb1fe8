package org.corridorwatch.jobs.utilisation;

import java.util.Arrays;
import org.corridorwatch.model.ControlRecord;

/**
 * A port's designed capacities with the times they take effect, from {@code CAPACITY} control
 * records, oldest first. Held in broadcast state; immutable, so a change makes a new schedule.
 *
 * @param effectiveFrom when each capacity takes effect, ascending
 * @param designedMin designed minimum per entry
 * @param designedMax designed maximum per entry
 */
public record CapacitySchedule(long[] effectiveFrom, int[] designedMin, int[] designedMax) {

  public static CapacitySchedule empty() {
    return new CapacitySchedule(new long[0], new int[0], new int[0]);
  }

  /** This schedule with {@code change} in place; a change with the same time replaces the old. */
  public CapacitySchedule with(ControlRecord change) {
    long from = change.effectiveFromMillis();
    int at = Arrays.binarySearch(effectiveFrom, from);
    if (at >= 0) {
      int[] min = designedMin.clone();
      int[] max = designedMax.clone();
      min[at] = change.designedTripsPerDayMin();
      max[at] = change.designedTripsPerDayMax();
      return new CapacitySchedule(effectiveFrom.clone(), min, max);
    }
    int insert = -at - 1;
    int n = effectiveFrom.length;
    long[] times = new long[n + 1];
    int[] min = new int[n + 1];
    int[] max = new int[n + 1];
    System.arraycopy(effectiveFrom, 0, times, 0, insert);
    System.arraycopy(designedMin, 0, min, 0, insert);
    System.arraycopy(designedMax, 0, max, 0, insert);
    times[insert] = from;
    min[insert] = change.designedTripsPerDayMin();
    max[insert] = change.designedTripsPerDayMax();
    System.arraycopy(effectiveFrom, insert, times, insert + 1, n - insert);
    System.arraycopy(designedMin, insert, min, insert + 1, n - insert);
    System.arraycopy(designedMax, insert, max, insert + 1, n - insert);
    return new CapacitySchedule(times, min, max);
  }

  /** Index of the entry in force at {@code time}, or -1 when none has taken effect yet. */
  public int inForceAt(long time) {
    int at = Arrays.binarySearch(effectiveFrom, time);
    return at >= 0 ? at : -at - 2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapacitySchedule s
        && Arrays.equals(effectiveFrom, s.effectiveFrom)
        && Arrays.equals(designedMin, s.designedMin)
        && Arrays.equals(designedMax, s.designedMax);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(effectiveFrom);
  }

  @Override
  public String toString() {
    return "CapacitySchedule" + Arrays.toString(effectiveFrom);
  }
}
