package org.corridorwatch.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the standard catalogue comes from: the jar, or a folder of edited seed files. */
class StandardCatalogueTest {
  private static final List<String> FILES =
      List.of("sources.json", "nodes.json", "lines.json", "corridors.json", "figures.json");

  @Test
  void withoutAFolderItIsTheCatalogueShippedInTheJar() {
    assertThat(CorridorCatalogue.standardFrom(null).portIds())
        .isEqualTo(CorridorCatalogue.standard().portIds())
        .contains("CN-PINGXIANG");
    assertThat(CorridorCatalogue.standardFrom(" ").portIds()).contains("CN-PINGXIANG");
  }

  @Test
  void aFolderOfEditedSeedFilesIsLoadedAndCheckedInstead(@TempDir Path seeds) throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String file : FILES) {
      try (InputStream in = CorridorCatalogue.shippedSeedFile(file)) {
        Files.copy(in, seeds.resolve(file));
      }
    }
    ObjectNode nodes = (ObjectNode) json.readTree(seeds.resolve("nodes.json").toFile());
    ArrayNode list = (ArrayNode) nodes.get("nodes");
    ObjectNode pingxiang = null;
    for (var node : list) {
      if (node.get("id").asText().equals("CN-PINGXIANG")) {
        pingxiang = (ObjectNode) node;
      }
    }
    assertThat(pingxiang).isNotNull();
    ObjectNode extra = pingxiang.deepCopy();
    extra.put("id", "CN-EXTRAPORT");
    extra.put("name", "An extra port");
    list.add(extra);
    json.writeValue(seeds.resolve("nodes.json").toFile(), nodes);

    CorridorCatalogue edited = CorridorCatalogue.standardFrom(seeds.toString());

    assertThat(edited.portIds()).contains("CN-EXTRAPORT", "CN-PINGXIANG");
    assertThat(edited.port("CN-EXTRAPORT").name()).isEqualTo("An extra port");
  }

  @Test
  void aFolderWithABrokenSeedFileIsRefusedNotHalfLoaded(@TempDir Path seeds) throws Exception {
    for (String file : FILES) {
      try (InputStream in = CorridorCatalogue.shippedSeedFile(file)) {
        Files.copy(in, seeds.resolve(file));
      }
    }
    Files.writeString(seeds.resolve("nodes.json"), "{\"nodes\": [{\"id\": \"pingxiang\"}]}");

    assertThatThrownBy(() -> CorridorCatalogue.standardFrom(seeds.toString()))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("pingxiang");
  }

  @Test
  void aSeedFileNotShippedIsNamedInTheError() {
    assertThatThrownBy(() -> CorridorCatalogue.shippedSeedFile("ports.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ports.json");
  }
}
