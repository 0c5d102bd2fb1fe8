package org.corridorwatch.drills;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.kafka.InputTopics;

/**
 * Hostile input records, deterministic for a seed, each with the dead-letter reason the job will
 * give it. The reason is not guessed from how a record was built: the job's own codec ({@link
 * CorridorCodec}, which the job's ingest calls) classifies every record, so there is one
 * implementation of the rules. The one reason the codec cannot decide is {@code LATE}: a record the
 * codec accepts is only sent when it is stamped in 1970, far behind any clean traffic, and then
 * counts as LATE; any other accepted record is thrown away and built again, because it would change
 * the clean replay's figures.
 */
public final class HostileRecords {
  /** What is wrong with a record. */
  public enum Hostility {
    RANDOM_BYTES,
    TRUNCATED_JSON,
    DEEP_NESTING,
    WRONG_TYPE,
    HUGE_FIELD,
    NAN,
    NEGATIVE_NUMBER,
    HUGE_NUMBER,
    TIME_1970,
    TIME_2099,
    UNKNOWN_ID,
    INVALID_UTF8,
    EMPTY_VALUE,
    NULL_VALUE
  }

  /** The deepest nesting sent; one deep record in {@link #DEEPEST_EVERY} goes this deep. */
  static final int DEEPEST = 100_000;

  static final int DEEPEST_EVERY = 200;

  /** Anything stamped before this is far behind every clean replay, so LATE once one is read. */
  static final long LATE_BAIT_BEFORE = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

  private static final long CLEAN_TIME = Instant.parse("2019-07-03T10:00:00Z").toEpochMilli();
  private static final long TIME_1970 = 0L;
  private static final String TIME_2099 = "\"2099-12-31T23:59:59Z\"";

  /**
   * One record to send.
   *
   * @param topic the input topic
   * @param kind what the topic carries
   * @param key the key: null, empty, an id or random bytes
   * @param value the value: null for a tombstone
   * @param hostility how it was built
   * @param reason the dead-letter reason the job gives it
   */
  public record HostileRecord(
      String topic,
      InputRecord.Kind kind,
      byte[] key,
      byte[] value,
      Hostility hostility,
      RejectReason reason) {}

  private final InputTopics topics;
  private final CorridorCodec codec;
  private final CorridorCodec writer = CorridorCodec.forOutputs();
  private final SplittableRandom random;
  private final int hugeFieldBytes;
  private final long hugeEvery;
  private long made;
  private long deep;
  private long discarded;

  /**
   * @param topics the input topics
   * @param codec the job's codec, with the catalogue's ids and the wall clock
   * @param seed the same seed gives the same records
   * @param records how many records will be asked for, to spread the huge ones
   * @param hugeRecords how many carry a field of {@code hugeFieldBytes}
   * @param hugeFieldBytes size of the huge field
   */
  public HostileRecords(
      InputTopics topics,
      CorridorCodec codec,
      long seed,
      long records,
      int hugeRecords,
      int hugeFieldBytes) {
    this.topics = topics;
    this.codec = codec;
    this.random = new SplittableRandom(seed);
    this.hugeFieldBytes = hugeFieldBytes;
    this.hugeEvery = hugeRecords <= 0 ? Long.MAX_VALUE : Math.max(1, records / (hugeRecords + 1));
  }

  /** Records built and thrown away because the codec accepted them (see the class comment). */
  public long discarded() {
    return discarded;
  }

  /** The next record; topics take turns, so every input topic gets a third. */
  public HostileRecord next() {
    long index = made++;
    InputRecord.Kind kind = InputRecord.Kind.values()[(int) (index % 3)];
    boolean huge = index > 0 && index % hugeEvery == 0;
    while (true) {
      Hostility hostility =
          huge ? Hostility.HUGE_FIELD : pickOrdinary(Hostility.values()[random.nextInt(14)]);
      byte[] value = value(kind, hostility, index);
      Decoded<? extends InputRecord> decoded = decode(kind, value);
      RejectReason reason;
      if (!decoded.accepted()) {
        reason = decoded.reason();
      } else if (kind != InputRecord.Kind.CONTROL
          && decoded.value().eventTimeMillis() < LATE_BAIT_BEFORE) {
        reason = RejectReason.LATE;
      } else {
        discarded++; // would be counted: it must not reach the job
        continue;
      }
      return new HostileRecord(topicOf(kind), kind, key(kind), value, hostility, reason);
    }
  }

  private static Hostility pickOrdinary(Hostility h) {
    // huge fields are placed, not drawn: each costs ten megabytes on every hop
    return h == Hostility.HUGE_FIELD ? Hostility.WRONG_TYPE : h;
  }

  private String topicOf(InputRecord.Kind kind) {
    return switch (kind) {
      case BORDER_CROSSING -> topics.crossings();
      case SHIPMENT -> topics.shipments();
      case CONTROL -> topics.control();
    };
  }

  private Decoded<? extends InputRecord> decode(InputRecord.Kind kind, byte[] value) {
    return switch (kind) {
      case BORDER_CROSSING -> codec.readBorderCrossing(value);
      case SHIPMENT -> codec.readShipment(value);
      case CONTROL -> codec.readControl(value);
    };
  }

  private byte[] key(InputRecord.Kind kind) {
    return switch (random.nextInt(4)) {
      case 0 -> null;
      case 1 -> new byte[0];
      case 2 ->
          (kind == InputRecord.Kind.SHIPMENT ? "ILSTC-ROAD-MIDDLE" : "CN-PINGXIANG")
              .getBytes(StandardCharsets.UTF_8);
      default -> randomBytes(1 + random.nextInt(32));
    };
  }

  // ------------------------------------------------------------------ values

  private byte[] value(InputRecord.Kind kind, Hostility hostility, long index) {
    String eventId = "fuzz-" + index;
    String json = template(kind, eventId, CLEAN_TIME);
    return switch (hostility) {
      case RANDOM_BYTES -> randomBytes(1 + random.nextInt(256));
      case TRUNCATED_JSON -> {
        byte[] whole = utf8(json);
        yield Arrays.copyOf(whole, 1 + random.nextInt(whole.length - 1));
      }
      case DEEP_NESTING -> utf8(nested(json));
      case WRONG_TYPE -> utf8(replace(json, anyField(kind), wrongType()));
      case HUGE_FIELD ->
          utf8(replace(json, idField(kind), "\"ZZ-" + "A".repeat(hugeFieldBytes) + "\""));
      case NAN ->
          utf8(replace(json, numberField(kind), random.nextBoolean() ? "NaN" : "-Infinity"));
      case NEGATIVE_NUMBER ->
          utf8(replace(json, numberField(kind), "-" + (1 + random.nextInt(1_000_000))));
      case HUGE_NUMBER ->
          utf8(
              replace(
                  json,
                  numberField(kind),
                  switch (random.nextInt(3)) {
                    case 0 -> "1e400";
                    case 1 -> "123456789012345678901234567890";
                    default -> String.valueOf(Long.MAX_VALUE);
                  }));
      case TIME_1970 ->
          utf8(template(kind, "fuzz-late-" + index, TIME_1970 + random.nextInt(86_400_000)));
      case TIME_2099 -> utf8(replace(json, timeField(kind), TIME_2099));
      case UNKNOWN_ID ->
          utf8(replace(json, idField(kind), "\"ZZ-UNKNOWN-" + random.nextInt(1000) + "\""));
      case INVALID_UTF8 -> invalidUtf8(utf8(json));
      case EMPTY_VALUE -> new byte[0];
      case NULL_VALUE -> null;
    };
  }

  private String template(InputRecord.Kind kind, String eventId, long time) {
    InputRecord record =
        switch (kind) {
          case BORDER_CROSSING ->
              new BorderCrossing(
                  eventId,
                  "CN-PINGXIANG",
                  "FZ-" + random.nextInt(1000),
                  CrossingStage.DEPARTED,
                  CrossingDirection.EXPORT,
                  VehicleType.TRUCK,
                  true,
                  time);
          case SHIPMENT ->
              new Shipment(
                  eventId,
                  "SH-FZ-" + random.nextInt(1000),
                  "ILSTC-ROAD-MIDDLE",
                  ShipmentDirection.OUTBOUND,
                  ShipmentStatus.DEPARTED,
                  true,
                  1.0,
                  25_000.0,
                  "ELECTRONICS",
                  time);
          case CONTROL -> ControlRecord.capacity(eventId, "CN-PINGXIANG", 800, 1000, time);
        };
    return new String(writer.write(record), StandardCharsets.UTF_8);
  }

  private String nested(String json) {
    int depth =
        deep++ % DEEPEST_EVERY == 0
            ? DEEPEST
            : CorridorCodec.MAX_NESTING_DEPTH + 1 + random.nextInt(2_000);
    StringBuilder b = new StringBuilder(depth * 6 + json.length());
    boolean arrays = random.nextBoolean();
    String open = arrays ? "[" : "{\"n\":";
    String close = arrays ? "]" : "}";
    // inside a field the job ignores, so only the depth can be the fault
    b.append(json, 0, json.length() - 1).append(",\"extra\":");
    b.append(open.repeat(depth)).append('1').append(close.repeat(depth));
    return b.append('}').toString();
  }

  private String wrongType() {
    return switch (random.nextInt(7)) {
      case 0 -> "42";
      case 1 -> "true";
      case 2 -> "null";
      case 3 -> "[]";
      case 4 -> "{\"value\":1}";
      case 5 -> "[\"CN-PINGXIANG\"]";
      default -> "\"not-a-" + random.nextInt(100) + "\"";
    };
  }

  private String anyField(InputRecord.Kind kind) {
    String[] fields =
        switch (kind) {
          case BORDER_CROSSING ->
              new String[] {
                "eventId",
                "portId",
                "vehicleId",
                "stage",
                "direction",
                "vehicleType",
                "laden",
                "eventTime"
              };
          case SHIPMENT ->
              new String[] {
                "eventId",
                "shipmentId",
                "lineId",
                "direction",
                "status",
                "laden",
                "teu",
                "valueUsd",
                "cargo",
                "eventTime"
              };
          case CONTROL ->
              new String[] {
                "eventId",
                "type",
                "portId",
                "designedTripsPerDayMin",
                "designedTripsPerDayMax",
                "effectiveFrom"
              };
        };
    return fields[random.nextInt(fields.length)];
  }

  private String numberField(InputRecord.Kind kind) {
    return switch (kind) {
      // a crossing has no number: a number where the time or a flag belongs
      case BORDER_CROSSING -> random.nextBoolean() ? "eventTime" : "laden";
      case SHIPMENT -> random.nextBoolean() ? "teu" : "valueUsd";
      case CONTROL -> random.nextBoolean() ? "designedTripsPerDayMin" : "designedTripsPerDayMax";
    };
  }

  private static String idField(InputRecord.Kind kind) {
    return kind == InputRecord.Kind.SHIPMENT ? "lineId" : "portId";
  }

  private static String timeField(InputRecord.Kind kind) {
    return kind == InputRecord.Kind.CONTROL ? "effectiveFrom" : "eventTime";
  }

  private byte[] invalidUtf8(byte[] json) {
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
    byte[] insert = bad[random.nextInt(bad.length)];
    int at = 2 + random.nextInt(json.length - 4); // past the opening brace and quote
    byte[] out = new byte[json.length + insert.length];
    System.arraycopy(json, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(json, at, out, at + insert.length, json.length - at);
    return out;
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * Replaces one field's value. The templates come from the codec's own writer, one string or
   * literal per field, so the pattern is exact; a field the template lacks is added.
   */
  private static String replace(String json, String field, String rawValue) {
    String pattern = "\"" + field + "\":(\"[^\"]*\"|[^,}]*)";
    String replaced =
        json.replaceFirst(
            pattern, java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + rawValue));
    return replaced.equals(json)
        ? json.substring(0, json.length() - 1) + ",\"" + field + "\":" + rawValue + "}"
        : replaced;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
