package org.corridorwatch.generators;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.function.Consumer;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.sink.ReplayException;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;
import org.corridorwatch.model.kafka.InputTopics;

/**
 * Sends a user's own JSON-lines file. Each line is either a contract record, routed to its topic
 * and keyed as the contract says, or an envelope written by {@code --dry-run} ({@code topic},
 * {@code key}, and {@code value} or {@code valueBase64}), sent as it stands.
 *
 * <p>The whole file is checked before the first record goes out, so a bad line stops the replay
 * with its line number and nothing half-sent. The records themselves are not validated: judging
 * them is the job's work, and a user may mean to send bad ones.
 */
final class FileReplay {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final InputTopics topics;

  FileReplay(Path file, InputTopics topics) {
    this.file = file;
    this.topics = topics;
  }

  /** Checks every line can be routed; returns the number of records. */
  long check() {
    return read(d -> {});
  }

  /** Sends every line; returns the number of records. */
  long replay(Consumer<Delivery> out) {
    return read(out);
  }

  private long read(Consumer<Delivery> out) {
    long records = 0;
    long lastTime = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        Delivery d = parse(line, number, lastTime);
        lastTime = d.eventTime();
        out.accept(d);
        records++;
      }
    } catch (IOException e) {
      throw new ReplayException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return records;
  }

  private Delivery parse(String line, int number, long previousTime) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw bad(number, "not a JSON object (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw bad(number, "not a JSON object");
    }
    if (node.has("topic") && (node.has("value") || node.has("valueBase64"))) {
      return envelope(node, number, previousTime);
    }
    String topic = topicOfRecord(node);
    if (topic == null) {
      throw bad(
          number,
          "cannot tell which topic this record belongs to; give it a \"schema\" field such as"
              + " \"border-crossing/1\", or write it as a --dry-run envelope");
    }
    String keyField =
        topic.equals(topics.shipments()) ? "lineId" : "portId"; // crossings and control by port
    String key = textOrNull(node, keyField);
    if (key == null
        && topic.equals(topics.control())
        && ControlType.THRESHOLDS.name().equals(textOrNull(node, "type"))) {
      // one key for every instruction that applies to every port, so they stay in one partition,
      // in the order written, as the scenarios write them
      key = ControlRecord.EVERY_PORT;
    }
    return replayed(
        topic, key, line.strip().getBytes(StandardCharsets.UTF_8), timeOf(node, previousTime));
  }

  private Delivery envelope(JsonNode node, int number, long previousTime) {
    String topic = node.path("topic").asText("");
    if (topic.isBlank()) {
      throw bad(number, "envelope has an empty topic");
    }
    byte[] value;
    long time = previousTime;
    if (node.has("valueBase64")) {
      try {
        value = Base64.getDecoder().decode(node.path("valueBase64").asText());
      } catch (IllegalArgumentException e) {
        throw bad(number, "valueBase64 is not base64");
      }
    } else {
      try {
        value = JSON.writeValueAsBytes(node.get("value"));
      } catch (IOException e) {
        throw bad(number, "value cannot be written back as JSON");
      }
      time = timeOf(node.get("value"), previousTime);
    }
    return replayed(topic, textOrNull(node, "key"), value, time);
  }

  private String topicOfRecord(JsonNode node) {
    String schema = node.path("schema").asText("");
    if (schema.startsWith("border-crossing/")) {
      return topics.crossings();
    } else if (schema.startsWith("shipment/")) {
      return topics.shipments();
    } else if (schema.startsWith("control/")) {
      return topics.control();
    } else if (node.has("stage") || node.has("vehicleId")) {
      return topics.crossings();
    } else if (node.has("shipmentId") || node.has("lineId")) {
      return topics.shipments();
    } else if (node.has("type") && node.has("effectiveFrom")) {
      return topics.control();
    }
    return null;
  }

  private static long timeOf(JsonNode record, long previousTime) {
    String text =
        record.has("eventTime")
            ? record.path("eventTime").asText("")
            : record.path("effectiveFrom").asText("");
    try {
      return OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return previousTime; // pacing only: the job decides what a bad time means
    }
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Delivery replayed(String topic, String key, byte[] value, long time) {
    return new Delivery(
        topic,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        time,
        Delivery.Kind.REPLAYED,
        null,
        null);
  }

  private ReplayException bad(int line, String why) {
    return new ReplayException(file + " line " + line + ": " + why);
  }
}
