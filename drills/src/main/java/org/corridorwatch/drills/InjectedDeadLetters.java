package org.corridorwatch.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.corridorwatch.model.RejectReason;

/**
 * What a hostile-input run put on the input topics that a correct job must dead-letter, per reason
 * and per topic, as classified by the job's own codec. The verifier adds these to the replay's
 * expected dead letters, so "every record is accounted for" is checked exactly, not roughly.
 *
 * @param records records sent that a correct job dead-letters
 * @param byReason those records per dead-letter reason
 * @param byTopic those records per input topic
 * @param byKind those records per kind of hostility (random bytes, deep nesting, ...)
 * @param kafkaLimits what Kafka's own size limits did with the records built to exceed them
 */
public record InjectedDeadLetters(
    long records,
    Map<RejectReason, Long> byReason,
    Map<String, Long> byTopic,
    Map<String, Long> byKind,
    Map<String, Object> kafkaLimits) {

  /** Nothing injected: the verifier's default. */
  public static InjectedDeadLetters none() {
    return new InjectedDeadLetters(0, Map.of(), Map.of(), Map.of(), Map.of());
  }

  public long of(RejectReason reason) {
    return byReason.getOrDefault(reason, 0L);
  }

  public void write(Path file) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("records", records);
    json.put("byReason", new TreeMap<>(byReason));
    json.put("byTopic", new TreeMap<>(byTopic));
    json.put("byKind", new TreeMap<>(byKind));
    json.put("kafkaLimits", kafkaLimits);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
  }

  @SuppressWarnings("unchecked")
  public static InjectedDeadLetters read(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode root = mapper.readTree(file.toFile());
    if (root == null || !root.has("byReason")) {
      throw new IOException(file + " is not a file written by HostileInput --report");
    }
    Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    root.path("byReason")
        .properties()
        .forEach(e -> byReason.put(RejectReason.valueOf(e.getKey()), e.getValue().asLong()));
    return new InjectedDeadLetters(
        root.path("records").asLong(),
        byReason,
        mapper.convertValue(root.path("byTopic"), TreeMap.class),
        mapper.convertValue(root.path("byKind"), TreeMap.class),
        mapper.convertValue(root.path("kafkaLimits"), LinkedHashMap.class));
  }
}
