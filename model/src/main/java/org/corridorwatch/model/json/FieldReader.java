package org.corridorwatch.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.UtilisationLevel;

/**
 * Typed access to the value under the parser's current field, for one record at a time.
 *
 * <p>A bad value does not throw: it is recorded as a problem and reading goes on to the end of the
 * object. That way a record with a wrong type early on and broken JSON later is still reported as
 * {@code MALFORMED_JSON}, and the most serious problem wins ({@link RejectReason} order). Not
 * thread-safe; the codec owns one.
 */
final class FieldReader {
  /** Events stamped further ahead of the wall clock than this are rejected: a bad clock. */
  static final long MAX_CLOCK_AHEAD_MILLIS = 24L * 60 * 60 * 1000;

  private static final int MAX_DETAIL_CHARS = 240;
  private static final int MAX_QUOTED_CHARS = 60;

  private final ObjectMapper mapper;
  private final LongSupplier wallClockMillis;
  private final boolean timeShortcut;
  // Where values come from: Jackson's parser, or for plain records the scanner (then parser is
  // null). The scanner only ever yields strings, booleans and null, so everything below that reads
  // numbers or nested values is reached with a parser only.
  private JsonParser parser;
  private PlainObjectScanner scanner;
  // The current string value's ASCII bytes, as asciiText() found them.
  private byte[] ascii;
  private int asciiStart;
  private int asciiLength;
  private byte[] narrowed = new byte[64];
  private RejectReason reason;
  private String detail;
  // Fields that were present but invalid, so that `require` does not also call them missing.
  private final List<String> invalidFields = new ArrayList<>(4);

  /**
   * @param timeShortcut whether to read the common UTC form of a time with {@link UtcTimeFastPath}
   *     rather than {@code java.time} (the codec's tests compare the two)
   */
  FieldReader(ObjectMapper mapper, LongSupplier wallClockMillis, boolean timeShortcut) {
    this.mapper = mapper;
    this.wallClockMillis = wallClockMillis;
    this.timeShortcut = timeShortcut;
  }

  void begin(JsonParser parser) {
    this.parser = parser;
    this.scanner = null;
    clearProblems();
  }

  void begin(PlainObjectScanner scanner) {
    this.parser = null;
    this.scanner = scanner;
    clearProblems();
  }

  private void clearProblems() {
    reason = null;
    detail = null;
    invalidFields.clear();
  }

  RejectReason reason() {
    return reason;
  }

  String detail() {
    return detail;
  }

  boolean hasProblem() {
    return reason != null;
  }

  /** Keeps the most serious problem; among equals, the first one found. */
  void problem(RejectReason candidate, String text) {
    if (reason == null || candidate.ordinal() < reason.ordinal()) {
      reason = candidate;
      detail = text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "…";
    }
  }

  private void invalid(String field, String text) {
    invalidFields.add(field);
    problem(RejectReason.INVALID_VALUE, field + ": " + text);
  }

  /** Records MISSING_FIELD when a required field was absent or null (but not when it was bad). */
  void require(String field, Object value) {
    if (value == null && !invalidFields.contains(field)) {
      problem(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing or null");
    }
  }

  /** Records {@code reason} when a present {@code value} is not among the {@code known} ids. */
  void checkReference(String field, String value, Set<String> known, RejectReason unknown) {
    if (value != null && !known.contains(value)) {
      problem(unknown, field + " " + quote(value) + " is not in the catalogue");
    }
  }

  private JsonToken token() {
    return parser != null ? parser.currentToken() : scanner.token();
  }

  /** The current string value. */
  private String text() throws IOException {
    return parser != null ? parser.getText() : scanner.text();
  }

  /**
   * Points {@code ascii}, {@code asciiStart} and {@code asciiLength} at the current string value's
   * bytes, for matching it without making a String of it: the scanner's input itself, or Jackson's
   * characters narrowed into a reused buffer. False when the value is not all ASCII, which no enum
   * name, catalogue id, schema or time in the common form is.
   */
  private boolean asciiText() throws IOException {
    if (parser == null) {
      ascii = scanner.input();
      asciiStart = scanner.textStart();
      asciiLength = scanner.textLength();
      return true;
    }
    char[] chars = parser.getTextCharacters();
    int start = parser.getTextOffset();
    int length = parser.getTextLength();
    if (narrowed.length < length) {
      narrowed = new byte[Math.max(length, 2 * narrowed.length)];
    }
    for (int i = 0; i < length; i++) {
      char c = chars[start + i];
      if (c >= 0x80) {
        return false;
      }
      narrowed[i] = (byte) c;
    }
    ascii = narrowed;
    asciiStart = 0;
    asciiLength = length;
    return true;
  }

  private void wrongType(String field, String expected) throws IOException {
    JsonToken t = token();
    invalid(field, "expected " + expected + ", found " + describe(t));
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      parser.skipChildren();
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  static String quote(String text) {
    return "'"
        + (text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "…")
        + "'";
  }

  /** A string, or null when absent/null or of the wrong type (recorded). */
  String string(String field) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.VALUE_STRING) {
      return text();
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(field, "a string");
    }
    return null;
  }

  /**
   * A catalogue id as the shared instance from {@code known} when it is one; otherwise the same as
   * {@link #nonBlankString}, so an unknown id is still judged by the reference check later.
   */
  String knownId(String field, CanonicalIds known) throws IOException {
    if (token() == JsonToken.VALUE_STRING && asciiText()) {
      String id = known.find(ascii, asciiStart, asciiLength);
      if (id != null) {
        return id;
      }
    }
    return nonBlankString(field);
  }

  /**
   * A string that must not be empty; one of spaces only is a value. The contract asks no more of
   * the input ids, so a producer's {@code " "} is an id, if a poor one.
   */
  String nonEmptyString(String field) throws IOException {
    String value = string(field);
    if (value != null && value.isEmpty()) {
      invalid(field, "must not be empty");
      return null;
    }
    return value;
  }

  /** A string that must not be empty or blank. */
  String nonBlankString(String field) throws IOException {
    String value = string(field);
    if (value != null && value.isBlank()) {
      invalid(field, "must not be empty");
      return null;
    }
    return value;
  }

  Boolean bool(String field) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(field, "true or false");
    }
    return null;
  }

  /** A finite number at least 0. */
  Double nonNegativeNumber(String field) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = parser.getDoubleValue();
      if (!Double.isFinite(value)) {
        invalid(field, "number out of range");
        return null;
      }
      if (value < 0) {
        invalid(field, "must be at least 0, was " + parser.getText());
        return null;
      }
      return value;
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(field, "a number");
    }
    return null;
  }

  /**
   * A whole number from 0 to {@code max}. {@code 300.0} counts as whole, since some JSON writers
   * print every number with a fraction.
   */
  Long wholeNumber(String field, long max) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double asDouble = parser.getDoubleValue();
      if (t == JsonToken.VALUE_NUMBER_FLOAT && asDouble != Math.rint(asDouble)) {
        invalid(field, "expected a whole number, was " + parser.getText());
        return null;
      }
      if (asDouble < 0 || asDouble > max) {
        invalid(field, "must be from 0 to " + max + ", was " + parser.getText());
        return null;
      }
      return t == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : (long) asDouble;
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(field, "a whole number");
    }
    return null;
  }

  /** Any JSON number, exactly as written. */
  BigDecimal decimal(String field) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return parser.getDecimalValue();
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(field, "a number");
    }
    return null;
  }

  /** A utilisation level such as 1.25: a JSON number with at most four decimals. */
  UtilisationLevel level(String field) throws IOException {
    BigDecimal value = decimal(field);
    if (value == null) {
      return null;
    }
    try {
      return UtilisationLevel.of(value);
    } catch (IllegalArgumentException e) {
      invalid(field, e.getMessage());
      return null;
    }
  }

  /** Records INVALID_VALUE when a derived figure that was read differs from the one computed. */
  void checkDerived(String field, Object read, Object computed) {
    boolean same =
        read instanceof BigDecimal r && computed instanceof BigDecimal c
            ? r.compareTo(c) == 0
            : Objects.equals(read, computed);
    if (!same && !invalidFields.contains(field)) {
      invalid(field, read + " does not match the figure computed from the counts, " + computed);
    }
  }

  Integer wholeInt(String field) throws IOException {
    Long value = wholeNumber(field, Integer.MAX_VALUE);
    return value == null ? null : value.intValue();
  }

  /**
   * A whole number from {@code min} to {@code max}. Out of range, the detail names this range
   * rather than the range of every whole number, so an operator sees what the field takes.
   */
  Integer wholeInt(String field, int min, int max) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double value = parser.getDoubleValue();
      if (!(value >= min && value <= max)) {
        invalid(field, "must be from " + min + " to " + max + ", was " + parser.getText());
        return null;
      }
    }
    return wholeInt(field);
  }

  <E extends Enum<E>> E enumValue(String field, EnumLookup<E> lookup) throws IOException {
    if (token() != JsonToken.VALUE_STRING) {
      string(field); // null gives null; any other type is recorded as the wrong type
      return null;
    }
    // matched on the value's bytes: a valid value costs no String
    E value = asciiText() ? lookup.find(ascii, asciiStart, asciiLength) : null;
    if (value == null) {
      notOneOf(field, lookup);
    }
    return value;
  }

  private void notOneOf(String field, EnumLookup<?> lookup) throws IOException {
    invalid(field, quote(text()) + " is not one of " + lookup.choices());
  }

  /**
   * An ISO-8601 instant with an offset ({@code Z} or {@code +07:00}), as epoch milliseconds UTC.
   * Numbers are refused: epoch seconds and epoch millis are too easy to confuse.
   */
  Long instant(String field) throws IOException {
    if (timeShortcut && token() == JsonToken.VALUE_STRING && asciiText()) {
      long millis = UtcTimeFastPath.epochMillis(ascii, asciiStart, asciiLength);
      if (millis != UtcTimeFastPath.NOT_HANDLED) {
        return millis;
      }
    }
    return instantByJavaTime(field);
  }

  /** Any time but the common UTC form, valid or not, is judged by java.time as it always was. */
  private Long instantByJavaTime(String field) throws IOException {
    String text = string(field);
    if (text == null) {
      return null;
    }
    Long millis = epochMillisByJavaTime(text);
    if (millis == null) {
      invalid(
          field,
          quote(text) + " is not an ISO-8601 instant with offset, e.g. 2019-07-01T08:15:00Z");
    }
    return millis;
  }

  /** An ISO-8601 instant with offset as java.time reads it, in epoch millis; null if it refuses. */
  static Long epochMillisByJavaTime(String text) {
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME
          .parse(text, OffsetDateTime::from)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /** Like {@link #instant} but also refuses times more than one day ahead of the wall clock. */
  Long eventInstant(String field) throws IOException {
    Long millis = instant(field);
    if (millis != null) {
      long now = wallClockMillis.getAsLong();
      if (millis > now + MAX_CLOCK_AHEAD_MILLIS) {
        return aheadOfTheClock(field, millis, now);
      }
    }
    return millis;
  }

  private Long aheadOfTheClock(String field, long millis, long now) {
    invalid(
        field,
        Instant.ofEpochMilli(millis)
            + " is more than 1 day ahead of the wall clock ("
            + Instant.ofEpochMilli(now)
            + "); the producer's clock is wrong");
    return null;
  }

  /** A JSON object, returned as compact JSON text. */
  String objectAsJson(String field) throws IOException {
    JsonToken t = token();
    if (t == JsonToken.START_OBJECT) {
      return mapper.writeValueAsString(mapper.readTree(parser));
    }
    if (t != JsonToken.VALUE_NULL) {
      wrongType(field, "an object");
    }
    return null;
  }

  /**
   * Checks the optional {@code schema} field: it must name this record type and a major version we
   * support ({@code border-crossing/1}, or with a minor, {@code border-crossing/1.2}).
   */
  void schema(String supported) throws IOException {
    if (token() == JsonToken.VALUE_STRING
        && asciiText()
        && AsciiRanges.equal(supported, ascii, asciiStart, asciiLength)) {
      return; // the usual case, checked without making a String of it
    }
    String text = string("schema");
    if (text == null) {
      return;
    }
    String minor = text.startsWith(supported + ".") ? text.substring(supported.length() + 1) : "";
    boolean ok =
        text.equals(supported)
            || (!minor.isEmpty() && minor.chars().allMatch(c -> c >= '0' && c <= '9'));
    if (!ok) {
      invalid("schema", quote(text) + " is not supported here; this topic takes " + supported);
    }
  }
}
