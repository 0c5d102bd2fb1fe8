package org.corridorwatch.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.corridorwatch.model.ContractSamples;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published contract holds together: every record the codec writes is valid against its JSON
 * Schema and reads back equal, the schemas are not vacuous, and every example in {@code
 * docs/contract.md} is valid and accepted by the codec.
 */
class ContractSchemaTest {
  private static final long NOW = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig STRICT_FORMATS =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();
  private final CorridorCodec codec =
      new CorridorCodec(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds()), () -> NOW);

  /** How the codec reads each record type, by schema name (the schema file's base name). */
  private static final Map<String, BiFunction<CorridorCodec, byte[], Decoded<?>>> READERS =
      Map.of(
          "border-crossing", CorridorCodec::readBorderCrossing,
          "shipment", CorridorCodec::readShipment,
          "control", CorridorCodec::readControl,
          "port-utilisation", CorridorCodec::readPortUtilisation,
          "trade-balance", CorridorCodec::readTradeBalance,
          "alert", CorridorCodec::readAlert,
          "port-waits", CorridorCodec::readPortWaits,
          "dead-letter", CorridorCodec::readDeadLetter);

  private static JsonSchema schema(String name) {
    String resource = "/contract/schemas/" + name + ".schema.json";
    try (InputStream in = ContractSchemaTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("schema %s on the classpath", resource).isNotNull();
      return SCHEMAS.getSchema(in, STRICT_FORMATS);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String kindOf(JsonNode json) {
    String schema = json.path("schema").asText("");
    return schema.contains("/") ? schema.substring(0, schema.indexOf('/')) : schema;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.corridorwatch.model.ContractSamples#all")
  void writtenRecordsAreValidAndReadBackEqual(Object record) throws IOException {
    byte[] bytes = ContractSamples.encode(codec, record);
    JsonNode json = JSON.readTree(bytes);
    String kind = kindOf(json);

    Set<ValidationMessage> errors = schema(kind).validate(json);
    Decoded<?> back = READERS.get(kind).apply(codec, bytes);

    assertThat(errors).as("schema errors for %s", json).isEmpty();
    assertThat(back.accepted()).as("read back %s: %s", json, back.detail()).isTrue();
    assertThat(back.value()).isEqualTo(record);
  }

  @Test
  void everyRecordTypeHasASchemaAndASample() {
    Set<String> sampled = new TreeSet<>();
    ContractSamples.all()
        .forEach(r -> sampled.add(kindOf(readTree(ContractSamples.encode(codec, r)))));

    assertThat(sampled).containsExactlyInAnyOrderElementsOf(READERS.keySet());
    READERS.keySet().forEach(ContractSchemaTest::schema);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.corridorwatch.model.ContractSamples#all")
  void schemasRejectAMissingRequiredFieldAndABadEnum(Object record) {
    ObjectNode json = (ObjectNode) readTree(ContractSamples.encode(codec, record));
    String kind = kindOf(json);
    JsonNode schemaJson = readTree(resourceBytes("/contract/schemas/" + kind + ".schema.json"));
    List<String> required = new ArrayList<>();
    schemaJson.path("required").forEach(n -> required.add(n.asText()));
    assertThat(required).isNotEmpty();

    for (String field : required) {
      ObjectNode without = json.deepCopy();
      without.remove(field);
      assertThat(schema(kind).validate(without)).as("%s without %s", kind, field).isNotEmpty();
    }
    schemaJson
        .path("properties")
        .properties()
        .forEach(
            p -> {
              if (p.getValue().has("enum") && json.has(p.getKey())) {
                ObjectNode bad = json.deepCopy();
                bad.put(p.getKey(), "NOT_A_VALUE");
                assertThat(schema(kind).validate(bad)).as("%s.%s", kind, p.getKey()).isNotEmpty();
              }
            });
  }

  /** A port-waits record's minute field set against its count: schema and reader both refuse. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    // a figure of nothing
    "oldestWaitMinutes, 0, 2019-07-01T23:15:00Z",
    "clearanceMinutesP50, 0, 2019-07-01T23:15:00Z",
    "clearanceMinutesMax, 12, 2019-07-01T23:15:00Z",
    "dwellMinutesP90, 5, 2019-07-01T23:15:00Z",
    // no figure for something
    "oldestWaitMinutes, null, 2019-07-01T11:00:00Z",
    "clearanceMinutesP90, null, 2019-07-01T11:00:00Z",
    "dwellMinutesP50, null, 2019-07-01T11:00:00Z",
  })
  void portWaitsSchemaAndReaderAgreeWhenAMinuteFieldIsNull(
      String field, String value, String windowStart) {
    PortWaits sample =
        ContractSamples.all().stream()
            .filter(r -> r instanceof PortWaits w && w.windowStartMillis() == at(windowStart))
            .map(PortWaits.class::cast)
            .findFirst()
            .orElseThrow();
    ObjectNode json = (ObjectNode) readTree(codec.write(sample));
    json.set(field, readTree(value.getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);

    assertThat(schema("port-waits").validate(json)).as("schema errors for %s", json).isNotEmpty();
    assertThat(codec.readPortWaits(bytes).accepted()).as("codec accepts %s", json).isFalse();
  }

  /** The optional THRESHOLDS minutes: the schema's range is the codec's range. */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "clearanceLimitMinutes, 1, true",
    "clearanceLimitMinutes, 2880, true",
    "clearanceLimitMinutes, 0, false",
    "clearanceLimitMinutes, 2881, false",
    "clearanceLimitMinutes, 360.5, false",
    "backlogWindowMinutes, 1, true",
    "backlogWindowMinutes, 1440, true",
    "backlogWindowMinutes, 0, false",
    "backlogWindowMinutes, 1441, false",
    "backlogWindowMinutes, '\"60\"', false",
  })
  void controlSchemaAndReaderAgreeOnTheClearanceLimitAndBacklogWindow(
      String field, String value, boolean allowed) {
    ControlRecord sample =
        ContractSamples.all().stream()
            .filter(r -> r instanceof ControlRecord c && "ctl-2".equals(c.eventId()))
            .map(ControlRecord.class::cast)
            .findFirst()
            .orElseThrow();
    ObjectNode json = (ObjectNode) readTree(codec.write(sample));
    json.set(field, readTree(value.getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);

    assertThat(schema("control").validate(json).isEmpty())
        .as("schema on %s", json)
        .isEqualTo(allowed);
    assertThat(codec.readControl(bytes).accepted()).as("codec on %s", json).isEqualTo(allowed);
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static final Pattern JSON_BLOCK =
      Pattern.compile("```json\\s*\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyExampleInTheContractDocIsValidAndAccepted() throws IOException {
    String projectDir = System.getProperty("corridor.project.dir");
    if (projectDir == null) {
      fail(
          "system property corridor.project.dir is not set; run through Maven from the repository");
    }
    Path doc = Path.of(projectDir, "docs", "contract.md");
    assertThat(doc).as("the published contract").exists();
    Matcher m = JSON_BLOCK.matcher(Files.readString(doc));
    Set<String> kindsSeen = new TreeSet<>();
    int examples = 0;
    while (m.find()) {
      examples++;
      String example = m.group(1).strip();
      JsonNode json = JSON.readTree(example);
      String kind = kindOf(json);
      assertThat(READERS).as("example names a known schema: %s", example).containsKey(kind);
      kindsSeen.add(kind);

      assertThat(schema(kind).validate(json)).as("schema errors in example %s", example).isEmpty();
      Decoded<?> decoded = READERS.get(kind).apply(codec, example.getBytes(StandardCharsets.UTF_8));
      assertThat(decoded.accepted())
          .as("codec reads example %s: %s", example, decoded.detail())
          .isTrue();
    }
    assertThat(examples).isPositive();
    assertThat(kindsSeen)
        .as("an example per record type")
        .containsExactlyInAnyOrderElementsOf(READERS.keySet());
  }

  private static JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] resourceBytes(String resource) {
    try (InputStream in = ContractSchemaTest.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
