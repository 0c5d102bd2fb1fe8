package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.Test;

/** The writer produces the contract's exact field names, formats and rounding. */
class CorridorCodecWriteTest {
  private final CorridorCodec codec = CorridorCodec.forOutputs();

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void writesAUtilisationReadingExactly() {
    PortUtilisation reading =
        new PortUtilisation(
            "CN-PINGXIANG",
            at("2019-06-30T08:15:00Z"),
            at("2019-07-01T08:15:00Z"),
            1350,
            800,
            1000);

    assertThat(text(codec.write(reading)))
        .isEqualTo(
            "{\"schema\":\"port-utilisation/1\",\"portId\":\"CN-PINGXIANG\","
                + "\"windowStart\":\"2019-06-30T08:15:00Z\",\"windowEnd\":\"2019-07-01T08:15:00Z\","
                + "\"trips\":1350,\"designedTripsPerDayMin\":800,\"designedTripsPerDayMax\":1000,"
                + "\"utilisation\":1.35,\"band\":\"SEVERE\"}");
  }

  @Test
  void writesSmallUtilisationInPlainNotation() {
    PortUtilisation oneTrip = new PortUtilisation("SG-SINGAPORE", 0L, 86_400_000L, 1, 5000, 6000);

    assertThat(text(codec.write(oneTrip))).contains("\"utilisation\":0.0002,").contains("NORMAL");
  }

  @Test
  void writesTradeBalanceWithContractRoundingAndNulls() {
    TradeBalance road =
        new TradeBalance(
            BalanceLevel.CORRIDOR,
            "ILSTC-ROAD",
            BalanceScope.CUMULATIVE,
            at("2019-07-31T23:00:00Z"),
            1353,
            107,
            44);
    TradeBalance noReturns =
        new TradeBalance(
            BalanceLevel.LINE, "ILSTC-ROAD-MIDDLE", BalanceScope.ROLLING_30D, 0L, 12, 0, 0);

    assertThat(text(codec.write(road)))
        .isEqualTo(
            "{\"schema\":\"trade-balance/1\",\"level\":\"CORRIDOR\",\"id\":\"ILSTC-ROAD\","
                + "\"scope\":\"CUMULATIVE\",\"asOf\":\"2019-07-31T23:00:00Z\",\"outbound\":1353,"
                + "\"inbound\":107,\"ratio\":12.64,\"inboundShare\":0.0733,"
                + "\"emptyInboundShare\":0.4112,\"emptyInbound\":44}");
    assertThat(text(codec.write(noReturns)))
        .contains("\"ratio\":null,\"inboundShare\":0,\"emptyInboundShare\":null");
  }

  @Test
  void writesMillisecondsOnlyWhenPresent() {
    BorderCrossing crossing =
        new BorderCrossing(
            "c-1",
            "CN-PINGXIANG",
            "GX-A1234",
            CrossingStage.ARRIVED,
            CrossingDirection.IMPORT,
            VehicleType.TRAIN,
            false,
            at("2019-07-01T08:15:00.120Z"));

    assertThat(text(codec.write(crossing)))
        .isEqualTo(
            "{\"schema\":\"border-crossing/1\",\"eventId\":\"c-1\",\"portId\":\"CN-PINGXIANG\","
                + "\"vehicleId\":\"GX-A1234\",\"stage\":\"ARRIVED\",\"direction\":\"IMPORT\","
                + "\"vehicleType\":\"TRAIN\",\"laden\":false,"
                + "\"eventTime\":\"2019-07-01T08:15:00.120Z\"}");
  }

  @Test
  void writesEvidenceVerbatim() {
    Alert alert =
        new Alert(
            "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T08:00:00Z",
            AlertType.SUSTAINED_OVERLOAD,
            "CN-PINGXIANG",
            AlertSeverity.CRITICAL,
            AlertStatus.RAISED,
            at("2019-07-01T08:00:00Z"),
            at("2026-11-22T10:00:00.123Z"),
            "Pingxiang at 135% of designed capacity for 4 readings",
            "{\"utilisation\":[1.3,1.31,1.33,1.35]}");

    assertThat(text(codec.write(alert)))
        .endsWith(
            "\"detectedAt\":\"2026-11-22T10:00:00.123Z\","
                + "\"message\":\"Pingxiang at 135% of designed capacity for 4 readings\","
                + "\"evidence\":{\"utilisation\":[1.3,1.31,1.33,1.35]}}");
  }

  @Test
  void anOversizedPayloadIsCutSoTheDeadLetterFitsOneKafkaRequest() {
    // ten MiB of one repeated two-byte character: the cut must fall between characters
    byte[] huge = "é".repeat(5 * 1024 * 1024).getBytes(StandardCharsets.UTF_8);

    byte[] written = codec.write(deadLetter(huge));

    assertThat(written.length).isLessThan(1024 * 1024); // the producer's default max.request.size
    String json = text(written);
    assertThat(json)
        .contains("\"payloadTruncated\":true,\"payloadBytes\":" + huge.length)
        .contains("\"payloadEncoding\":\"utf8\"");
    byte[] kept = codec.readDeadLetter(written).value().payload();
    assertThat(kept.length)
        .isLessThanOrEqualTo(CorridorCodec.MAX_DEAD_LETTER_PAYLOAD_BYTES)
        .isGreaterThan(CorridorCodec.MAX_DEAD_LETTER_PAYLOAD_BYTES - 2);
    assertThat(Utf8.isValid(kept)).isTrue();
    // control characters are escaped six bytes to one: still under the limit
    byte[] controls = new byte[10 * 1024 * 1024];
    assertThat(codec.write(deadLetter(controls)).length).isLessThan(1024 * 1024);
  }

  @Test
  void deadLetterKeepsUtf8AsTextAndOtherBytesAsBase64() {
    byte[] text = "{not json — ünïcode".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x7B};

    String asText = text(codec.write(deadLetter(text)));
    String asBase64 = text(codec.write(deadLetter(binary)));
    String tombstone = text(codec.write(deadLetter(null)));

    assertThat(asText).contains("\"payload\":\"{not json — ünïcode\",\"payloadEncoding\":\"utf8\"");
    assertThat(asBase64)
        .contains(
            "\"payload\":\""
                + Base64.getEncoder().encodeToString(binary)
                + "\",\"payloadEncoding\":\"base64\"");
    assertThat(tombstone).contains("\"payload\":null");
    assertThat(codec.readDeadLetter(codec.write(deadLetter(binary))).value().payload())
        .isEqualTo(binary);
    assertThat(codec.readDeadLetter(codec.write(deadLetter(text))).value().payload())
        .isEqualTo(text);
  }

  private static DeadLetter deadLetter(byte[] payload) {
    return new DeadLetter(
        RejectReason.MALFORMED_JSON,
        "Unexpected character",
        "corridor.border-crossings.v1",
        0,
        42,
        null,
        payload,
        at("2026-11-22T10:00:00Z"));
  }
}
