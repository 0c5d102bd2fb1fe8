package org.corridorwatch.generators.scenario;

import java.util.SplittableRandom;
import org.corridorwatch.model.EventTimeRules;

/**
 * When in a day border traffic moves: little at night, a peak through office hours, in the port's
 * local time. Synthetic, and shared by every crossing scenario so they look alike.
 */
final class DailyProfile {
  // relative weight of each local hour 00..23
  private static final int[] LOCAL_HOUR_WEIGHTS = {
    1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 1, 1
  };
  private static final int[] CUMULATIVE = new int[24];

  static {
    int sum = 0;
    for (int h = 0; h < 24; h++) {
      sum += LOCAL_HOUR_WEIGHTS[h];
      CUMULATIVE[h] = sum;
    }
  }

  private DailyProfile() {}

  /** Minutes east of UTC for a country, to place local office hours. */
  static int utcOffsetMinutes(String country) {
    return switch (country) {
      case "CN", "SG" -> 8 * 60;
      case "MM" -> 6 * 60 + 30;
      default -> 7 * 60; // VN, LA, TH, KH
    };
  }

  /**
   * A time within the UTC day starting at {@code dayStart}, drawn from the local-hour profile of a
   * port {@code offsetMinutes} east of UTC.
   */
  static long sampleWithinDay(long dayStart, int offsetMinutes, SplittableRandom random) {
    int pick = random.nextInt(CUMULATIVE[23]);
    int localHour = 0;
    while (CUMULATIVE[localHour] <= pick) {
      localHour++;
    }
    long localMillis =
        localHour * EventTimeRules.HOUR_MILLIS + random.nextLong(EventTimeRules.HOUR_MILLIS);
    long utcMillis =
        Math.floorMod(localMillis - offsetMinutes * 60_000L, EventTimeRules.DAY_MILLIS);
    return dayStart + utcMillis;
  }

  /** Share of a day's traffic that falls in one local hour. */
  static double shareOfLocalHour(int localHour) {
    return LOCAL_HOUR_WEIGHTS[localHour] / (double) CUMULATIVE[23];
  }
}
