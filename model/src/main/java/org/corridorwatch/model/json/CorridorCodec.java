package org.corridorwatch.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.LongSupplier;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.TradeBalance;

/**
 * The one JSON codec of wire contract v1: a strict reader for every record type and a writer that
 * produces the contract's exact field names and rounding.
 *
 * <p>Reading never throws on bad bytes. It returns a {@link Decoded} that holds either the record
 * or the contract's reject reason with a short detail that names the field. When a record has
 * several faults the most serious wins, in {@link RejectReason} order. Unknown fields are ignored.
 *
 * <p>Reading takes the cheapest way that reaches the strict verdict. A record in the plain form (a
 * flat object of ASCII strings, booleans and nulls, as every crossing is) is read without Jackson
 * by {@link PlainObjectScanner}. Anything else is read by Jackson without its duplicate-key check,
 * the codec checking the top-level names itself, and only a record that pass cannot vouch for
 * (nested values, a repeated name, broken JSON) by the strict parser alone. Times in the common UTC
 * form are read by {@link UtcTimeFastPath}, others by {@code java.time}. Each shortcut either
 * reaches the verdict the strict path would, with the same reason and detail, or gives up and
 * leaves the record to the next way.
 *
 * <p>An instance holds its Jackson factories, reusable buffers and per-type drafts, so it is cheap
 * per record and <b>not thread-safe</b>: create one per Flink operator instance (in {@code open})
 * or per thread.
 */
public final class CorridorCodec {
  /**
   * Deeper nesting than this is refused as MALFORMED_JSON. No contract record nests more than
   * twice; the bound keeps hostile input from costing stack and time.
   */
  public static final int MAX_NESTING_DEPTH = 64;

  /**
   * A dead letter keeps at most this many bytes of the original value. A producer sends at most 1
   * MiB by default ({@code max.request.size}), and a dead letter repeats its payload escaped (up to
   * 6 bytes per byte for control characters) or in base64: uncapped, one oversized input record
   * made the dead-letter sink throw {@code RecordTooLargeException} and the job restart forever
   * (found by the hostile-input drill, fuzz.sh). The whole value stays in the source topic, at the
   * partition and offset the dead letter names, and {@code payloadBytes} gives its size.
   */
  public static final int MAX_DEAD_LETTER_PAYLOAD_BYTES = 128 * 1024;

  private final JsonFactory factory;
  private final JsonFactory fastFactory;
  private final boolean shortcuts;
  private final FieldNameSet names = new FieldNameSet();
  private final PlainObjectScanner scanner = new PlainObjectScanner();
  private final ObjectMapper mapper;
  private final FieldReader reader;
  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

  private final BorderCrossingDraft crossings;
  private final ShipmentDraft shipments;
  private final ControlDraft controls;
  private final PortUtilisationDraft utilisations = new PortUtilisationDraft();
  private final TradeBalanceDraft balances = new TradeBalanceDraft();
  private final AlertDraft alerts = new AlertDraft();
  private final PortWaitsDraft waits = new PortWaitsDraft();
  private final DeadLetterDraft deadLetters = new DeadLetterDraft();

  /**
   * @param ids the ports and lines input records may name
   * @param wallClockMillis the wall clock for the future-time guard (injected for tests)
   */
  public CorridorCodec(KnownIds ids, LongSupplier wallClockMillis) {
    this(ids, wallClockMillis, true);
  }

  /**
   * @param shortcuts false to read only as the codec did before its fast paths: Jackson with its
   *     own duplicate check for every record, {@code java.time} for every time. For tests that show
   *     the fast paths change no verdict; the public constructor always takes them.
   */
  CorridorCodec(KnownIds ids, LongSupplier wallClockMillis, boolean shortcuts) {
    this.shortcuts = shortcuts;
    StreamReadConstraints limits =
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
    factory =
        JsonFactory.builder()
            // a repeated key is ambiguous: reject rather than silently keep the last value
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(limits)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    // The same without duplicate detection, for the first pass: the codec checks the top-level
    // names itself and leaves every record it cannot vouch for to the strict factory above.
    fastFactory = JsonFactory.builder().streamReadConstraints(limits).build();
    mapper = new ObjectMapper(factory);
    reader = new FieldReader(mapper, wallClockMillis, shortcuts);
    crossings = new BorderCrossingDraft(ids);
    shipments = new ShipmentDraft(ids);
    controls = new ControlDraft(ids);
  }

  /** A codec that checks input references against {@code ids}, with the system clock. */
  public static CorridorCodec forInputs(KnownIds ids) {
    return new CorridorCodec(ids, System::currentTimeMillis);
  }

  /** A codec for writing, and for reading output topics (which name no references to check). */
  public static CorridorCodec forOutputs() {
    return forInputs(KnownIds.none());
  }

  // ---------------------------------------------------------------- reading

  public Decoded<BorderCrossing> readBorderCrossing(byte[] value) {
    return decode(value, crossings);
  }

  public Decoded<Shipment> readShipment(byte[] value) {
    return decode(value, shipments);
  }

  public Decoded<ControlRecord> readControl(byte[] value) {
    return decode(value, controls);
  }

  public Decoded<PortUtilisation> readPortUtilisation(byte[] value) {
    return decode(value, utilisations);
  }

  public Decoded<TradeBalance> readTradeBalance(byte[] value) {
    return decode(value, balances);
  }

  public Decoded<Alert> readAlert(byte[] value) {
    return decode(value, alerts);
  }

  public Decoded<PortWaits> readPortWaits(byte[] value) {
    return decode(value, waits);
  }

  public Decoded<DeadLetter> readDeadLetter(byte[] value) {
    return decode(value, deadLetters);
  }

  private <T> Decoded<T> decode(byte[] value, RecordDraft<T> draft) {
    if (value == null) {
      return Decoded.reject(RejectReason.MALFORMED_JSON, "record value is null (a tombstone)");
    }
    if (value.length == 0) {
      return Decoded.reject(RejectReason.MALFORMED_JSON, "record value is empty");
    }
    // Reading is tried in up to three ways, fastest first; each of the first two either reaches the
    // verdict the strict one would, or gives up (null) and leaves the record to the next.
    Decoded<T> plain = shortcuts ? readPlain(value, draft) : null;
    if (plain != null) {
      return plain;
    }
    int badByte = Utf8.firstInvalidOffset(value);
    if (badByte >= 0) {
      return Decoded.reject(
          RejectReason.MALFORMED_JSON,
          String.format(
              "record value is not valid UTF-8 (byte 0x%02X at offset %d)",
              value[badByte] & 0xFF, badByte));
    }
    Decoded<T> quick = shortcuts ? read(value, draft, fastFactory, true) : null;
    return quick != null ? quick : read(value, draft, factory, false);
  }

  /**
   * Reads a record in the plain form with {@link PlainObjectScanner}, or returns null for the
   * Jackson passes to read it. The scanner leaves anything but ASCII to them, so a record read to
   * its end here needs no UTF-8 check, and it reads to the end no record Jackson would refuse (the
   * scanner gives up at a repeated name, too).
   */
  private <T> Decoded<T> readPlain(byte[] value, RecordDraft<T> draft) {
    if (!scanner.begin(value)) {
      return null;
    }
    draft.reset();
    reader.begin(scanner);
    int step;
    try {
      while ((step = scanner.next()) == PlainObjectScanner.MEMBER) {
        draft.field(scanner.name(), reader); // an unknown field's value is already passed
      }
    } catch (IOException e) {
      return null; // the reader throws only what a Jackson parser throws: never here
    }
    if (step != PlainObjectScanner.END || !scanner.atEndOfInput()) {
      return null;
    }
    T record = draft.build(reader);
    return record != null
        ? Decoded.accept(record)
        : Decoded.reject(reader.reason(), reader.detail());
  }

  /**
   * Reads one record with {@code parserFactory}. In the first pass (the factory without duplicate
   * detection, {@code firstPass} true) returns null whenever it cannot vouch that the strict
   * factory would read the same: at a JSON error (the strict parser might have stopped earlier, at
   * a repeated key, with another detail), at a field whose value is an object or array (its names
   * are not seen here), or at a repeated or untracked top-level name. Otherwise the strict parser's
   * duplicate check would have found nothing, so both read the same tokens and reach the same
   * verdict.
   */
  private <T> Decoded<T> read(
      byte[] value, RecordDraft<T> draft, JsonFactory parserFactory, boolean firstPass) {
    draft.reset();
    names.clear();
    try (JsonParser parser = parserFactory.createParser(value)) {
      reader.begin(parser);
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return Decoded.reject(
            RejectReason.MALFORMED_JSON,
            "expected one JSON object, found " + (first == null ? "nothing" : first.name()));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken fieldValue = parser.nextToken();
        if (firstPass && (fieldValue.isStructStart() || !names.add(name))) {
          return null;
        }
        if (!draft.field(name, reader)) {
          parser.skipChildren(); // unknown fields are ignored, as the contract asks
        }
      }
      if (parser.nextToken() != null) {
        return Decoded.reject(RejectReason.MALFORMED_JSON, "content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      return firstPass ? null : Decoded.reject(RejectReason.MALFORMED_JSON, describe(e));
    } catch (IOException e) {
      // only a parser over a byte array: any I/O failure is really a decoding failure
      return firstPass
          ? null
          : Decoded.reject(RejectReason.MALFORMED_JSON, String.valueOf(e.getMessage()));
    }
    T record = draft.build(reader);
    return record != null
        ? Decoded.accept(record)
        : Decoded.reject(reader.reason(), reader.detail());
  }

  private static String describe(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    if (message.length() > 200) {
      message = message.substring(0, 200) + "…";
    }
    JsonLocation at = e.getLocation();
    return at == null
        ? message
        : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  // ---------------------------------------------------------------- writing

  /** Writes any input record, choosing its schema by kind. */
  public byte[] write(InputRecord record) {
    return switch (record.kind()) {
      case BORDER_CROSSING -> write((BorderCrossing) record);
      case SHIPMENT -> write((Shipment) record);
      case CONTROL -> write((ControlRecord) record);
    };
  }

  public byte[] write(BorderCrossing e) {
    return encode(
        BorderCrossing.SCHEMA,
        g -> {
          g.writeStringField("eventId", e.eventId());
          g.writeStringField("portId", e.portId());
          g.writeStringField("vehicleId", e.vehicleId());
          g.writeStringField("stage", e.stage().name());
          g.writeStringField("direction", e.direction().name());
          g.writeStringField("vehicleType", e.vehicleType().name());
          g.writeBooleanField("laden", e.laden());
          writeInstant(g, "eventTime", e.eventTimeMillis());
        });
  }

  public byte[] write(Shipment s) {
    return encode(
        Shipment.SCHEMA,
        g -> {
          g.writeStringField("eventId", s.eventId());
          g.writeStringField("shipmentId", s.shipmentId());
          g.writeStringField("lineId", s.lineId());
          g.writeStringField("direction", s.direction().name());
          g.writeStringField("status", s.status().name());
          g.writeBooleanField("laden", s.laden());
          if (s.teu() != null) {
            g.writeNumberField("teu", s.teu());
          }
          if (s.valueUsd() != null) {
            g.writeNumberField("valueUsd", s.valueUsd());
          }
          if (s.cargo() != null) {
            g.writeStringField("cargo", s.cargo());
          }
          writeInstant(g, "eventTime", s.eventTimeMillis());
        });
  }

  public byte[] write(ControlRecord c) {
    return encode(
        ControlRecord.SCHEMA,
        g -> {
          g.writeStringField("eventId", c.eventId());
          g.writeStringField("type", c.type().name());
          if (c.portId() != null) {
            g.writeStringField("portId", c.portId());
          }
          if (c.designedTripsPerDayMin() != null) {
            g.writeNumberField("designedTripsPerDayMin", c.designedTripsPerDayMin());
          }
          if (c.designedTripsPerDayMax() != null) {
            g.writeNumberField("designedTripsPerDayMax", c.designedTripsPerDayMax());
          }
          if (c.effectiveFromMillis() != null) {
            writeInstant(g, "effectiveFrom", c.effectiveFromMillis());
          }
          AlertThresholds t = c.thresholds();
          if (t != null) {
            g.writeNumberField("overloadLevel", t.overloadLevel().value());
            g.writeNumberField("severeLevel", t.severeLevel().value());
            g.writeNumberField("clearLevel", t.clearLevel().value());
            g.writeNumberField("overloadReadings", t.overloadReadings());
            g.writeNumberField("backlogWarningCount", t.backlogWarningCount());
            g.writeNumberField("backlogCriticalCount", t.backlogCriticalCount());
            g.writeNumberField("queueLevel", t.queueLevel().value());
            g.writeNumberField("queueReadings", t.queueReadings());
            // absent means the job's start values, so a null is left out rather than written
            if (t.clearanceLimitMinutes() != null) {
              g.writeNumberField("clearanceLimitMinutes", t.clearanceLimitMinutes());
            }
            if (t.backlogWindowMinutes() != null) {
              g.writeNumberField("backlogWindowMinutes", t.backlogWindowMinutes());
            }
          }
        });
  }

  public byte[] write(PortUtilisation u) {
    return encode(
        PortUtilisation.SCHEMA,
        g -> {
          g.writeStringField("portId", u.portId());
          writeInstant(g, "windowStart", u.windowStartMillis());
          writeInstant(g, "windowEnd", u.windowEndMillis());
          g.writeNumberField("trips", u.trips());
          g.writeNumberField("designedTripsPerDayMin", u.designedTripsPerDayMin());
          g.writeNumberField("designedTripsPerDayMax", u.designedTripsPerDayMax());
          g.writeNumberField("utilisation", u.utilisation());
          g.writeStringField("band", u.band().name());
        });
  }

  public byte[] write(TradeBalance b) {
    return encode(
        TradeBalance.SCHEMA,
        g -> {
          g.writeStringField("level", b.level().name());
          g.writeStringField("id", b.id());
          g.writeStringField("scope", b.scope().name());
          writeInstant(g, "asOf", b.asOfMillis());
          g.writeNumberField("outbound", b.outbound());
          g.writeNumberField("inbound", b.inbound());
          writeDecimalOrNull(g, "ratio", b.ratio());
          writeDecimalOrNull(g, "inboundShare", b.inboundShare());
          writeDecimalOrNull(g, "emptyInboundShare", b.emptyInboundShare());
          g.writeNumberField("emptyInbound", b.emptyInbound());
        });
  }

  public byte[] write(Alert a) {
    return encode(
        Alert.SCHEMA,
        g -> {
          g.writeStringField("alertId", a.alertId());
          g.writeStringField("type", a.type().name());
          g.writeStringField("subject", a.subject());
          g.writeStringField("severity", a.severity().name());
          g.writeStringField("status", a.status().name());
          writeInstant(g, "startedAt", a.startedAtMillis());
          writeInstant(g, "detectedAt", a.detectedAtMillis());
          g.writeStringField("message", a.message());
          g.writeFieldName("evidence");
          // evidence is built as JSON by the job; re-parsing it here would cost a tree per alert
          g.writeRawValue(a.evidenceJson() == null ? "{}" : a.evidenceJson());
        });
  }

  public byte[] write(PortWaits w) {
    return encode(
        PortWaits.SCHEMA,
        g -> {
          g.writeStringField("portId", w.portId());
          writeInstant(g, "windowStart", w.windowStartMillis());
          writeInstant(g, "windowEnd", w.windowEndMillis());
          g.writeNumberField("waiting", w.waiting());
          writeWholeOrNull(g, "oldestWaitMinutes", w.oldestWaitMinutes());
          g.writeNumberField("cleared", w.cleared());
          writeWholeOrNull(g, "clearanceMinutesP50", w.clearanceMinutesP50());
          writeWholeOrNull(g, "clearanceMinutesP90", w.clearanceMinutesP90());
          writeWholeOrNull(g, "clearanceMinutesMax", w.clearanceMinutesMax());
          g.writeNumberField("departed", w.departed());
          writeWholeOrNull(g, "dwellMinutesP50", w.dwellMinutesP50());
          writeWholeOrNull(g, "dwellMinutesP90", w.dwellMinutesP90());
        });
  }

  public byte[] write(DeadLetter d) {
    return encode(
        DeadLetter.SCHEMA,
        g -> {
          g.writeStringField("reason", d.reason().name());
          g.writeStringField("detail", d.detail());
          g.writeStringField("sourceTopic", d.sourceTopic());
          g.writeNumberField("partition", d.partition());
          g.writeNumberField("offset", d.offset());
          byte[] payload = d.payload();
          if (payload != null && payload.length > MAX_DEAD_LETTER_PAYLOAD_BYTES) {
            g.writeBooleanField("payloadTruncated", true);
            g.writeNumberField("payloadBytes", payload.length);
            payload = Utf8.prefixOf(payload, MAX_DEAD_LETTER_PAYLOAD_BYTES);
          }
          if (payload == null) {
            g.writeNullField("payload");
            g.writeStringField("payloadEncoding", DeadLetterPayload.UTF8);
          } else if (Utf8.isValid(payload)) {
            g.writeStringField("payload", new String(payload, StandardCharsets.UTF_8));
            g.writeStringField("payloadEncoding", DeadLetterPayload.UTF8);
          } else {
            g.writeStringField("payload", Base64.getEncoder().encodeToString(payload));
            g.writeStringField("payloadEncoding", DeadLetterPayload.BASE64);
          }
          writeInstant(g, "receivedAt", d.receivedAtMillis());
        });
  }

  /** Writes one object's fields after {@code schema}, into the reused buffer. */
  @FunctionalInterface
  private interface FieldWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private byte[] encode(String schema, FieldWriter fields) {
    buffer.reset();
    try (JsonGenerator g = factory.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("schema", schema);
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      // writing to an in-memory buffer: only a bug can get here
      throw new UncheckedIOException(e);
    }
    byte[] bytes = buffer.toByteArray();
    buffer.reset();
    return bytes;
  }

  private static void writeInstant(JsonGenerator g, String field, long epochMillis)
      throws IOException {
    // Instant.toString is ISO-8601 in UTC, with milliseconds only when there are some
    g.writeStringField(field, Instant.ofEpochMilli(epochMillis).toString());
  }

  private static void writeWholeOrNull(JsonGenerator g, String field, Long value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, value.longValue());
    }
  }

  private static void writeDecimalOrNull(JsonGenerator g, String field, BigDecimal value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, value);
    }
  }
}
