package org.corridorwatch.generators.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.kafka.InputTopics;

/**
 * Builds records that a correct job must dead-letter, one contract reason after another, each from
 * a realistic event so it looks like a producer's mistake rather than noise. The reason each record
 * is built for is kept with it, and a test checks the codec gives that reason.
 */
final class Malformations {
  /** The reasons the parser decides, in the order they are injected. LATE is made elsewhere. */
  private static final RejectReason[] ROTATION = {
    RejectReason.MALFORMED_JSON,
    RejectReason.MISSING_FIELD,
    RejectReason.INVALID_VALUE,
    RejectReason.UNKNOWN_PORT,
    RejectReason.UNKNOWN_LINE
  };

  static final String UNKNOWN_PORT_ID = "XX-NOWHERE";
  static final String UNKNOWN_LINE_ID = "ILSTC-ROAD-NOWHERE";

  private static final String[] CROSSING_REQUIRED = {
    "eventId", "portId", "vehicleId", "stage", "direction", "eventTime"
  };
  private static final String[] SHIPMENT_REQUIRED = {
    "eventId", "shipmentId", "lineId", "direction", "status", "eventTime"
  };

  private final CorridorCodec codec;
  private final InputTopics topics;
  private final SplittableRandom random;
  private int next;
  private int made;

  /**
   * The latest clean records, which malformed ones are dressed like; until each is seen, a
   * plausible stand-in. Only their event id and time are replaced.
   */
  private BorderCrossing crossingTemplate =
      new BorderCrossing(
          "template",
          "CN-PINGXIANG",
          "BAD-000001",
          CrossingStage.ARRIVED,
          CrossingDirection.EXPORT,
          VehicleType.TRUCK,
          true,
          0L);

  private Shipment shipmentTemplate =
      new Shipment(
          "template",
          "BAD-SH-1",
          "ILSTC-ROAD-MIDDLE",
          ShipmentDirection.OUTBOUND,
          ShipmentStatus.DEPARTED,
          true,
          null,
          null,
          null,
          0L);

  Malformations(CorridorCodec codec, InputTopics topics, SplittableRandom random) {
    this.codec = codec;
    this.topics = topics;
    this.random = random;
  }

  /** Remembers the latest clean records. */
  void observe(InputRecord record) {
    if (record instanceof BorderCrossing c) {
      crossingTemplate = c;
    } else if (record instanceof Shipment s) {
      shipmentTemplate = s;
    }
  }

  /** The next malformed record, mimicking traffic at {@code eventTime}. */
  Delivery next(long eventTime) {
    RejectReason reason = ROTATION[next];
    next = (next + 1) % ROTATION.length;
    String badId = "bad-" + made++;
    return switch (reason) {
      case MALFORMED_JSON -> malformedJson(badId, eventTime);
      case MISSING_FIELD -> missingField(badId, eventTime);
      case INVALID_VALUE -> invalidValue(badId, eventTime);
      case UNKNOWN_PORT -> {
        BorderCrossing unknown = crossing(badId, eventTime).withPortId(UNKNOWN_PORT_ID);
        yield delivery(topics.crossings(), unknown, codec.write(unknown), reason);
      }
      case UNKNOWN_LINE -> {
        Shipment unknown = shipment(badId, eventTime).withLineId(UNKNOWN_LINE_ID);
        yield delivery(topics.shipments(), unknown, codec.write(unknown), reason);
      }
      default -> throw new IllegalStateException("not a parser reason: " + reason);
    };
  }

  private Delivery malformedJson(String badId, long eventTime) {
    BorderCrossing c = crossing(badId, eventTime);
    byte[] json = codec.write(c);
    byte[] value;
    switch (random.nextInt(4)) {
      case 0 -> { // cut off mid-record, as a crashed producer leaves it
        value = Arrays.copyOf(json, 1 + random.nextInt(json.length - 2));
      }
      case 1 -> { // bytes that are not UTF-8 inside an otherwise fine record
        value = json.clone();
        int at = indexOf(value, badId.getBytes(StandardCharsets.UTF_8));
        value[at] = (byte) 0xC3;
        value[at + 1] = (byte) 0x28;
      }
      case 2 -> value = "<crossing port=\"CN-PINGXIANG\"/>".getBytes(StandardCharsets.UTF_8);
      default -> { // binary noise that cannot start a JSON object
        value = new byte[1 + random.nextInt(64)];
        random.nextBytes(value);
        value[0] = (byte) 0xFF;
      }
    }
    return delivery(topics.crossings(), c, value, RejectReason.MALFORMED_JSON);
  }

  private Delivery missingField(String badId, long eventTime) {
    if (random.nextBoolean()) {
      BorderCrossing c = crossing(badId, eventTime);
      String field = CROSSING_REQUIRED[random.nextInt(CROSSING_REQUIRED.length)];
      return delivery(
          topics.crossings(), c, withoutField(codec.write(c), field), RejectReason.MISSING_FIELD);
    }
    Shipment s = shipment(badId, eventTime);
    String field = SHIPMENT_REQUIRED[random.nextInt(SHIPMENT_REQUIRED.length)];
    return delivery(
        topics.shipments(), s, withoutField(codec.write(s), field), RejectReason.MISSING_FIELD);
  }

  private Delivery invalidValue(String badId, long eventTime) {
    BorderCrossing c = crossing(badId, eventTime);
    String json = new String(codec.write(c), StandardCharsets.UTF_8);
    String bad =
        switch (random.nextInt(5)) {
          case 0 -> json.replace("\"stage\":\"" + c.stage() + "\"", "\"stage\":\"TELEPORTED\"");
          case 1 -> replaceField(json, "eventTime", String.valueOf(c.eventTimeMillis()));
          case 2 -> replaceField(json, "eventTime", "\"2099-01-01T00:00:00Z\"");
          case 3 -> replaceField(json, "laden", "\"yes\"");
          default -> replaceField(json, "vehicleId", "\"\"");
        };
    return delivery(
        topics.crossings(), c, bad.getBytes(StandardCharsets.UTF_8), RejectReason.INVALID_VALUE);
  }

  private static Delivery delivery(
      String topic, InputRecord mimics, byte[] value, RejectReason reason) {
    return new Delivery(
        topic,
        Delivery.keyBytes(mimics),
        value,
        mimics.eventTimeMillis(),
        Delivery.Kind.MALFORMED,
        mimics,
        reason);
  }

  private BorderCrossing crossing(String eventId, long eventTime) {
    return crossingTemplate.withEventIdAndTime(eventId, eventTime);
  }

  private Shipment shipment(String eventId, long eventTime) {
    return shipmentTemplate.withEventIdAndTime(eventId, eventTime);
  }

  /** Our own writer's output has one string or literal per field, so a pattern is exact. */
  private static String fieldPattern(String field) {
    return "\"" + field + "\":(\"[^\"]*\"|[^,}]*)";
  }

  private static byte[] withoutField(byte[] json, String field) {
    String text = new String(json, StandardCharsets.UTF_8);
    return text.replaceFirst("," + fieldPattern(field), "").getBytes(StandardCharsets.UTF_8);
  }

  private static String replaceField(String json, String field, String jsonValue) {
    return json.replaceFirst(fieldPattern(field), "\"" + field + "\":" + jsonValue);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("template lacks its own event id");
  }
}
