package org.corridorwatch.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the loader rejects a broken seed file, naming the file, the record and the problem. */
class CatalogueValidationTest {
  private static final List<String> FILES =
      List.of(
          CatalogueLoader.SOURCES,
          CatalogueLoader.NODES,
          CatalogueLoader.LINES,
          CatalogueLoader.CORRIDORS,
          CatalogueLoader.FIGURES);

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeEach
  void copyTheShippedSeeds() throws IOException {
    for (String name : FILES) {
      try (InputStream in =
          CorridorCatalogue.class.getResourceAsStream("/corridor-seeds/" + name)) {
        assertThat(in).as("classpath /corridor-seeds/" + name).isNotNull();
        Files.copy(in, dir.resolve(name));
      }
    }
  }

  @Test
  void anUnmodifiedCopyLoadsAsTheStandardCatalogue() {
    CorridorCatalogue copy = CorridorCatalogue.load(dir);
    CorridorCatalogue standard = CorridorCatalogue.standard();

    assertThat(copy).isNotSameAs(standard);
    assertThat(copy.sources()).isEqualTo(standard.sources());
    assertThat(copy.nodes()).isEqualTo(standard.nodes());
    assertThat(copy.portIds()).isEqualTo(standard.portIds());
    assertThat(copy.lineIds()).isEqualTo(standard.lineIds());
    assertThat(copy.lines()).isEqualTo(standard.lines());
    assertThat(copy.corridors()).isEqualTo(standard.corridors());
    assertThat(copy.figures()).isEqualTo(standard.figures());
  }

  @Test
  void duplicateNodeId() {
    edit(
        CatalogueLoader.NODES,
        root -> records(root, "nodes").add(record(root, "nodes", "CN-PINGXIANG").deepCopy()));

    assertProblem(CatalogueLoader.NODES, "CN-PINGXIANG", "duplicate ID");
  }

  @Test
  void routeNamingAnUnknownNode() {
    edit(
        CatalogueLoader.LINES,
        root ->
            ((ArrayNode) record(root, "lines", "ILSTC-ROAD-MIDDLE").get("route"))
                .set(1, "CN-ATLANTIS"));

    assertProblem(CatalogueLoader.LINES, "ILSTC-ROAD-MIDDLE", "unknown node CN-ATLANTIS");
  }

  @Test
  void nodeWithoutProvenance() {
    edit(CatalogueLoader.NODES, root -> record(root, "nodes", "VN-HANOI").remove("provenance"));

    assertProblem(CatalogueLoader.NODES, "VN-HANOI", "missing provenance");
  }

  @Test
  void provenanceNamingAnUnknownDocument() {
    edit(
        CatalogueLoader.FIGURES,
        root ->
            ((ObjectNode) record(root, "figures", "lpi-rank-laos").get("provenance"))
                .put("doc", "999_nowhere.txt"));

    assertProblem(CatalogueLoader.FIGURES, "lpi-rank-laos", "unknown document '999_nowhere.txt'");
  }

  @Test
  void assumedProvenanceWithoutAReason() {
    edit(
        CatalogueLoader.NODES,
        root -> capacity(root, "CN-MOHAN").withObjectProperty("provenance").remove("reason"));

    assertProblem(CatalogueLoader.NODES, "CN-MOHAN", "assumed value without a reason");
  }

  @Test
  void assumedProvenanceWithABlankReason() {
    edit(
        CatalogueLoader.LINES,
        root ->
            record(root, "lines", "ILSTC-RAIL-MIDDLE")
                .withObjectProperty("routeAssumption")
                .put("reason", "  "));

    assertProblem(CatalogueLoader.LINES, "ILSTC-RAIL-MIDDLE", "assumed value without a reason");
  }

  @Test
  void portWithoutCapacity() {
    edit(CatalogueLoader.NODES, root -> record(root, "nodes", "CN-RUILI").remove("capacity"));

    assertProblem(CatalogueLoader.NODES, "CN-RUILI", "a port needs a capacity");
  }

  @Test
  void hubWithCapacity() {
    edit(
        CatalogueLoader.NODES,
        root ->
            record(root, "nodes", "VN-HANOI")
                .set("capacity", capacity(root, "CN-MOHAN").deepCopy()));

    assertProblem(CatalogueLoader.NODES, "VN-HANOI", "a hub takes no capacity");
  }

  @Test
  void zeroDesignedMaximum() {
    edit(
        CatalogueLoader.NODES,
        root -> capacity(root, "CN-PINGXIANG").put("designedTripsPerDayMax", 0));

    assertProblem(
        CatalogueLoader.NODES, "CN-PINGXIANG", "designedTripsPerDayMax must be at least 1");
  }

  @Test
  void corridorNamingAnUnknownLine() {
    edit(
        CatalogueLoader.CORRIDORS,
        root ->
            record(root, "corridors", "ILSTC-RAIL").withArray("lines").add("ILSTC-RAIL-ATLANTIS"));

    assertProblem(CatalogueLoader.CORRIDORS, "ILSTC-RAIL", "unknown line ILSTC-RAIL-ATLANTIS");
  }

  @Test
  void lineInTwoCorridors() {
    edit(
        CatalogueLoader.CORRIDORS,
        root ->
            record(root, "corridors", "ILSTC-RAIL").withArray("lines").add("ILSTC-ROAD-MIDDLE"));

    assertProblem(
        CatalogueLoader.CORRIDORS,
        "ILSTC-RAIL",
        "line ILSTC-ROAD-MIDDLE is already in corridor ILSTC-ROAD");
  }

  @Test
  void misspeltFieldFailsRatherThanBeingIgnored() {
    edit(
        CatalogueLoader.LINES,
        root -> {
          ObjectNode line = record(root, "lines", "ILSTC-ROAD-WESTERN");
          line.set("lenghtKm", line.remove("lengthKm"));
        });

    assertProblem(CatalogueLoader.LINES, "ILSTC-ROAD-WESTERN", "lenghtKm");
  }

  @Test
  void fileThatIsNotJson() throws IOException {
    String nodes = Files.readString(dir.resolve(CatalogueLoader.NODES), StandardCharsets.UTF_8);
    // cut off mid-record: the closing brackets are gone
    Files.writeString(dir.resolve(CatalogueLoader.NODES), nodes.substring(0, nodes.length() / 2));

    CatalogueException e = loadFails();
    assertThat(e.problems()).singleElement(STRING).startsWith(CatalogueLoader.NODES + ": ");
  }

  @Test
  void fileHoldingOnlyNull() throws IOException {
    Files.writeString(dir.resolve(CatalogueLoader.CORRIDORS), "null");

    assertThat(loadFails().problems())
        .containsExactly(CatalogueLoader.CORRIDORS + ": has no record list");
  }

  @Test
  void missingFile() throws IOException {
    Files.delete(dir.resolve(CatalogueLoader.FIGURES));

    assertThat(loadFails().problems())
        .containsExactly(CatalogueLoader.FIGURES + ": file not found");
  }

  @Test
  void lineIdThatDuplicatesANodeId() {
    edit(
        CatalogueLoader.LINES,
        root ->
            records(root, "lines")
                .add(record(root, "lines", "ILSTC-ROAD-MIDDLE").deepCopy().put("id", "VN-HANOI")));

    assertProblem(CatalogueLoader.LINES, "VN-HANOI", "duplicate ID (also in nodes.json)");
  }

  @Test
  void twoProblemsInTwoFilesAreBothReportedAtOnce() {
    edit(
        CatalogueLoader.LINES,
        root ->
            ((ArrayNode) record(root, "lines", "ILSTC-ROAD-WESTERN").get("route"))
                .add("CN-ATLANTIS"));
    edit(
        CatalogueLoader.NODES,
        root ->
            record(root, "nodes", "MM-YANGON")
                .set("capacity", capacity(root, "MM-MUSE").deepCopy()));

    CatalogueException e = loadFails();

    assertHasProblem(e, CatalogueLoader.LINES, "ILSTC-ROAD-WESTERN", "unknown node CN-ATLANTIS");
    assertHasProblem(e, CatalogueLoader.NODES, "MM-YANGON", "a hub takes no capacity");
    assertThat(e).hasMessageContaining("2 problems");
  }

  private void edit(String file, Consumer<ObjectNode> change) {
    Path path = dir.resolve(file);
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(path.toFile());
      change.accept(root);
      JSON.writerWithDefaultPrettyPrinter().writeValue(path.toFile(), root);
    } catch (IOException e) {
      throw new AssertionError("cannot edit " + path, e);
    }
  }

  private static ArrayNode records(ObjectNode root, String list) {
    return (ArrayNode) root.get(list);
  }

  private static ObjectNode record(ObjectNode root, String list, String id) {
    for (JsonNode r : records(root, list)) {
      if (id.equals(r.path("id").asText())) {
        return (ObjectNode) r;
      }
    }
    throw new AssertionError("no " + id + " in " + list + " to edit");
  }

  private static ObjectNode capacity(ObjectNode root, String nodeId) {
    return (ObjectNode) record(root, "nodes", nodeId).get("capacity");
  }

  private CatalogueException loadFails() {
    CatalogueException e =
        catchThrowableOfType(CatalogueException.class, () -> CorridorCatalogue.load(dir));
    assertThat(e).as("loading the edited catalogue should fail").isNotNull();
    return e;
  }

  private void assertProblem(String file, String id, String text) {
    assertHasProblem(loadFails(), file, id, text);
  }

  private static void assertHasProblem(CatalogueException e, String file, String id, String text) {
    assertThat(e.problems())
        .as("problems of %s", e.getMessage())
        .anySatisfy(p -> assertThat(p).startsWith(file + ": " + id + ": ").contains(text));
  }
}
