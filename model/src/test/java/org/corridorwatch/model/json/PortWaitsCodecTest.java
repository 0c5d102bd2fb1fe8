package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code port-waits/1}: the writer's exact layout, and a reader as strict as the other output
 * readers, which checks what the counts fix since percentiles cannot be recomputed.
 */
class PortWaitsCodecTest {
  private final CorridorCodec codec = CorridorCodec.forOutputs();

  /** The shared contract's example, on one line. */
  private static final String BUSY =
      "{\"schema\":\"port-waits/1\",\"portId\":\"CN-PINGXIANG\","
          + "\"windowStart\":\"2019-07-01T11:00:00Z\",\"windowEnd\":\"2019-07-01T12:00:00Z\","
          + "\"waiting\":42,\"oldestWaitMinutes\":187,"
          + "\"cleared\":96,\"clearanceMinutesP50\":35,\"clearanceMinutesP90\":71,"
          + "\"clearanceMinutesMax\":140,"
          + "\"departed\":90,\"dwellMinutesP50\":58,\"dwellMinutesP90\":96}";

  private static final String QUIET =
      "{\"schema\":\"port-waits/1\",\"portId\":\"LA-BOTEN\","
          + "\"windowStart\":\"2019-07-01T23:15:00Z\",\"windowEnd\":\"2019-07-02T00:15:00Z\","
          + "\"waiting\":0,\"oldestWaitMinutes\":null,"
          + "\"cleared\":0,\"clearanceMinutesP50\":null,\"clearanceMinutesP90\":null,"
          + "\"clearanceMinutesMax\":null,"
          + "\"departed\":0,\"dwellMinutesP50\":null,\"dwellMinutesP90\":null}";

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** {@code json} with one field's value replaced; the field must be there. */
  private static String with(String json, String field, String value) {
    String changed =
        json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value);
    assertThat(changed).isNotEqualTo(json);
    return changed;
  }

  /** {@code json} without one field; the field must be there. */
  private static String without(String json, String field) {
    String changed = json.replaceFirst(",\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "");
    assertThat(changed).isNotEqualTo(json);
    return changed;
  }

  private static final PortWaits BUSY_RECORD =
      new PortWaits(
          "CN-PINGXIANG",
          at("2019-07-01T11:00:00Z"),
          at("2019-07-01T12:00:00Z"),
          42,
          187L,
          96,
          35L,
          71L,
          140L,
          90,
          58L,
          96L);

  @Test
  void writesTheContractExampleExactly() {
    assertThat(text(codec.write(BUSY_RECORD))).isEqualTo(BUSY);
  }

  @Test
  void writesEveryMinuteFieldOfAQuietRecordAsNull() {
    PortWaits quiet =
        PortWaits.quiet("LA-BOTEN", at("2019-07-01T23:15:00Z"), at("2019-07-02T00:15:00Z"));

    assertThat(text(codec.write(quiet))).isEqualTo(QUIET);
  }

  @Test
  void writesOnlyTheNullsOfCountsThatAreZero() {
    // vehicles wait, nobody was decided or left in the hour
    PortWaits onlyWaiting =
        new PortWaits(
            "MM-MUSE",
            at("2019-07-01T07:45:00.250Z"),
            at("2019-07-01T08:45:00.250Z"),
            3,
            0L,
            0,
            null,
            null,
            null,
            0,
            null,
            null);

    assertThat(text(codec.write(onlyWaiting)))
        .contains("\"windowEnd\":\"2019-07-01T08:45:00.250Z\"")
        .contains("\"waiting\":3,\"oldestWaitMinutes\":0,\"cleared\":0,")
        .contains("\"clearanceMinutesMax\":null,\"departed\":0,\"dwellMinutesP50\":null");
  }

  @Test
  void readsWhatItWritesBack() {
    PortWaits quiet =
        PortWaits.quiet("LA-BOTEN", at("2019-07-01T23:15:00Z"), at("2019-07-02T00:15:00Z"));
    PortWaits oneDeparture =
        new PortWaits(
            "VN-LAOCAI",
            at("2019-07-01T08:00:00Z"),
            at("2019-07-01T09:00:00Z"),
            0,
            null,
            0,
            null,
            null,
            null,
            1,
            2880L,
            2880L);

    for (PortWaits record : new PortWaits[] {BUSY_RECORD, quiet, oneDeparture}) {
      Decoded<PortWaits> back = codec.readPortWaits(codec.write(record));
      assertThat(back.accepted()).as("%s: %s", record, back.detail()).isTrue();
      assertThat(back.value()).isEqualTo(record);
    }
  }

  @Test
  void readsOffsetsAsUtcAndTreatsAnAbsentMinuteFieldOfZeroAsNull() {
    String shifted =
        with(
            with(BUSY, "windowStart", "\"2019-07-01T18:00:00+07:00\""),
            "windowEnd",
            "\"2019-07-01T19:00:00+07:00\"");
    String withoutNulls = without(without(QUIET, "dwellMinutesP90"), "oldestWaitMinutes");

    assertThat(codec.readPortWaits(utf8(shifted)).value()).isEqualTo(BUSY_RECORD);
    assertThat(codec.readPortWaits(utf8(withoutNulls)).value())
        .isEqualTo(codec.readPortWaits(utf8(QUIET)).value());
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        // MALFORMED_JSON, as for every topic
        Arguments.of("{not json", RejectReason.MALFORMED_JSON, "Unexpected character"),
        Arguments.of(BUSY + " {}", RejectReason.MALFORMED_JSON, "content after"),
        Arguments.of(
            BUSY.replace("{\"schema", "{\"waiting\":1,\"schema"),
            RejectReason.MALFORMED_JSON,
            "waiting"),
        // MISSING_FIELD: every count and id, and a minute field whose count is above 0
        Arguments.of(without(BUSY, "portId"), RejectReason.MISSING_FIELD, "portId"),
        Arguments.of(without(BUSY, "windowStart"), RejectReason.MISSING_FIELD, "windowStart"),
        Arguments.of(with(BUSY, "windowEnd", "null"), RejectReason.MISSING_FIELD, "windowEnd"),
        Arguments.of(without(BUSY, "waiting"), RejectReason.MISSING_FIELD, "waiting"),
        Arguments.of(without(BUSY, "cleared"), RejectReason.MISSING_FIELD, "cleared"),
        Arguments.of(without(BUSY, "departed"), RejectReason.MISSING_FIELD, "departed"),
        Arguments.of(
            with(BUSY, "oldestWaitMinutes", "null"),
            RejectReason.MISSING_FIELD,
            "oldestWaitMinutes"),
        Arguments.of(
            without(BUSY, "clearanceMinutesMax"),
            RejectReason.MISSING_FIELD,
            "clearanceMinutesMax"),
        Arguments.of(
            with(BUSY, "dwellMinutesP50", "null"), RejectReason.MISSING_FIELD, "dwellMinutesP50"),
        // a missing field outranks a bad value found earlier
        Arguments.of(
            without(with(BUSY, "waiting", "-1"), "departed"),
            RejectReason.MISSING_FIELD,
            "departed"),
        // INVALID_VALUE: types and ranges
        Arguments.of(
            with(BUSY, "schema", "\"port-waits/2\""), RejectReason.INVALID_VALUE, "schema"),
        Arguments.of(
            with(BUSY, "schema", "\"port-utilisation/1\""), RejectReason.INVALID_VALUE, "schema"),
        Arguments.of(with(BUSY, "portId", "\"\""), RejectReason.INVALID_VALUE, "portId"),
        Arguments.of(
            with(BUSY, "windowEnd", "\"2019-07-01T12:00:00\""),
            RejectReason.INVALID_VALUE,
            "windowEnd"),
        Arguments.of(
            with(BUSY, "windowEnd", "1561982400000"), RejectReason.INVALID_VALUE, "windowEnd"),
        Arguments.of(with(BUSY, "waiting", "-1"), RejectReason.INVALID_VALUE, "waiting"),
        Arguments.of(with(BUSY, "cleared", "96.5"), RejectReason.INVALID_VALUE, "cleared"),
        Arguments.of(with(BUSY, "departed", "\"90\""), RejectReason.INVALID_VALUE, "departed"),
        Arguments.of(
            with(BUSY, "clearanceMinutesP50", "35.5"),
            RejectReason.INVALID_VALUE,
            "clearanceMinutesP50"),
        Arguments.of(
            with(BUSY, "dwellMinutesP90", "-96"), RejectReason.INVALID_VALUE, "dwellMinutesP90"),
        Arguments.of(
            with(BUSY, "oldestWaitMinutes", "\"187\""),
            RejectReason.INVALID_VALUE,
            "oldestWaitMinutes"),
        // INVALID_VALUE: what the counts and the contract fix
        Arguments.of(
            with(BUSY, "windowStart", "\"2019-07-01T11:15:00Z\""),
            RejectReason.INVALID_VALUE,
            "one hour"),
        Arguments.of(
            with(BUSY, "windowStart", "\"2019-06-30T12:00:00Z\""),
            RejectReason.INVALID_VALUE,
            "one hour"),
        Arguments.of(
            with(QUIET, "oldestWaitMinutes", "0"),
            RejectReason.INVALID_VALUE,
            "oldestWaitMinutes: must be null when waiting is 0"),
        Arguments.of(
            with(QUIET, "clearanceMinutesP90", "5"),
            RejectReason.INVALID_VALUE,
            "clearanceMinutesP90: must be null when cleared is 0"),
        Arguments.of(
            with(QUIET, "dwellMinutesP50", "0"),
            RejectReason.INVALID_VALUE,
            "dwellMinutesP50: must be null when departed is 0"),
        Arguments.of(
            with(BUSY, "clearanceMinutesP50", "72"),
            RejectReason.INVALID_VALUE,
            "clearanceMinutesP50 72 is above clearanceMinutesP90 71"),
        Arguments.of(
            with(BUSY, "clearanceMinutesMax", "70"),
            RejectReason.INVALID_VALUE,
            "clearanceMinutesP90 71 is above clearanceMinutesMax 70"),
        Arguments.of(
            with(BUSY, "dwellMinutesP90", "57"),
            RejectReason.INVALID_VALUE,
            "dwellMinutesP50 58 is above dwellMinutesP90 57"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("rejected")
  void rejectsWithTheContractReasonAndNamesTheField(
      String json, RejectReason expected, String detailPart) {
    Decoded<PortWaits> decoded = codec.readPortWaits(utf8(json));

    assertThat(decoded.accepted()).as("accepted %s", json).isFalse();
    assertThat(decoded.reason())
        .as("reason for %s (detail: %s)", json, decoded.detail())
        .isEqualTo(expected);
    assertThat(decoded.value()).isNull();
    assertThat(decoded.detail()).contains(detailPart).doesNotContain("\n");
  }

  @Test
  void rejectsATombstoneAndStaysUsableAfterARejection() {
    assertThat(codec.readPortWaits(null).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    codec.readPortWaits(utf8(with(BUSY, "clearanceMinutesMax", "70")));

    // nothing of the rejected record leaks into the next one
    assertThat(codec.readPortWaits(utf8(QUIET)).accepted()).isTrue();
    assertThat(codec.readPortWaits(utf8(without(QUIET, "oldestWaitMinutes"))).value())
        .isEqualTo(codec.readPortWaits(utf8(QUIET)).value());
  }
}
