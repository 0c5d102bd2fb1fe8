package org.corridorwatch.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A catalogue with thousands of extra border ports, for measuring how the job's state grows with
 * ports: the shipped seed files plus copies of Pingxiang under new ids ({@code CN-SYNTH00001} ...),
 * each with Pingxiang's designed capacity and provenance, so they pass the catalogue's checks.
 */
final class SyntheticPorts {
  static final String TEMPLATE = "CN-PINGXIANG";

  private static final List<String> SEED_FILES =
      List.of("sources.json", "nodes.json", "lines.json", "corridors.json", "figures.json");

  private SyntheticPorts() {}

  static String id(int n) {
    return String.format(Locale.ROOT, "CN-SYNTH%05d", n);
  }

  /** The ids of the first {@code count} synthetic ports. */
  static List<String> ids(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int n = 1; n <= count; n++) {
      ids.add(id(n));
    }
    return ids;
  }

  /** Writes the seed files with {@code count} synthetic ports into {@code dir}. */
  static void write(Path dir, int count) throws IOException {
    Files.createDirectories(dir);
    ObjectMapper json = new ObjectMapper();
    for (String file : SEED_FILES) {
      try (InputStream in = org.corridorwatch.seeds.CorridorCatalogue.shippedSeedFile(file)) {
        Files.copy(in, dir.resolve(file));
      }
    }
    Path nodesFile = dir.resolve("nodes.json");
    ObjectNode nodes = (ObjectNode) json.readTree(nodesFile.toFile());
    ArrayNode list = (ArrayNode) nodes.get("nodes");
    ObjectNode template = null;
    for (JsonNode node : list) {
      if (node.get("id").asText().equals(TEMPLATE)) {
        template = (ObjectNode) node;
      }
    }
    if (template == null) {
      throw new IllegalStateException("the shipped catalogue has no " + TEMPLATE);
    }
    for (int n = 1; n <= count; n++) {
      ObjectNode port = template.deepCopy();
      port.put("id", id(n));
      port.put("name", "Synthetic port " + n);
      list.add(port);
    }
    json.writeValue(nodesFile.toFile(), nodes);
  }
}
