package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.UtilisationBand;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.kafka.InputTopics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle on a small hand-made stream whose every figure is worked out here by hand: readings,
 * their gaps, capacity changes, dedup, late records and the final balances.
 */
class KnownAnswersTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String BOTEN = "LA-BOTEN";
  private static final long MINUTE = 60_000L;
  private static final CorridorCodec WRITER = CorridorCodec.forOutputs();
  private static final InputTopics TOPICS = InputTopics.contract();

  private KnownAnswers answers;
  private int ids;

  @BeforeEach
  void newOracle() {
    answers = CollectingSink.oracle();
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private void send(InputRecord record) {
    answers.observe(
        new Delivery(
            TOPICS.topicOf(record),
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            WRITER.write(record),
            record.eventTimeMillis(),
            Delivery.Kind.EVENT,
            record,
            null));
  }

  private BorderCrossing crossing(
      String port, CrossingStage stage, CrossingDirection direction, boolean laden, String time) {
    return new BorderCrossing(
        "c-" + ids++, port, "V-" + ids, stage, direction, VehicleType.TRUCK, laden, at(time));
  }

  private BorderCrossing departed(String port, CrossingDirection direction, String time) {
    return crossing(port, CrossingStage.DEPARTED, direction, true, time);
  }

  private Shipment shipment(
      String line, ShipmentDirection direction, ShipmentStatus status, boolean laden, String time) {
    return new Shipment(
        "s-" + ids++, "SH-" + ids, line, direction, status, laden, 1.0, null, null, at(time));
  }

  private Shipment departedShipment(
      String line, ShipmentDirection direction, boolean laden, String time) {
    return shipment(line, direction, ShipmentStatus.DEPARTED, laden, time);
  }

  private static PortUtilisation reading(
      String port, String windowEnd, long trips, int min, int max) {
    long end = at(windowEnd);
    return new PortUtilisation(port, end - Duration.ofHours(24).toMillis(), end, trips, min, max);
  }

  private static TradeBalance balance(
      BalanceLevel level, String id, BalanceScope scope, long out, long in, long emptyIn) {
    return new TradeBalance(level, id, scope, at("2019-07-03T13:00:00Z"), out, in, emptyIn);
  }

  /**
   * The main stream, in delivery order. Pingxiang departs at 08:05 and exactly 08:15 on 1 July,
   * then not again until 12:40 on 3 July; a capacity change takes effect at 13:00 on 3 July.
   */
  private void sendMainStream() {
    send(ControlRecord.capacity("ctl-1", PINGXIANG, 900, 1200, at("2019-07-03T13:00:00Z")));
    // shipments, oldest first: one > 30 days before the newest event, two at the edge of the
    // rolling window that ends at asOf 2019-07-03T13:00Z
    send(
        departedShipment(
            "ILSTC-ROAD-EASTERN", ShipmentDirection.OUTBOUND, true, "2019-05-20T10:00:00Z"));
    send(
        departedShipment(
            "ILSTC-ROAD-WESTERN", ShipmentDirection.OUTBOUND, true, "2019-06-03T12:59:59.999Z"));
    send(
        departedShipment(
            "ILSTC-ROAD-WESTERN", ShipmentDirection.OUTBOUND, true, "2019-06-03T13:00:00Z"));
    send(
        departedShipment(
            "ILSTC-ROAD-MIDDLE", ShipmentDirection.RETURN, false, "2019-06-20T09:00:00Z"));
    send(
        shipment(
            "ILSTC-ROAD-MIDDLE",
            ShipmentDirection.RETURN,
            ShipmentStatus.ARRIVED,
            false,
            "2019-06-21T09:00:00Z"));
    send(
        departedShipment(
            "ILSTC-RAIL-EASTERN", ShipmentDirection.OUTBOUND, true, "2019-06-25T00:00:00Z"));

    BorderCrossing first = departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:05:00Z");
    send(first);
    // exactly on a slot boundary: counted in the slot it starts, [08:15, 08:30)
    send(
        crossing(
            PINGXIANG,
            CrossingStage.DEPARTED,
            CrossingDirection.IMPORT,
            false,
            "2019-07-01T08:15:00Z"));
    send(first); // the same event id again: counted once
    send(
        crossing(
            PINGXIANG,
            CrossingStage.ARRIVED,
            CrossingDirection.IMPORT,
            true,
            "2019-07-01T09:00:00Z"));
    // the watermark is now 08:54:59.999, long past the slot [08:00, 08:15): dead-lettered LATE
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:10:00Z"));
    send(
        departedShipment(
            "ILSTC-ROAD-EASTERN", ShipmentDirection.RETURN, true, "2019-07-02T10:00:00Z"));
    send(
        crossing(
            PINGXIANG,
            CrossingStage.DEPARTED,
            CrossingDirection.IMPORT,
            true,
            "2019-07-03T12:40:00Z"));
  }

  @Test
  void judgesDuplicatesAndLateRecords() {
    sendMainStream();
    assertThat(answers.duplicates()).isEqualTo(1);
    assertThat(answers.deadLetters())
        .containsEntry(RejectReason.LATE, 1L)
        .containsEntry(RejectReason.MALFORMED_JSON, 0L)
        .containsEntry(RejectReason.MISSING_FIELD, 0L)
        .containsEntry(RejectReason.INVALID_VALUE, 0L)
        .containsEntry(RejectReason.UNKNOWN_PORT, 0L)
        .containsEntry(RejectReason.UNKNOWN_LINE, 0L);
    // 1 control + 7 shipments + 4 crossings; not the duplicate, not the late one
    assertThat(answers.counted()).isEqualTo(12);
    assertThat(answers.sentPerTopic())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(TOPICS.control(), 1L, TOPICS.shipments(), 7L, TOPICS.crossings(), 6L));
  }

  @Test
  void readingsEverySlotWhileTheWindowHoldsADepartureThenOneZeroThenAGap() {
    sendMainStream();
    List<PortUtilisation> expected = new ArrayList<>();
    // 1 July 08:05 and 08:15: from the end of the first departure's slot to the first empty window
    long slot = 15 * MINUTE;
    for (long end = at("2019-07-01T08:15:00Z"); end <= at("2019-07-02T08:30:00Z"); end += slot) {
      long trips;
      if (end == at("2019-07-01T08:15:00Z")) {
        trips = 1; // the 08:15 departure belongs to the next slot
      } else if (end <= at("2019-07-02T08:00:00Z")) {
        trips = 2;
      } else if (end == at("2019-07-02T08:15:00Z")) {
        trips = 1; // window [1 July 08:15, 2 July 08:15) still holds the 08:15 departure
      } else {
        trips = 0; // the one empty reading
      }
      expected.add(new PortUtilisation(PINGXIANG, end - 96 * slot, end, trips, 800, 1000));
    }
    // nothing from 2 July 08:45 until 3 July 12:40's slot ends at 12:45
    for (long end = at("2019-07-03T12:45:00Z"); end <= at("2019-07-04T12:45:00Z"); end += slot) {
      long trips = end < at("2019-07-04T12:45:00Z") ? 1 : 0;
      boolean newCapacity = end >= at("2019-07-03T13:00:00Z");
      expected.add(
          new PortUtilisation(
              PINGXIANG,
              end - 96 * slot,
              end,
              trips,
              newCapacity ? 900 : 800,
              newCapacity ? 1200 : 1000));
    }

    List<PortUtilisation> readings = answers.utilisationReadings();
    assertThat(readings).containsExactlyElementsOf(expected);
    assertThat(readings).hasSize(98 + 97);

    // the same, spelled out at the edges
    assertThat(readings.get(0)).isEqualTo(reading(PINGXIANG, "2019-07-01T08:15:00Z", 1, 800, 1000));
    assertThat(readings.get(1)).isEqualTo(reading(PINGXIANG, "2019-07-01T08:30:00Z", 2, 800, 1000));
    assertThat(readings.get(97))
        .isEqualTo(reading(PINGXIANG, "2019-07-02T08:30:00Z", 0, 800, 1000));
    assertThat(readings.get(98))
        .isEqualTo(reading(PINGXIANG, "2019-07-03T12:45:00Z", 1, 800, 1000));
    assertThat(readings.get(99))
        .isEqualTo(reading(PINGXIANG, "2019-07-03T13:00:00Z", 1, 900, 1200));
    assertThat(readings.get(194))
        .isEqualTo(reading(PINGXIANG, "2019-07-04T12:45:00Z", 0, 900, 1200));
    assertThat(readings).filteredOn(r -> r.trips() == 0).hasSize(2);
    assertThat(readings)
        .allSatisfy(
            r -> {
              assertThat(r.windowEndMillis() % slot).isZero();
              assertThat(r.windowEndMillis() - r.windowStartMillis()).isEqualTo(96 * slot);
              assertThat(r.band()).isEqualTo(UtilisationBand.NORMAL);
            });
  }

  @Test
  void capacityFromTheCatalogueAndFromControlRecords() {
    // Boten: 250-350 in the catalogue
    send(departed(BOTEN, CrossingDirection.EXPORT, "2019-07-01T00:01:00Z"));
    send(departed(BOTEN, CrossingDirection.EXPORT, "2019-07-01T00:02:00Z"));
    // effective in the future: applies to readings from 01:00 on
    send(ControlRecord.capacity("ctl-future", BOTEN, 1, 2, at("2019-07-01T01:00:00Z")));
    // the watermark passes 02:00 (newest 02:10 - 5 min - 1 ms = 02:04:59.999)
    send(
        crossing(
            BOTEN, CrossingStage.ARRIVED, CrossingDirection.IMPORT, true, "2019-07-01T02:10:00Z"));
    // effective in the past: readings already out keep their figures; the first reading still to
    // come is the one ending 02:15
    send(ControlRecord.capacity("ctl-past", BOTEN, 300, 400, at("2019-07-01T00:00:00Z")));

    List<PortUtilisation> readings = answers.utilisationReadings();
    assertThat(readings).hasSize(97);
    assertThat(readings.get(0)).isEqualTo(reading(BOTEN, "2019-07-01T00:15:00Z", 2, 250, 350));
    assertThat(readings.get(2)).isEqualTo(reading(BOTEN, "2019-07-01T00:45:00Z", 2, 250, 350));
    assertThat(readings.get(3)).isEqualTo(reading(BOTEN, "2019-07-01T01:00:00Z", 2, 1, 2));
    // 2 trips against the new maximum of 2: exactly 1.00, the top of BUSY
    assertThat(readings.get(3).band()).isEqualTo(UtilisationBand.BUSY);
    assertThat(readings.get(7)).isEqualTo(reading(BOTEN, "2019-07-01T02:00:00Z", 2, 1, 2));
    assertThat(readings.get(8)).isEqualTo(reading(BOTEN, "2019-07-01T02:15:00Z", 2, 300, 400));
    assertThat(readings.get(96)).isEqualTo(reading(BOTEN, "2019-07-02T00:15:00Z", 0, 300, 400));
  }

  @Test
  void lateIsJudgedAgainstNewestAcceptedMinusOutOfOrdernessMinusOneMilli() {
    // a stream under way: the watermark follows event time once records span a slot
    // (EventTimeFrontier), here from the next record on
    send(
        crossing(
            PINGXIANG,
            CrossingStage.ARRIVED,
            CrossingDirection.EXPORT,
            true,
            "2019-07-01T08:04:59.999Z"));
    // newest 08:19:59.999: watermark 08:14:59.998, the slot ending 08:15 is not out yet
    send(
        crossing(
            PINGXIANG,
            CrossingStage.ARRIVED,
            CrossingDirection.EXPORT,
            true,
            "2019-07-01T08:19:59.999Z"));
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:14:59.999Z"));
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, 0L);
    // newest 08:20: watermark 08:14:59.999 = slot end - 1, so that slot is out
    send(
        crossing(
            PINGXIANG,
            CrossingStage.ARRIVED,
            CrossingDirection.EXPORT,
            true,
            "2019-07-01T08:20:00Z"));
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:14:59.999Z"));
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, 1L);
    // the next slot is still open
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:15:00Z"));
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, 1L);
    assertThat(answers.counted()).isEqualTo(5);
    assertThat(answers.utilisationReadings().get(0))
        .isEqualTo(reading(PINGXIANG, "2019-07-01T08:15:00Z", 1, 800, 1000));
  }

  /**
   * Crossings and shipments that give both topics a watermark: 07:25, as the records span 30 min.
   */
  private void streamsUnderWay() {
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T07:00:00Z"));
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T07:30:00Z"));
    send(
        departedShipment(
            "ILSTC-ROAD-WESTERN", ShipmentDirection.OUTBOUND, true, "2019-07-01T07:00:00Z"));
    send(
        departedShipment(
            "ILSTC-ROAD-WESTERN", ShipmentDirection.OUTBOUND, true, "2019-07-01T07:30:00Z"));
  }

  @Test
  void aCopyBeforeAnyWatermarkIsStillADuplicate() {
    BorderCrossing first = departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:05:00Z");
    send(first);
    send(first);

    assertThat(answers.duplicates()).isEqualTo(1);
    assertThat(answers.counted()).isEqualTo(1);
  }

  @Test
  void aLateCopyOfAnAcceptedRecordIsLateNotADuplicate() {
    streamsUnderWay();
    BorderCrossing first = departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:05:00Z");
    send(first);
    // newest 08:21: watermark 08:15:59.999, so the slot ending 08:15 is out
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:21:00Z"));
    send(first);

    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, 1L);
    assertThat(answers.duplicates()).isZero();
  }

  @Test
  void eventIdsAreScopedToTheirTopic() {
    streamsUnderWay();
    send(
        departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:05:00Z")
            .withEventIdAndTime("shared-1", at("2019-07-01T08:05:00Z")));
    send(
        departedShipment(
                "ILSTC-ROAD-WESTERN", ShipmentDirection.OUTBOUND, true, "2019-07-01T08:06:00Z")
            .withEventIdAndTime("shared-1", at("2019-07-01T08:06:00Z")));

    assertThat(answers.duplicates()).isZero();
    assertThat(answers.counted()).isEqualTo(6);
  }

  @Test
  void aShipmentIsLateOnceItsHourIsOutByTheShipmentsOwnWatermark() {
    String line = "ILSTC-ROAD-WESTERN";
    send(departedShipment(line, ShipmentDirection.OUTBOUND, true, "2019-07-01T08:10:00Z"));
    // newest shipment 08:40: the shipments' watermark is 08:34:59.999
    send(departedShipment(line, ShipmentDirection.OUTBOUND, true, "2019-07-01T08:40:00Z"));
    // crossings hours ahead move the crossings' watermark, not the shipments'
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T08:00:00Z"));
    send(departed(PINGXIANG, CrossingDirection.EXPORT, "2019-07-01T12:00:00Z"));
    // its slot is out but its hour, the balances' period, is not: counted
    send(departedShipment(line, ShipmentDirection.OUTBOUND, true, "2019-07-01T08:12:00Z"));
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, 0L);

    // newest shipment 09:10: watermark 09:04:59.999, the hour ending 09:00 is out
    send(departedShipment(line, ShipmentDirection.OUTBOUND, true, "2019-07-01T09:10:00Z"));
    send(departedShipment(line, ShipmentDirection.OUTBOUND, true, "2019-07-01T08:50:00Z"));
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, 1L);
    assertThat(answers.counted()).isEqualTo(6);
  }

  @Test
  void finalBalancesPerLineCorridorAndPortInBothScopes() {
    sendMainStream();
    BalanceScope all = BalanceScope.CUMULATIVE;
    BalanceScope rolling = BalanceScope.ROLLING_30D;
    assertThat(answers.finalBalances())
        .containsExactlyInAnyOrder(
            balance(BalanceLevel.LINE, "ILSTC-ROAD-EASTERN", all, 1, 1, 0),
            balance(BalanceLevel.LINE, "ILSTC-ROAD-EASTERN", rolling, 0, 1, 0),
            balance(BalanceLevel.LINE, "ILSTC-ROAD-WESTERN", all, 2, 0, 0),
            balance(BalanceLevel.LINE, "ILSTC-ROAD-WESTERN", rolling, 1, 0, 0),
            balance(BalanceLevel.LINE, "ILSTC-ROAD-MIDDLE", all, 0, 1, 1),
            balance(BalanceLevel.LINE, "ILSTC-ROAD-MIDDLE", rolling, 0, 1, 1),
            balance(BalanceLevel.LINE, "ILSTC-RAIL-EASTERN", all, 1, 0, 0),
            balance(BalanceLevel.LINE, "ILSTC-RAIL-EASTERN", rolling, 1, 0, 0),
            // ILSTC-ROAD sums its lines: Eastern, Western and Middle
            balance(BalanceLevel.CORRIDOR, "ILSTC-ROAD", all, 3, 2, 1),
            balance(BalanceLevel.CORRIDOR, "ILSTC-ROAD", rolling, 1, 2, 1),
            balance(BalanceLevel.CORRIDOR, "ILSTC-RAIL", all, 1, 0, 0),
            balance(BalanceLevel.CORRIDOR, "ILSTC-RAIL", rolling, 1, 0, 0),
            // EXPORT 08:05 (once, not its duplicate, not the late 08:10); IMPORT 08:15 empty and
            // 3 July 12:40 laden
            balance(BalanceLevel.PORT, PINGXIANG, all, 1, 2, 1),
            balance(BalanceLevel.PORT, PINGXIANG, rolling, 1, 2, 1));
  }
}
