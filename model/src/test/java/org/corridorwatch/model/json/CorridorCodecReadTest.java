package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.UtilisationLevel;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strict reader: every reject reason, precedence between them, and what it accepts. */
class CorridorCodecReadTest {
  private static final long NOW = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
  private static final KnownIds IDS =
      new KnownIds(Set.of("CN-PINGXIANG", "LA-BOTEN"), Set.of("ILSTC-ROAD-MIDDLE"));

  private final CorridorCodec codec = new CorridorCodec(IDS, () -> NOW);

  private static final String CROSSING =
      "{\"schema\":\"border-crossing/1\",\"eventId\":\"c-1\",\"portId\":\"CN-PINGXIANG\","
          + "\"vehicleId\":\"GX-A1234\",\"stage\":\"DEPARTED\",\"direction\":\"EXPORT\","
          + "\"vehicleType\":\"TRUCK\",\"laden\":true,\"eventTime\":\"2019-07-01T08:15:00Z\"}";

  private static final String SHIPMENT =
      "{\"eventId\":\"s-1\",\"shipmentId\":\"SH-1\",\"lineId\":\"ILSTC-ROAD-MIDDLE\","
          + "\"direction\":\"OUTBOUND\",\"status\":\"DEPARTED\",\"eventTime\":\"2019-03-02T10:00:00Z\"}";

  private static final String CAPACITY =
      "{\"eventId\":\"ctl-1\",\"type\":\"CAPACITY\",\"portId\":\"LA-BOTEN\","
          + "\"designedTripsPerDayMin\":300,\"designedTripsPerDayMax\":400,"
          + "\"effectiveFrom\":\"2019-07-01T00:00:00Z\"}";

  private static final String THRESHOLDS =
      "{\"eventId\":\"ctl-2\",\"type\":\"THRESHOLDS\",\"effectiveFrom\":\"2019-07-03T00:00:00Z\","
          + "\"overloadLevel\":1.1,\"severeLevel\":1.30,\"clearLevel\":0.95,\"overloadReadings\":6,"
          + "\"backlogWarningCount\":5,\"backlogCriticalCount\":20,\"queueLevel\":0.8,"
          + "\"queueReadings\":3}";

  private static String thresholdsWithout(String field) {
    String without = THRESHOLDS.replaceFirst(",?\"" + field + "\":[^,}]*", "");
    assertThat(without).isNotEqualTo(THRESHOLDS);
    return without.replace("{,", "{");
  }

  private static String thresholdsWith(String field, String json) {
    return THRESHOLDS.replace("}", ",\"" + field + "\":" + json + "}");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String crossingWith(String field, String json) {
    return CROSSING.replaceFirst(
        "\"" + field + "\":(\"[^\"]*\"|true|false)", "\"" + field + "\":" + json);
  }

  private static String truncated(String json) {
    return json.substring(0, json.length() - 3);
  }

  private static String crossingWithout(String field) {
    return CROSSING.replaceFirst(",\"" + field + "\":(\"[^\"]*\"|true|false)", "");
  }

  enum Topic {
    CROSSING,
    SHIPMENT,
    CONTROL
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        // MALFORMED_JSON
        Arguments.of(Topic.CROSSING, "{not json", RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, CROSSING.substring(0, 40), RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, "", RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, "   ", RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, "[" + CROSSING + "]", RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, "\"just a string\"", RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, CROSSING + " {}", RejectReason.MALFORMED_JSON),
        Arguments.of(
            Topic.CROSSING,
            CROSSING.replace("{\"schema", "{\"eventId\":\"dup\",\"schema"),
            RejectReason.MALFORMED_JSON),
        Arguments.of(Topic.CROSSING, crossingWith("laden", "NaN"), RejectReason.MALFORMED_JSON),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("laden", "[".repeat(200) + "]".repeat(200)),
            RejectReason.MALFORMED_JSON),
        // a wrong type early on does not hide broken JSON later
        Arguments.of(
            Topic.CROSSING, truncated(crossingWith("stage", "5")), RejectReason.MALFORMED_JSON),
        // MISSING_FIELD
        Arguments.of(Topic.CROSSING, crossingWithout("eventId"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CROSSING, crossingWith("portId", "null"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CROSSING, crossingWithout("vehicleId"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CROSSING, crossingWithout("stage"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CROSSING, crossingWithout("direction"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CROSSING, crossingWithout("eventTime"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CROSSING, "{}", RejectReason.MISSING_FIELD),
        Arguments.of(
            Topic.SHIPMENT,
            SHIPMENT.replace("\"shipmentId\":\"SH-1\",", ""),
            RejectReason.MISSING_FIELD),
        Arguments.of(
            Topic.CONTROL,
            CAPACITY.replace(",\"effectiveFrom\":\"2019-07-01T00:00:00Z\"", ""),
            RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CONTROL, thresholdsWithout("effectiveFrom"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CONTROL, thresholdsWithout("clearLevel"), RejectReason.MISSING_FIELD),
        Arguments.of(Topic.CONTROL, thresholdsWithout("queueReadings"), RejectReason.MISSING_FIELD),
        // a missing field outranks a bad value
        Arguments.of(
            Topic.CROSSING,
            crossingWithout("eventId").replace("DEPARTED", "GONE"),
            RejectReason.MISSING_FIELD),
        // INVALID_VALUE
        Arguments.of(
            Topic.CROSSING, crossingWith("eventTime", "1561968900000"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("eventTime", "\"2019-07-01 08:15\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("eventTime", "\"2019-07-01T08:15:00\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("eventTime", "\"2026-11-23T10:00:01Z\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("eventTime", "\"+999999999-12-31T23:59:59Z\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CROSSING, crossingWith("stage", "\"GONE\""), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING, crossingWith("stage", "\"departed\""), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CROSSING, crossingWith("direction", "1"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING, crossingWith("vehicleType", "\"ROCKET\""), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CROSSING, crossingWith("laden", "\"yes\""), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CROSSING, crossingWith("eventId", "\"\""), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("vehicleId", "{\"plate\":\"X\"}"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("schema", "\"border-crossing/2\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING, crossingWith("schema", "\"shipment/1\""), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CROSSING,
            crossingWith("schema", "\"border-crossing/1.\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.SHIPMENT, SHIPMENT.replace("}", ",\"teu\":-1}"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.SHIPMENT,
            SHIPMENT.replace("}", ",\"valueUsd\":1e400}"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.SHIPMENT, SHIPMENT.replace("OUTBOUND", "INBOUND"), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, CAPACITY.replace("300", "500"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            CAPACITY.replace("300", "0").replace("400", "0"),
            RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, CAPACITY.replace("300", "300.5"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL, CAPACITY.replace("400", "99999999999"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL, CAPACITY.replace("CAPACITY", "REBOOT"), RejectReason.INVALID_VALUE),
        // THRESHOLDS: levels out of order, counts out of range, too fine
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace("0.95", "1.2"), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace("1.30", "1.0"), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace("0.95", "0"), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace(":6,", ":0,"), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace(":6,", ":97,"), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace(":20,", ":4,"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL, THRESHOLDS.replace("1.1,", "1.00001,"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL, THRESHOLDS.replace("1.30", "\"1.30\""), RejectReason.INVALID_VALUE),
        Arguments.of(Topic.CONTROL, THRESHOLDS.replace("0.8,", "11,"), RejectReason.INVALID_VALUE),
        // THRESHOLDS: the optional clearance limit and backlog window, out of range or not whole
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("clearanceLimitMinutes", "0"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("clearanceLimitMinutes", "2881"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("clearanceLimitMinutes", "-360"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("clearanceLimitMinutes", "360.5"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("clearanceLimitMinutes", "\"PT6H\""),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL, thresholdsWith("backlogWindowMinutes", "0"), RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("backlogWindowMinutes", "1441"),
            RejectReason.INVALID_VALUE),
        Arguments.of(
            Topic.CONTROL,
            thresholdsWith("backlogWindowMinutes", "1e10"),
            RejectReason.INVALID_VALUE),
        // a missing field outranks a bad optional one
        Arguments.of(
            Topic.CONTROL,
            thresholdsWithout("queueLevel").replace("}", ",\"backlogWindowMinutes\":0}"),
            RejectReason.MISSING_FIELD),
        // a bad value outranks an unknown reference
        Arguments.of(
            Topic.CROSSING,
            crossingWith("stage", "\"GONE\"").replace("CN-PINGXIANG", "CN-NOWHERE"),
            RejectReason.INVALID_VALUE),
        // UNKNOWN_PORT / UNKNOWN_LINE
        Arguments.of(
            Topic.CROSSING,
            CROSSING.replace("CN-PINGXIANG", "CN-NOWHERE"),
            RejectReason.UNKNOWN_PORT),
        Arguments.of(
            Topic.CONTROL, CAPACITY.replace("LA-BOTEN", "LA-NOWHERE"), RejectReason.UNKNOWN_PORT),
        Arguments.of(
            Topic.CONTROL,
            THRESHOLDS.replace("{", "{\"portId\":\"CN-NOWHERE\","),
            RejectReason.UNKNOWN_PORT),
        Arguments.of(
            Topic.SHIPMENT,
            SHIPMENT.replace("ILSTC-ROAD-MIDDLE", "ILSTC-ROAD-NOWHERE"),
            RejectReason.UNKNOWN_LINE));
  }

  private Decoded<?> read(Topic topic, byte[] bytes) {
    return switch (topic) {
      case CROSSING -> codec.readBorderCrossing(bytes);
      case SHIPMENT -> codec.readShipment(bytes);
      case CONTROL -> codec.readControl(bytes);
    };
  }

  @ParameterizedTest(name = "{0} {2}: {1}")
  @MethodSource("rejected")
  void rejectsWithTheContractReason(Topic topic, String json, RejectReason expected) {
    Decoded<?> decoded = read(topic, utf8(json));

    assertThat(decoded.accepted()).as("accepted %s", json).isFalse();
    assertThat(decoded.reason())
        .as("reason for %s (detail: %s)", json, decoded.detail())
        .isEqualTo(expected);
    assertThat(decoded.value()).isNull();
    assertThat(decoded.detail()).isNotBlank().hasSizeLessThanOrEqualTo(241);
  }

  @Test
  void detailNamesTheFieldThatIsWrong() {
    assertThat(codec.readBorderCrossing(utf8(crossingWith("stage", "\"GONE\""))).detail())
        .contains("stage")
        .contains("GONE")
        .contains("ARRIVED, CLEARED, DEPARTED, REJECTED");
    assertThat(codec.readBorderCrossing(utf8(crossingWithout("vehicleId"))).detail())
        .contains("vehicleId");
    assertThat(codec.readShipment(utf8(SHIPMENT.replace("ILSTC-ROAD-MIDDLE", "X-1"))).detail())
        .contains("lineId")
        .contains("X-1");
  }

  @Test
  void rejectsNullAndInvalidUtf8AsMalformed() {
    assertThat(codec.readBorderCrossing(null).reason()).isEqualTo(RejectReason.MALFORMED_JSON);

    byte[] bytes = utf8(CROSSING);
    byte[] broken = bytes.clone();
    // an invalid byte inside a field the reader would otherwise skip
    byte[] withUnknown = utf8(CROSSING.replace("}", ",\"note\":\"ab\"}"));
    withUnknown[withUnknown.length - 3] = (byte) 0xC3;
    broken[30] = (byte) 0xFF;

    assertThat(codec.readBorderCrossing(broken).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(codec.readBorderCrossing(withUnknown).reason())
        .isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(codec.readBorderCrossing(broken).detail()).contains("UTF-8").contains("offset 30");
  }

  @Test
  void readsAValidCrossing() {
    Decoded<BorderCrossing> decoded = codec.readBorderCrossing(utf8(CROSSING));

    assertThat(decoded.accepted()).isTrue();
    assertThat(decoded.value())
        .isEqualTo(
            new BorderCrossing(
                "c-1",
                "CN-PINGXIANG",
                "GX-A1234",
                CrossingStage.DEPARTED,
                CrossingDirection.EXPORT,
                VehicleType.TRUCK,
                true,
                Instant.parse("2019-07-01T08:15:00Z").toEpochMilli()));
  }

  @Test
  void anIdOfSpacesIsNonEmptyAsTheContractAsksAndIsAccepted() {
    BorderCrossing crossing =
        codec
            .readBorderCrossing(utf8(crossingWith("eventId", "\" \"").replace("GX-A1234", "  ")))
            .value();
    assertThat(crossing).isNotNull();
    assertThat(crossing.eventId()).isEqualTo(" ");
    assertThat(crossing.vehicleId()).isEqualTo("  ");

    Shipment shipment =
        codec.readShipment(utf8(SHIPMENT.replace("\"s-1\"", "\" \"").replace("SH-1", " "))).value();
    assertThat(shipment).isNotNull();
    assertThat(shipment.shipmentId()).isEqualTo(" ");
  }

  @Test
  void appliesDefaultsAndIgnoresUnknownFields() {
    String json =
        crossingWithout("vehicleType")
            .replace(",\"laden\":true", "")
            .replace("}", ",\"futureField\":{\"nested\":[1,2,{\"x\":null}]},\"other\":7}");

    BorderCrossing crossing = codec.readBorderCrossing(utf8(json)).value();

    assertThat(crossing).isNotNull();
    assertThat(crossing.vehicleType()).isEqualTo(VehicleType.TRUCK);
    assertThat(crossing.laden()).isTrue();
  }

  @Test
  void normalisesOffsetsToUtcAndKeepsMilliseconds() {
    long withOffset =
        codec
            .readBorderCrossing(
                utf8(crossingWith("eventTime", "\"2019-07-01T15:15:00.250+07:00\"")))
            .value()
            .eventTimeMillis();

    assertThat(Instant.ofEpochMilli(withOffset))
        .isEqualTo(Instant.parse("2019-07-01T08:15:00.250Z"));
  }

  @Test
  void acceptsSchemaMinorVersionsAndNoSchema() {
    assertThat(
            codec
                .readBorderCrossing(utf8(crossingWith("schema", "\"border-crossing/1.4\"")))
                .accepted())
        .isTrue();
    assertThat(
            codec
                .readBorderCrossing(utf8(CROSSING.replace("\"schema\":\"border-crossing/1\",", "")))
                .accepted())
        .isTrue();
  }

  @Test
  void futureGuardAllowsExactlyOneDayAhead() {
    String oneDayAhead = crossingWith("eventTime", "\"2026-11-23T10:00:00Z\"");
    String justOver = crossingWith("eventTime", "\"2026-11-23T10:00:00.001Z\"");

    assertThat(codec.readBorderCrossing(utf8(oneDayAhead)).accepted()).isTrue();
    assertThat(codec.readBorderCrossing(utf8(justOver)).reason())
        .isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(codec.readBorderCrossing(utf8(justOver)).detail()).contains("clock");
  }

  @Test
  void readsShipmentWithOptionalNumbersAndWholeFloatCapacity() {
    Shipment shipment =
        codec
            .readShipment(
                utf8(SHIPMENT.replace("}", ",\"teu\":2,\"valueUsd\":15000.5,\"laden\":false}")))
            .value();
    ControlRecord control = codec.readControl(utf8(CAPACITY.replace("400", "400.0"))).value();

    assertThat(shipment.direction()).isEqualTo(ShipmentDirection.OUTBOUND);
    assertThat(shipment.teu()).isEqualTo(2.0);
    assertThat(shipment.valueUsd()).isEqualTo(15000.5);
    assertThat(shipment.laden()).isFalse();
    assertThat(control)
        .isEqualTo(
            new ControlRecord(
                "ctl-1",
                ControlType.CAPACITY,
                "LA-BOTEN",
                300,
                400,
                Instant.parse("2019-07-01T00:00:00Z").toEpochMilli(),
                null));
  }

  @Test
  void readsThresholdsForEveryPortOrOnePortWithLevelsExactly() {
    ControlRecord everyPort = codec.readControl(utf8(THRESHOLDS)).value();
    ControlRecord onePort =
        codec.readControl(utf8(THRESHOLDS.replace("{", "{\"portId\":\"CN-PINGXIANG\","))).value();

    assertThat(everyPort.type()).isEqualTo(ControlType.THRESHOLDS);
    assertThat(everyPort.portId()).isNull();
    assertThat(everyPort.key()).isEqualTo(ControlRecord.EVERY_PORT);
    assertThat(everyPort.effectiveFromMillis())
        .isEqualTo(Instant.parse("2019-07-03T00:00:00Z").toEpochMilli());
    assertThat(everyPort.thresholds())
        .isEqualTo(
            new AlertThresholds(
                UtilisationLevel.of("1.10"),
                UtilisationLevel.of("1.3"),
                UtilisationLevel.of("0.95"),
                6,
                5,
                20,
                UtilisationLevel.of("0.80"),
                3,
                null,
                null));
    assertThat(onePort.portId()).isEqualTo("CN-PINGXIANG");
    assertThat(onePort.key()).isEqualTo("CN-PINGXIANG");
    assertThat(onePort.thresholds()).isEqualTo(everyPort.thresholds());
  }

  @Test
  void readsTheOptionalClearanceLimitAndBacklogWindowAndLeavesAbsentOnesToTheJob() {
    AlertThresholds both =
        codec
            .readControl(
                utf8(
                    THRESHOLDS.replace(
                        "}", ",\"clearanceLimitMinutes\":240,\"backlogWindowMinutes\":30.0}")))
            .value()
            .thresholds();
    AlertThresholds limitOnly =
        codec
            .readControl(utf8(thresholdsWith("clearanceLimitMinutes", "2880")))
            .value()
            .thresholds();
    AlertThresholds windowNull =
        codec
            .readControl(utf8(thresholdsWith("backlogWindowMinutes", "null")))
            .value()
            .thresholds();
    AlertThresholds neither = codec.readControl(utf8(THRESHOLDS)).value().thresholds();

    assertThat(both.clearanceLimitMinutes()).isEqualTo(240);
    assertThat(both.backlogWindowMinutes()).isEqualTo(30);
    assertThat(limitOnly.clearanceLimitMinutes()).isEqualTo(2880);
    assertThat(limitOnly.backlogWindowMinutes()).isNull();
    assertThat(windowNull.backlogWindowMinutes()).isNull();
    assertThat(neither.clearanceLimitMinutes()).isNull();
    assertThat(neither.backlogWindowMinutes()).isNull();
    // the lowest values are allowed too
    assertThat(
            codec
                .readControl(
                    utf8(
                        THRESHOLDS.replace(
                            "}", ",\"clearanceLimitMinutes\":1,\"backlogWindowMinutes\":1}")))
                .accepted())
        .isTrue();
    assertThat(codec.readControl(utf8(thresholdsWith("backlogWindowMinutes", "1440"))).accepted())
        .isTrue();
  }

  @Test
  void anOutOfRangeClearanceLimitOrBacklogWindowIsNamedWithItsRangeOnOneLine() {
    String limit =
        codec.readControl(utf8(thresholdsWith("clearanceLimitMinutes", "2881"))).detail();
    String negative =
        codec.readControl(utf8(thresholdsWith("clearanceLimitMinutes", "-360"))).detail();
    String window = codec.readControl(utf8(thresholdsWith("backlogWindowMinutes", "0"))).detail();

    assertThat(limit).isEqualTo("clearanceLimitMinutes: must be from 1 to 2880, was 2881");
    assertThat(negative).isEqualTo("clearanceLimitMinutes: must be from 1 to 2880, was -360");
    assertThat(window).isEqualTo("backlogWindowMinutes: must be from 1 to 1440, was 0");
  }

  @Test
  void theUnitlessNameClearanceLimitIsAnUnknownFieldAndIgnoredLikeAnyOther() {
    Decoded<ControlRecord> read =
        codec.readControl(utf8(thresholdsWith("clearanceLimit", "\"PT4H\"")));

    assertThat(read.accepted()).as(read.detail()).isTrue();
    assertThat(read.value().thresholds().clearanceLimitMinutes()).isNull();
  }

  @Test
  void writesTheClearanceLimitAndBacklogWindowOnlyWhenSetAndReadsThemBack() {
    ControlRecord set =
        codec
            .readControl(
                utf8(
                    THRESHOLDS.replace(
                        "}", ",\"clearanceLimitMinutes\":240,\"backlogWindowMinutes\":30}")))
            .value();
    ControlRecord unset = codec.readControl(utf8(THRESHOLDS)).value();

    String written = new String(codec.write(set), StandardCharsets.UTF_8);
    assertThat(written)
        .endsWith("\"queueReadings\":3,\"clearanceLimitMinutes\":240,\"backlogWindowMinutes\":30}");
    assertThat(new String(codec.write(unset), StandardCharsets.UTF_8))
        .doesNotContain("clearanceLimitMinutes")
        .doesNotContain("backlogWindowMinutes");
    assertThat(codec.readControl(codec.write(set)).value()).isEqualTo(set);
    assertThat(codec.readControl(codec.write(unset)).value()).isEqualTo(unset);
  }

  @Test
  void staysUsableAfterRejections() {
    codec.readBorderCrossing(utf8("{not json"));
    codec.readBorderCrossing(utf8(crossingWith("stage", "\"GONE\"")));

    assertThat(codec.readBorderCrossing(utf8(CROSSING)).accepted()).isTrue();
    // nothing from the rejected records leaks into the next one
    assertThat(codec.readBorderCrossing(utf8(crossingWithout("laden"))).value().laden()).isTrue();
  }
}
