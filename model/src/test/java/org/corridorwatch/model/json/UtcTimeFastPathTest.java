package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-parsed common time form gives exactly what {@code java.time} gives, and leaves every
 * other text, valid or not, to {@code java.time}: it may only accept a subset of what the full path
 * accepts, with the same value, and never reject.
 */
class UtcTimeFastPathTest {

  /** What the reader's full path makes of {@code text}: epoch millis, or null when it refuses. */
  private static Long javaTime(String text) {
    return FieldReader.epochMillisByJavaTime(text);
  }

  private static long fast(String text) {
    // placed inside a larger buffer, as a value is in the record; UTF-8 only for the odd texts
    // with other characters, since the reader hands over nothing but ASCII
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[bytes.length + 4];
    System.arraycopy(bytes, 0, padded, 2, bytes.length);
    return UtcTimeFastPath.epochMillis(padded, 2, bytes.length);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2019-07-01T08:15:00Z",
        "2019-07-01T08:15:00.2Z",
        "2019-07-01T08:15:00.25Z",
        "2019-07-01T08:15:00.250Z",
        "2019-07-01T08:15:00.2509Z",
        "2019-07-01T08:15:00.123456789Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z",
        "2000-02-29T12:00:00Z",
        "2020-02-29T23:59:59Z",
        "2019-12-31T23:59:59.999999999Z",
        "0000-01-01T00:00:00Z",
        "0000-02-29T00:00:00Z",
        "0001-03-01T00:00:00Z",
        "1600-02-29T00:00:00Z",
        "9999-12-31T23:59:59.999Z"
      })
  void readsTheCommonFormAsJavaTimeDoes(String text) {
    Long expected = javaTime(text);

    assertThat(expected).as("java.time accepts %s", text).isNotNull();
    assertThat(fast(text)).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // valid, but not the common form: java.time reads them
        "2019-07-01T15:15:00+07:00",
        "2019-07-01T08:15:00+00:00",
        "2019-07-01T08:15:00-03",
        "2019-07-01T08:15Z",
        "2019-07-01t08:15:00Z",
        "2019-07-01T08:15:00z",
        "+2019-07-01T08:15:00Z",
        "+10000-01-01T00:00:00Z",
        // refused by java.time, so never accepted here either
        "2019-02-30T00:00:00Z",
        "2019-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2019-04-31T00:00:00Z",
        "2019-13-01T00:00:00Z",
        "2019-00-10T00:00:00Z",
        "2019-07-00T00:00:00Z",
        "2019-07-01T24:00:00Z",
        "2019-07-01T23:60:00Z",
        "2019-07-01T23:59:60Z",
        "2019-07-01T08:15:00",
        "2019-07-01T08:15:00.Z",
        "2019-07-01T08:15:00.1234567891Z",
        "2019-07-01T08:15:00+0700",
        "2019-07-01T08:15:00Z[UTC]",
        "2019-07-01 08:15:00Z",
        "2019-07-01T08:15:00ZZ",
        " 2019-07-01T08:15:00Z",
        "2019-7-01T08:15:00Z",
        "2019-07-01T08:15:0aZ",
        "2019-07-01T08:15:00,250Z",
        "2019-07-01T08:15:00.25aZ",
        "２０１９-07-01T08:15:00Z",
        "1561968900000",
        ""
      })
  void leavesEveryOtherTextToJavaTime(String text) {
    assertThat(fast(text)).as(text).isEqualTo(UtcTimeFastPath.NOT_HANDLED);
  }

  @Test
  void agreesWithJavaTimeOnRandomCommonFormTexts() {
    SplittableRandom random = new SplittableRandom(20190701);
    int handled = 0;
    for (int i = 0; i < 100_000; i++) {
      // every field somewhat out of range now and then, so invalid dates are covered as well
      String text =
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d%sZ",
              random.nextInt(0, 10_000),
              random.nextInt(0, 14),
              random.nextInt(0, 33),
              random.nextInt(0, 25),
              random.nextInt(0, 61),
              random.nextInt(0, 61),
              random.nextInt(4) == 0
                  ? ""
                  : "." + "123456789".substring(0, random.nextInt(0, 11) % 10));
      Long expected = javaTime(text);
      long fast = fast(text);
      if (fast != UtcTimeFastPath.NOT_HANDLED) {
        handled++;
        assertThat(fast).as(text).isEqualTo(expected);
      } else if (expected != null) {
        // java.time accepts it, so the fast path may only have left it because it is not common
        assertThat(text).as("a common-form time left to java.time").matches(".*(\\.Z)$");
      }
    }
    assertThat(handled).as("texts the fast path read").isGreaterThan(10_000);
  }

  @Test
  void epochDayMatchesTheJdkForEveryDayOfTheFourDigitYears() {
    for (int year = 0; year <= 9999; year++) {
      for (int month = 1; month <= 12; month++) {
        int days = java.time.YearMonth.of(year, month).lengthOfMonth();
        for (int day = 1; day <= days; day += days - 1) {
          assertThat(UtcTimeFastPath.epochDay(year, month, day))
              .as("%04d-%02d-%02d", year, month, day)
              .isEqualTo(java.time.LocalDate.of(year, month, day).toEpochDay());
        }
      }
    }
    assertThat(UtcTimeFastPath.epochDay(1970, 1, 1)).isZero();
    assertThat(Instant.ofEpochMilli(fast("2019-07-01T08:15:00.250Z")))
        .isEqualTo(Instant.parse("2019-07-01T08:15:00.250Z"));
  }
}
