package org.corridorwatch.generators.answers;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;

/**
 * The {@code expected.json} file: what a correct job produces for one replay. Tests and fault
 * drills compare the job's output topics with it.
 *
 * <p>Readings, balances and port waits are written as the output records themselves, in the
 * contract's JSON, so a consumer compares like with like.
 *
 * @param description how the replay was made: scenarios, seed, options
 * @param assumptions the job settings the answers hold for
 * @param sentPerTopic records sent to each topic, injected ones included
 * @param counted records a correct job counts
 * @param duplicates records a correct job recognises as duplicates
 * @param deadLetters records a correct job dead-letters, by reason
 * @param utilisation every utilisation reading, per port in window order
 * @param balances the final figures per balance key and scope
 * @param alerts the alert transitions, with ids, statuses and severities
 * @param balanceRecords every balance record a job writes once it has read all of the input (see
 *     {@link KnownAnswers#balanceRecords()}); empty in files written before it was added
 * @param portWaits every port-waits record, per port in window order (see {@link
 *     KnownAnswers#portWaits()}); empty in files written before it was added
 */
public record KnownAnswersFile(
    Map<String, Object> description,
    Map<String, String> assumptions,
    Map<String, Long> sentPerTopic,
    long counted,
    long duplicates,
    Map<RejectReason, Long> deadLetters,
    List<PortUtilisation> utilisation,
    List<TradeBalance> balances,
    List<ExpectedAlert> alerts,
    List<TradeBalance> balanceRecords,
    List<PortWaits> portWaits) {

  /** Snapshot of the answers for what has been sent so far. */
  public static KnownAnswersFile of(
      KnownAnswers answers,
      Map<String, Object> description,
      long outOfOrdernessMillis,
      long dedupHorizonMillis) {
    return new KnownAnswersFile(
        description,
        Map.of(
            "outOfOrderness", Duration.ofMillis(outOfOrdernessMillis).toString(),
            "dedupHorizon", Duration.ofMillis(dedupHorizonMillis).toString(),
            "maxWatermarkJump", Duration.ofMillis(answers.maxWatermarkJumpMillis()).toString(),
            "maxWait", Duration.ofMillis(answers.maxWaitMillis()).toString(),
            "thresholds",
                "the contract's defaults until a THRESHOLDS record sent in the replay; only"
                    + " CLEARANCE_BACKLOG follows those records",
            "watermark",
                "one partition: newest event time followed (a jump beyond maxWatermarkJump only"
                    + " once records spanning 15 min confirm it) - outOfOrderness - 1 ms"),
        new TreeMap<>(answers.sentPerTopic()),
        answers.counted(),
        answers.duplicates(),
        answers.deadLetters(),
        answers.utilisationReadings(),
        answers.finalBalances(),
        answers.alerts(),
        answers.balanceRecords(),
        answers.portWaits());
  }

  /**
   * Writes the answers to {@code file} whole or not at all: into a sibling file first, then moved
   * over it, so a replay stopped while writing (Ctrl-C on a long one) leaves any earlier answers as
   * they were, never a truncated file.
   */
  public void write(Path file, CorridorCodec codec) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      writeTo(partial, codec);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private void writeTo(Path file, CorridorCodec codec) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectField("replay", description);
      g.writeObjectField("assumptions", new TreeMap<>(assumptions));
      g.writeObjectField("sentPerTopic", sentPerTopic);
      g.writeNumberField("counted", counted);
      g.writeNumberField("duplicates", duplicates);
      g.writeObjectField("deadLetters", deadLetters);
      writeRecords(g, "portUtilisation", utilisation, codec::write);
      writeRecords(g, "tradeBalance", balances, codec::write);
      writeRecords(g, "tradeBalanceRecords", balanceRecords, codec::write);
      writeRecords(g, "portWaits", portWaits, codec::write);
      g.writeArrayFieldStart("alerts");
      for (ExpectedAlert alert : alerts) {
        g.writeStartObject();
        g.writeStringField("alertId", alert.alertId());
        g.writeStringField("type", alert.type().name());
        g.writeStringField("subject", alert.subject());
        g.writeStringField("status", alert.status().name());
        g.writeStringField("severity", alert.severity().name());
        g.writeStringField("startedAt", Instant.ofEpochMilli(alert.startedAtMillis()).toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** Reads a file written by {@link #write}; throws with the file name if it is not one. */
  @SuppressWarnings("unchecked")
  public static KnownAnswersFile read(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode root = mapper.readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("it holds no JSON object");
    }
    CorridorCodec codec = CorridorCodec.forOutputs();
    List<PortUtilisation> readings =
        readRecords(mapper, root.path("portUtilisation"), codec::readPortUtilisation, file);
    List<TradeBalance> balances =
        readRecords(mapper, root.path("tradeBalance"), codec::readTradeBalance, file);
    List<TradeBalance> balanceRecords =
        readRecords(mapper, root.path("tradeBalanceRecords"), codec::readTradeBalance, file);
    List<PortWaits> portWaits =
        readRecords(mapper, root.path("portWaits"), codec::readPortWaits, file);
    Map<RejectReason, Long> deadLetters = new EnumMap<>(RejectReason.class);
    root.path("deadLetters")
        .properties()
        .forEach(e -> deadLetters.put(RejectReason.valueOf(e.getKey()), e.getValue().asLong()));
    Map<String, Long> sent = new TreeMap<>();
    root.path("sentPerTopic")
        .properties()
        .forEach(e -> sent.put(e.getKey(), e.getValue().asLong()));
    List<ExpectedAlert> alerts = new ArrayList<>();
    for (JsonNode a : root.path("alerts")) {
      alerts.add(
          new ExpectedAlert(
              a.path("alertId").asText(),
              AlertType.valueOf(a.path("type").asText()),
              a.path("subject").asText(),
              AlertStatus.valueOf(a.path("status").asText()),
              AlertSeverity.valueOf(a.path("severity").asText()),
              Instant.parse(a.path("startedAt").asText()).toEpochMilli()));
    }
    return new KnownAnswersFile(
        mapper.convertValue(root.path("replay"), Map.class),
        mapper.convertValue(root.path("assumptions"), Map.class),
        sent,
        root.path("counted").asLong(),
        root.path("duplicates").asLong(),
        deadLetters,
        readings,
        balances,
        alerts,
        balanceRecords,
        portWaits);
  }

  /** An array of output records, each as the codec writes it to its topic. */
  private static <T> void writeRecords(
      JsonGenerator g, String field, List<T> records, Function<T, byte[]> write)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (T record : records) {
      g.writeRawValue(new String(write.apply(record), StandardCharsets.UTF_8));
    }
    g.writeEndArray();
  }

  /**
   * The records of an array written by {@link #writeRecords}, each checked by the codec's reader;
   * throws with the file name at the first that is not valid.
   */
  private static <T> List<T> readRecords(
      ObjectMapper mapper, JsonNode array, Function<byte[], Decoded<T>> read, Path file)
      throws IOException {
    List<T> records = new ArrayList<>();
    for (JsonNode node : array) {
      Decoded<T> decoded = read.apply(mapper.writeValueAsBytes(node));
      if (!decoded.accepted()) {
        throw new IOException(file + " holds a record that is not valid: " + decoded.detail());
      }
      records.add(decoded.value());
    }
    return records;
  }
}
