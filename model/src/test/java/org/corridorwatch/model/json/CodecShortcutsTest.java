package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ContractSamples;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.TradeBalance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec's fast paths (the plain-object scanner, the first Jackson pass without Jackson's
 * duplicate check, the hand-parsed common time form) reach the same verdict as the strict path
 * alone, Jackson with duplicate detection and {@code java.time}, on every input: accepted with an
 * equal record, or rejected with the same reason and the same detail.
 */
class CodecShortcutsTest {
  private static final long NOW = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
  private static final KnownIds IDS =
      new KnownIds(
          Set.of("CN-PINGXIANG", "LA-BOTEN", "VN-LAOCAI"),
          Set.of("ILSTC-ROAD-MIDDLE", "ILSTC-ROAD-WESTERN"));

  private final CorridorCodec fast = new CorridorCodec(IDS, () -> NOW, true);
  private final CorridorCodec strict = new CorridorCodec(IDS, () -> NOW, false);

  private static final String CROSSING =
      "{\"schema\":\"border-crossing/1\",\"eventId\":\"c-1\",\"portId\":\"CN-PINGXIANG\","
          + "\"vehicleId\":\"GX-A1234\",\"stage\":\"DEPARTED\",\"direction\":\"EXPORT\","
          + "\"vehicleType\":\"TRUCK\",\"laden\":true,\"eventTime\":\"2019-07-01T08:15:00Z\"}";

  private static final String SHIPMENT =
      "{\"schema\":\"shipment/1\",\"eventId\":\"s-1\",\"shipmentId\":\"SH-1\","
          + "\"lineId\":\"ILSTC-ROAD-MIDDLE\",\"direction\":\"OUTBOUND\",\"status\":\"DEPARTED\","
          + "\"laden\":true,\"teu\":2.0,\"valueUsd\":48500.5,\"cargo\":\"ELECTRONICS\","
          + "\"eventTime\":\"2019-03-02T10:00:00Z\"}";

  private static String crossingWith(String field, String json) {
    String changed =
        CROSSING.replaceFirst(
            "\"" + field + "\":(\"[^\"]*\"|true|false)", "\"" + field + "\":" + json);
    assertThat(changed).isNotEqualTo(CROSSING);
    return changed;
  }

  private static String time(String text) {
    return crossingWith("eventTime", "\"" + text + "\"");
  }

  static Stream<String> crossings() {
    return Stream.of(
        CROSSING,
        // times: the common form, other valid forms, and refused ones
        time("2019-07-01T08:15:00.250Z"),
        time("2019-07-01T08:15:00.123456789Z"),
        time("2019-07-01T15:15:00.250+07:00"),
        time("2019-07-01T08:15:00+00:00"),
        time("2019-07-01T08:15:00-03"),
        time("2019-07-01T08:15Z"),
        time("2019-07-01t08:15:00Z"),
        time("2019-07-01T08:15:00z"),
        time("2020-02-29T00:00:00Z"),
        time("2019-02-29T00:00:00Z"),
        time("2019-02-30T00:00:00Z"),
        time("2019-04-31T00:00:00Z"),
        time("2019-07-01T24:00:00Z"),
        time("2019-07-01T23:59:60Z"),
        time("2019-07-01T08:15:00"),
        time("2019-07-01T08:15:00.Z"),
        time("2019-07-01T08:15:00.1234567891Z"),
        time("2019-07-01T08:15:00+0700"),
        time("2019-07-01T08:15:00Z[UTC]"),
        time("2019-07-01 08:15:00Z"),
        time("+999999999-12-31T23:59:59Z"),
        time("2026-11-23T10:00:00Z"), // exactly one day ahead of the clock
        time("2026-11-23T10:00:00.001Z"),
        time("9999-12-31T23:59:59.999Z"),
        crossingWith("eventTime", "1561968900000"),
        crossingWith("eventTime", "null"),
        // enums, ids, schema
        crossingWith("stage", "\"departed\""),
        crossingWith("stage", "\"GONE\""),
        crossingWith("stage", "\"DEPARTED \""),
        crossingWith("stage", "\"\""),
        crossingWith("stage", "5"),
        crossingWith("stage", "true"),
        crossingWith("vehicleType", "null"),
        crossingWith("portId", "\"VN-HANOI\""),
        crossingWith("portId", "\"cn-pingxiang\""),
        crossingWith("portId", "\"CN-PINGXIANG \""),
        crossingWith("portId", "\"LA-BOTEN\""),
        crossingWith("portId", "\"  \""),
        crossingWith("portId", "null"),
        crossingWith("eventId", "\"\""),
        crossingWith("eventId", "\" \""),
        crossingWith("schema", "\"border-crossing/1.4\""),
        crossingWith("schema", "\"border-crossing/1.\""),
        crossingWith("schema", "\"border-crossing/2\""),
        crossingWith("schema", "\"shipment/1\""),
        crossingWith("schema", "null"),
        crossingWith("schema", "1"),
        crossingWith("laden", "\"yes\""),
        crossingWith("laden", "null"),
        crossingWith("laden", "false"),
        // JSON the scanner leaves to Jackson
        crossingWith("stage", "\"DÉPARTED\""),
        crossingWith("portId", "\"CN-PİNGXIANG\""),
        crossingWith("schema", "\"border-crossing/１\""),
        time("２０１９-07-01T08:15:00Z"),
        crossingWith("stage", "\"DEP\\u0041RTED\""),
        crossingWith("portId", "\"CN-PINGXI\\u0041NG\""),
        time("2019-07-01T08:15:00\\u005A"),
        CROSSING.replace("\"c-1\"", "\"c-\\u0031\""),
        CROSSING.replace("\"eventId\"", "\"event\\u0049d\""),
        CROSSING.replace("GX-A1234", "桂A1234"),
        CROSSING.replace("GX-A1234", "GX\tA1234"),
        CROSSING.replace("}", ",\"note\":{\"a\":1,\"a\":2}}"),
        CROSSING.replace("}", ",\"note\":[1,{\"x\":null},\"y\"]}"),
        CROSSING.replace("}", ",\"weight\":12.5}"),
        CROSSING.replace("}", ",\"weight\":1e400}"),
        CROSSING.replace("}", ",\"weight\":01}"),
        CROSSING.replace("}", ",\"stage\":\"ARRIVED\"}"),
        CROSSING.replace("}", ",\"note\":\"a\",\"note\":\"b\"}"),
        CROSSING.replace("{\"schema", "{\"eventId\":\"dup\",\"schema"),
        CROSSING.replace(",", " ,\n\t"),
        CROSSING.replace(":", " : "),
        "\uFEFF" + CROSSING,
        " \r\n" + CROSSING + " \n",
        CROSSING + " {}",
        CROSSING + "}",
        CROSSING + "x",
        CROSSING.replace("}", ",}"),
        CROSSING.replace("true", "truex"),
        CROSSING.replace("true", "True"),
        CROSSING.replace("true", "NaN"),
        CROSSING.substring(0, 40),
        CROSSING.substring(0, CROSSING.length() - 1),
        "{\"stage\":\"GONE\",\"x\":[" + "[".repeat(100) + "]".repeat(100) + "]}",
        "{}",
        "{\"eventId\":\"c-1\"}",
        "[]",
        "null",
        "",
        "   ",
        "{not json");
  }

  @ParameterizedTest
  @MethodSource("crossings")
  void crossingsGetTheStrictVerdict(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThat(fast.readBorderCrossing(bytes)).as(json).isEqualTo(strict.readBorderCrossing(bytes));
  }

  @Test
  void theFastPathsReadValidRecordsToo() {
    // guards the comparisons above against a fast codec that gives up on everything
    PlainObjectScanner scanner = new PlainObjectScanner();
    scanner.begin(CROSSING.getBytes(StandardCharsets.UTF_8));
    int members = 0;
    int step;
    while ((step = scanner.next()) == PlainObjectScanner.MEMBER) {
      members++;
    }
    assertThat(step).isEqualTo(PlainObjectScanner.END);
    assertThat(members).isEqualTo(9);
    assertThat(fast.readBorderCrossing(CROSSING.getBytes(StandardCharsets.UTF_8)).accepted())
        .isTrue();
  }

  @Test
  void invalidUtf8KeepsItsDetail() {
    byte[] bytes = CROSSING.getBytes(StandardCharsets.UTF_8);
    bytes[30] = (byte) 0xFF;
    byte[] inString = CROSSING.replace("GX-A1234", "GX-A12é4").getBytes(StandardCharsets.UTF_8);
    inString[CROSSING.indexOf("GX-A12") + 7] = (byte) 0xC3; // é's second byte made a lead byte

    for (byte[] value : List.of(bytes, inString)) {
      Decoded<BorderCrossing> read = fast.readBorderCrossing(value);
      assertThat(read).isEqualTo(strict.readBorderCrossing(value));
      assertThat(read.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
      assertThat(read.detail()).startsWith("record value is not valid UTF-8 (byte 0x");
    }
    assertThat(fast.readBorderCrossing(bytes).detail()).contains("0xFF at offset 30");
  }

  /** Every sample of every contract type, written by the codec and read back by both. */
  @Test
  void everyContractSampleGetsTheStrictVerdict() {
    int compared = 0;
    for (Object sample : ContractSamples.all()) {
      byte[] bytes = ContractSamples.encode(fast, sample);
      assertThat(read(fast, sample, bytes))
          .as(sample.toString())
          .isEqualTo(read(strict, sample, bytes));
      assertThat(read(fast, sample, bytes).accepted()).as(sample.toString()).isTrue();
      compared++;
    }
    assertThat(compared).isGreaterThan(10);
  }

  /**
   * Random edits of a crossing and a shipment: characters that matter to JSON and to the contract,
   * inserted, replaced or deleted. Most edits break the record in some way; each is compared.
   */
  @Test
  void randomEditsGetTheStrictVerdict() {
    SplittableRandom random = new SplittableRandom(20261122);
    String alphabet = "{}[]:,\"\\ \t\n0123456789.eE+-truefalsnTZz:xé凭\u0000";
    List<String> bases = List.of(CROSSING, SHIPMENT, time("2019-07-01T08:15:00.250Z"));
    int accepted = 0;
    for (int i = 0; i < 30_000; i++) {
      StringBuilder json = new StringBuilder(bases.get(random.nextInt(bases.size())));
      for (int edits = random.nextInt(1, 4); edits > 0; edits--) {
        int at = random.nextInt(json.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> json.insert(at, c);
          case 1 -> json.setCharAt(at, c);
          default -> json.deleteCharAt(at);
        }
      }
      byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(50) == 0) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(0x80, 0x100);
      }
      Decoded<BorderCrossing> crossing = fast.readBorderCrossing(bytes);
      assertThat(crossing)
          .as("crossing %s", HexFormat.of().formatHex(bytes))
          .isEqualTo(strict.readBorderCrossing(bytes));
      assertThat(fast.readShipment(bytes))
          .as("shipment %s", HexFormat.of().formatHex(bytes))
          .isEqualTo(strict.readShipment(bytes));
      if (crossing.accepted()) {
        accepted++;
      }
    }
    // edits inside values or unknown fields leave a good share of records valid
    assertThat(accepted).isGreaterThan(1_000);
  }

  /**
   * Every byte of a record replaced by, or preceded by, each byte that matters to the scanner, and
   * every byte deleted: at every offset, so every position within the scanner's eight-byte words is
   * covered, in names and in values.
   */
  @Test
  void everySingleByteEditGetsTheStrictVerdict() {
    byte[] probes = {
      0x00,
      0x09,
      0x0A,
      0x1F,
      ' ',
      '"',
      '\\',
      ',',
      ':',
      '{',
      '}',
      'a',
      '1',
      0x7F,
      (byte) 0x80,
      (byte) 0xC3,
      (byte) 0xFF
    };
    List<String> bases =
        List.of(
            CROSSING,
            SHIPMENT,
            CROSSING.replace("}", ",\"aNameOfSixteen!\":\"x\",\"fifteenLongName\":null}"));
    int compared = 0;
    for (String base : bases) {
      byte[] original = base.getBytes(StandardCharsets.UTF_8);
      for (int at = 0; at < original.length; at++) {
        List<byte[]> edits = new ArrayList<>();
        byte[] deleted = new byte[original.length - 1];
        System.arraycopy(original, 0, deleted, 0, at);
        System.arraycopy(original, at + 1, deleted, at, original.length - at - 1);
        edits.add(deleted);
        for (byte probe : probes) {
          byte[] replaced = original.clone();
          replaced[at] = probe;
          edits.add(replaced);
          byte[] inserted = new byte[original.length + 1];
          System.arraycopy(original, 0, inserted, 0, at);
          inserted[at] = probe;
          System.arraycopy(original, at, inserted, at + 1, original.length - at);
          edits.add(inserted);
        }
        for (byte[] bytes : edits) {
          assertThat(fast.readBorderCrossing(bytes))
              .as("crossing %s", new String(bytes, StandardCharsets.ISO_8859_1))
              .isEqualTo(strict.readBorderCrossing(bytes));
          assertThat(fast.readShipment(bytes))
              .as("shipment %s", new String(bytes, StandardCharsets.ISO_8859_1))
              .isEqualTo(strict.readShipment(bytes));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(20_000);
  }

  /** Reads {@code bytes} as the type of {@code record}. */
  private static Decoded<?> read(CorridorCodec codec, Object record, byte[] bytes) {
    BiFunction<CorridorCodec, byte[], Decoded<?>> reader;
    if (record instanceof BorderCrossing) {
      reader = CorridorCodec::readBorderCrossing;
    } else if (record instanceof Shipment) {
      reader = CorridorCodec::readShipment;
    } else if (record instanceof ControlRecord) {
      reader = CorridorCodec::readControl;
    } else if (record instanceof PortUtilisation) {
      reader = CorridorCodec::readPortUtilisation;
    } else if (record instanceof TradeBalance) {
      reader = CorridorCodec::readTradeBalance;
    } else if (record instanceof Alert) {
      reader = CorridorCodec::readAlert;
    } else if (record instanceof PortWaits) {
      reader = CorridorCodec::readPortWaits;
    } else if (record instanceof DeadLetter) {
      reader = CorridorCodec::readDeadLetter;
    } else {
      throw new IllegalArgumentException(record.getClass().getName());
    }
    return reader.apply(codec, bytes);
  }
}
