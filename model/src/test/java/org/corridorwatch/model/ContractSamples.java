package org.corridorwatch.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.corridorwatch.model.json.CorridorCodec;

/**
 * Sample records of every wire-contract type, shared through this module's test-jar by every test
 * that needs realistic values: schema round trips here, Flink serializer checks in the job.
 */
public final class ContractSamples {
  private ContractSamples() {}

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /**
   * A laden export truck leaving Pingxiang, with its vehicle named after the event: for tests that
   * need many distinct crossings of one port and care only for their ids and times.
   */
  public static BorderCrossing pingxiangDeparture(String eventId, long eventTimeMillis) {
    return new BorderCrossing(
        eventId,
        "CN-PINGXIANG",
        "GX-" + eventId,
        CrossingStage.DEPARTED,
        CrossingDirection.EXPORT,
        VehicleType.TRUCK,
        true,
        eventTimeMillis);
  }

  /** One or more records of every contract type; optional fields both present and absent. */
  public static List<Object> all() {
    return List.of(
        new BorderCrossing(
            "c-1",
            "CN-PINGXIANG",
            "GX-A1234",
            CrossingStage.DEPARTED,
            CrossingDirection.EXPORT,
            VehicleType.TRUCK,
            true,
            at("2019-07-01T08:15:00Z")),
        new BorderCrossing(
            "c-2",
            "LA-BOTEN",
            "LA-9",
            CrossingStage.REJECTED,
            CrossingDirection.IMPORT,
            VehicleType.OTHER,
            false,
            at("2019-07-01T08:15:00.999Z")),
        new Shipment(
            "s-1",
            "SH-2019-0001",
            "ILSTC-ROAD-MIDDLE",
            ShipmentDirection.OUTBOUND,
            ShipmentStatus.DEPARTED,
            true,
            1.0,
            25_000.5,
            "ELECTRONICS",
            at("2019-03-02T10:00:00Z")),
        new Shipment(
            "s-2",
            "SH-2019-0002",
            "ILSTC-ROAD-WESTERN",
            ShipmentDirection.RETURN,
            ShipmentStatus.ARRIVED,
            false,
            null,
            null,
            null,
            at("2019-03-05T10:00:00Z")),
        ControlRecord.capacity("ctl-1", "LA-BOTEN", 300, 400, at("2019-07-01T00:00:00Z")),
        ControlRecord.thresholds(
            "ctl-2", null, AlertThresholds.defaults(), at("2019-07-01T00:00:00Z")),
        ControlRecord.thresholds(
            "ctl-3",
            "CN-PINGXIANG",
            new AlertThresholds(
                UtilisationLevel.of("1.1"),
                UtilisationLevel.of("1.3"),
                UtilisationLevel.of("0.95"),
                6,
                5,
                20,
                UtilisationLevel.of("0.8"),
                3,
                null,
                null),
            at("2019-07-03T00:00:00Z")),
        // the clearance limit and backlog window, set together or one alone
        ControlRecord.thresholds(
            "ctl-4",
            "LA-BOTEN",
            AlertThresholds.defaults().withClearance(240, 30),
            at("2019-07-04T06:00:00Z")),
        ControlRecord.thresholds(
            "ctl-5",
            null,
            AlertThresholds.defaults()
                .withClearance(AlertThresholds.MAX_CLEARANCE_LIMIT_MINUTES, null),
            at("2019-07-05T00:00:00Z")),
        new PortUtilisation(
            "CN-PINGXIANG",
            at("2019-06-30T08:15:00Z"),
            at("2019-07-01T08:15:00Z"),
            1350,
            800,
            1000),
        new PortUtilisation(
            "CN-PINGXIANG", at("2019-07-07T00:00:00Z"), at("2019-07-08T00:00:00Z"), 0, 800, 1000),
        new TradeBalance(
            BalanceLevel.CORRIDOR,
            "ILSTC-ROAD",
            BalanceScope.CUMULATIVE,
            at("2019-07-31T23:00:00Z"),
            1353,
            107,
            44),
        new TradeBalance(
            BalanceLevel.PORT,
            "CN-PINGXIANG",
            BalanceScope.ROLLING_30D,
            at("2019-07-31T23:00:00Z"),
            0,
            0,
            0),
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
            96L),
        // waiting, but nothing decided or departed in the hour
        new PortWaits(
            "MM-MUSE",
            at("2019-07-01T07:45:00Z"),
            at("2019-07-01T08:45:00Z"),
            1,
            0L,
            0,
            null,
            null,
            null,
            0,
            null,
            null),
        PortWaits.quiet("LA-BOTEN", at("2019-07-01T23:15:00Z"), at("2019-07-02T00:15:00Z")),
        new Alert(
            "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T08:00:00Z",
            AlertType.SUSTAINED_OVERLOAD,
            "CN-PINGXIANG",
            AlertSeverity.CRITICAL,
            AlertStatus.ESCALATED,
            at("2019-07-01T08:00:00Z"),
            at("2026-11-22T10:00:00.123Z"),
            "Pingxiang at 135% of designed capacity for 4 readings",
            "{\"readings\":[{\"windowEnd\":\"2019-07-01T08:15:00Z\",\"utilisation\":1.35}]}"),
        new DeadLetter(
            RejectReason.LATE,
            "slot already emitted",
            "corridor.border-crossings.v1",
            1,
            42,
            null,
            "{\"eventId\":\"c-9\"}".getBytes(StandardCharsets.UTF_8),
            at("2026-11-22T10:00:00Z")),
        new DeadLetter(
            RejectReason.MALFORMED_JSON,
            "not valid UTF-8",
            "corridor.shipments.v1",
            0,
            7,
            null,
            new byte[] {(byte) 0xFF, 0x01},
            at("2026-11-22T10:00:00Z")));
  }

  /**
   * {@code record}, one of {@link #all}'s types, written by {@code codec} as its topic holds it.
   */
  public static byte[] encode(CorridorCodec codec, Object record) {
    if (record instanceof BorderCrossing r) {
      return codec.write(r);
    } else if (record instanceof Shipment r) {
      return codec.write(r);
    } else if (record instanceof ControlRecord r) {
      return codec.write(r);
    } else if (record instanceof PortUtilisation r) {
      return codec.write(r);
    } else if (record instanceof TradeBalance r) {
      return codec.write(r);
    } else if (record instanceof Alert r) {
      return codec.write(r);
    } else if (record instanceof PortWaits r) {
      return codec.write(r);
    } else if (record instanceof DeadLetter r) {
      return codec.write(r);
    }
    throw new IllegalArgumentException("not a contract type: " + record.getClass().getName());
  }
}
