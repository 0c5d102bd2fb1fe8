package org.corridorwatch.model.json;

/**
 * Reads the one time form our producers and our writer use, {@code YYYY-MM-DDTHH:MM:SSZ} with an
 * optional fraction of 1 to 9 digits ({@code 2019-07-01T08:15:00.250Z}), straight from the value's
 * ASCII bytes.
 *
 * <p>{@code DateTimeFormatter} with {@code OffsetDateTime} was a third of the codec's cost per
 * record: it builds field maps, copies them and resolves them for every time it reads. This path
 * does only arithmetic, and it never rejects: anything it does not fully recognise (an offset other
 * than {@code Z}, a lowercase {@code t} or {@code z}, a time without seconds, an empty fraction, an
 * impossible date such as {@code 2019-02-30} or an hour of 24, a year outside 0000 to 9999) returns
 * {@link #NOT_HANDLED}, and the caller goes on with the full {@code java.time} path exactly as
 * before. So what is accepted and rejected, and how a rejection is worded, stays the same; this
 * only gives the same epoch milliseconds for a subset of what the full path accepts.
 */
final class UtcTimeFastPath {
  /** Returned for any text this path leaves to the full parser. Never a value it returns. */
  static final long NOT_HANDLED = Long.MIN_VALUE;

  private static final long MILLIS_PER_DAY = 24L * 60 * 60 * 1000;

  /** Days of the year before the first of each month (index 1 to 12), in a common year. */
  private static final int[] DAYS_BEFORE_MONTH = {
    0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
  };

  /** Leap years from year 0 up to but not including 1970, for the epoch day. */
  private static final int LEAP_YEARS_BEFORE_1970 = leapYearsBefore(1970);

  // Layout of the form: 2019-07-01T08:15:00[.fffffffff]Z
  private static final int SHORTEST = "2019-07-01T08:15:00Z".length();
  private static final int LONGEST = "2019-07-01T08:15:00.123456789Z".length();
  private static final int FRACTION_POINT = "2019-07-01T08:15:00".length();

  private UtcTimeFastPath() {}

  /**
   * Epoch milliseconds UTC of {@code len} bytes at {@code off} in {@code text}, digits after the
   * milliseconds dropped; or {@link #NOT_HANDLED} when the text is not in the common form.
   */
  static long epochMillis(byte[] text, int off, int len) {
    if (len < SHORTEST || len > LONGEST || text[off + len - 1] != 'Z') {
      return NOT_HANDLED;
    }
    if (text[off + 4] != '-'
        || text[off + 7] != '-'
        || text[off + 10] != 'T'
        || text[off + 13] != ':'
        || text[off + 16] != ':') {
      return NOT_HANDLED;
    }
    int year = digits(text, off, 4);
    int month = digits(text, off + 5, 2);
    int day = digits(text, off + 8, 2);
    int hour = digits(text, off + 11, 2);
    int minute = digits(text, off + 14, 2);
    int second = digits(text, off + 17, 2);
    // digits() gives -1 for a non-digit, which every range check below also refuses
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > lengthOfMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return NOT_HANDLED;
    }
    int millis = len == SHORTEST ? 0 : fractionMillis(text, off + FRACTION_POINT, len - SHORTEST);
    if (millis < 0) {
      return NOT_HANDLED;
    }
    long epochDay = epochDay(year, month, day);
    return epochDay * MILLIS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1000 + millis;
  }

  /**
   * The milliseconds of a fraction of {@code length} bytes at {@code at}, its point included
   * ({@code .25} is 250 ms), later digits checked but dropped as the full path does; or -1 for
   * anything but a point and 1 to 9 digits.
   */
  private static int fractionMillis(byte[] text, int at, int length) {
    int digits = length - 1;
    if (text[at] != '.' || digits < 1) {
      return -1;
    }
    int millis = 0;
    for (int i = 0; i < digits; i++) {
      int d = text[at + 1 + i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      if (i < 3) {
        millis = millis * 10 + d;
      }
    }
    for (int i = digits; i < 3; i++) {
      millis *= 10;
    }
    return millis;
  }

  /** The value of {@code count} decimal digits at {@code at}, or -1 if any is not 0 to 9. */
  private static int digits(byte[] text, int at, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      int d = text[at + i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** Proleptic Gregorian, as {@code java.time} counts: year 0 is a leap year. */
  static boolean isLeap(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** How many leap years lie in [0, year), for 0 ≤ year. */
  private static int leapYearsBefore(int year) {
    if (year == 0) {
      return 0;
    }
    int last = year - 1;
    return 1 + last / 4 - last / 100 + last / 400; // 1 for year 0 itself
  }

  /** Days from 1970-01-01 to the given valid date, negative before it. */
  static long epochDay(int year, int month, int day) {
    int dayOfYear = DAYS_BEFORE_MONTH[month] + day - 1 + (month > 2 && isLeap(year) ? 1 : 0);
    return 365L * (year - 1970) + (leapYearsBefore(year) - LEAP_YEARS_BEFORE_1970) + dayOfYear;
  }
}
