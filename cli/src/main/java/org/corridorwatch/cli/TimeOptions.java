package org.corridorwatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option converters for times and durations, written the way people type them; {@link
 * CommandLines#create} gives them to every option of type {@link Duration} or {@link Instant}.
 */
public final class TimeOptions {
  private TimeOptions() {}

  /**
   * A duration: {@code 90s}, {@code 5m}, {@code 3h}, {@code 2d}, {@code 250ms}, ISO-8601 {@code
   * PT5M}, or {@code 0}.
   */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      return parseDuration(text);
    }
  }

  /**
   * A duration above zero, for a timeout or an interval, where zero would give up at once or spin.
   */
  public static final class PositiveDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Duration d = parseDuration(text);
      if (d.isZero() || d.isNegative()) {
        throw new TypeConversionException("'" + text + "' is not a duration above zero");
      }
      return d;
    }
  }

  /**
   * A duration of zero or more, for an allowance such as how far events may arrive out of order.
   */
  public static final class NonNegativeDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      Duration d = parseDuration(text);
      if (d.isNegative()) {
        throw new TypeConversionException("'" + text + "' is negative; write 0 or more");
      }
      return d;
    }
  }

  /**
   * An instant: {@code 2019-07-01T08:00:00Z}, with any offset, or a date meaning its UTC midnight.
   */
  public static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
      return parseInstant(text);
    }
  }

  public static Duration parseDuration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("0")) {
        return Duration.ZERO;
      }
      if (t.startsWith("pt") || t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1));
      switch (t.charAt(t.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        case 'd':
          return Duration.ofDays(amount);
        default:
          break;
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      // fall through to the one message below
    }
    throw new TypeConversionException(
        "'" + text + "' is not a duration; write it like 90s, 5m, 3h, 2d, 250ms or PT5M");
  }

  public static Instant parseInstant(String text) {
    String t = text.strip();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + text + "' is not a time; write it like 2019-07-01T08:00:00Z or 2019-07-01");
    }
  }
}
