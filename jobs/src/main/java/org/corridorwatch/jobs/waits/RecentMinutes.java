package org.corridorwatch.jobs.waits;

import java.util.Arrays;

/**
 * The customs decisions (or departures) of one port in the last hour, each as its event time and
 * its whole minutes since the vehicle's arrival, packed in one {@code long[]} that lives in keyed
 * state: {@code [n, time0, minutes0, time1, minutes1, ...]}, spare capacity after the n pairs.
 * Entries are appended in event-time order (a port's records are applied in that order), so the
 * hour's oldest are at the front and leave from there.
 *
 * <p>Why a packed array: a port emits every 15 minutes while hundreds of decisions pass through its
 * hour; a list of boxed pairs would allocate per decision and serialize per entry.
 */
final class RecentMinutes {
  private RecentMinutes() {}

  static int size(long[] packed) {
    return packed == null ? 0 : (int) packed[0];
  }

  /** Adds one entry, growing the array when full; returns the array to keep. */
  static long[] append(long[] packed, long timeMillis, long minutes) {
    int n = size(packed);
    if (packed == null || packed.length < 3 + 2 * n) {
      packed = Arrays.copyOf(packed == null ? new long[1] : packed, Math.max(9, 1 + 4 * (n + 1)));
    }
    packed[1 + 2 * n] = timeMillis;
    packed[2 + 2 * n] = minutes;
    packed[0] = n + 1;
    return packed;
  }

  /** Drops the entries before {@code fromMillis}; returns the array to keep, null when empty. */
  static long[] dropBefore(long[] packed, long fromMillis) {
    int n = size(packed);
    int first = 0;
    while (first < n && packed[1 + 2 * first] < fromMillis) {
      first++;
    }
    if (first == n) {
      return null;
    }
    if (first > 0) {
      System.arraycopy(packed, 1 + 2 * first, packed, 1, 2 * (n - first));
      packed[0] = n - first;
    }
    return packed;
  }

  /** The entries' minutes in ascending order. */
  static long[] sortedMinutes(long[] packed) {
    int n = size(packed);
    long[] minutes = new long[n];
    for (int i = 0; i < n; i++) {
      minutes[i] = packed[2 + 2 * i];
    }
    Arrays.sort(minutes);
    return minutes;
  }

  /**
   * The nearest-rank percentile of ascending {@code sorted}: the value at rank ⌈p·n⌉, 1-based;
   * {@code null} when there is none. {@code percent} is whole, so the rank is exact.
   */
  static Long nearestRank(long[] sorted, int percent) {
    int n = sorted.length;
    if (n == 0) {
      return null;
    }
    int rank = (int) ((percent * (long) n + 99) / 100); // ceil(percent * n / 100)
    return sorted[Math.max(rank, 1) - 1];
  }
}
