package org.corridorwatch.seeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves the standard catalogue holds exactly the node, line and corridor ids of the contract. */
class ContractIdsTest {
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  private static final List<String> PORTS =
      List.of(
          "CN-PINGXIANG",
          "CN-LONGBANG",
          "CN-MOHAN",
          "CN-HEKOU",
          "CN-RUILI",
          "LA-BOTEN",
          "VN-DONGDANG",
          "VN-LAOCAI",
          "MM-MUSE",
          "CN-QINZHOU",
          "CN-JINGHONG",
          "CN-GUANLEI",
          "CN-SIMAO",
          "TH-CHIANGSAEN",
          "KH-PHNOMPENH",
          "SG-SINGAPORE",
          "VN-HAIPHONG",
          "MM-KYAUKPYU");

  private static final List<String> HUBS =
      List.of(
          "CN-CHONGQING-NANPENG",
          "CN-CHONGQING-TUANJIE",
          "VN-HANOI",
          "VN-HOCHIMINH",
          "LA-VIENTIANE",
          "TH-BANGKOK",
          "MM-YANGON");

  private static final List<String> ROAD_LINES =
      List.of(
          "ILSTC-ROAD-EASTERN",
          "ILSTC-ROAD-SECOND-EASTERN",
          "ILSTC-ROAD-MIDDLE",
          "ILSTC-ROAD-WESTERN",
          "ILSTC-ROAD-ASIA-EUROPE");

  private static final List<String> RAIL_LINES =
      List.of("ILSTC-RAIL-EASTERN", "ILSTC-RAIL-MIDDLE", "ILSTC-RAIL-WESTERN");

  static Stream<String> lineIds() {
    return Stream.concat(ROAD_LINES.stream(), RAIL_LINES.stream());
  }

  @Test
  void portsAreExactlyTheContractsPorts() {
    assertThat(CATALOGUE.portIds()).containsExactlyInAnyOrderElementsOf(PORTS);
    assertThat(CATALOGUE.ports()).extracting(Node::id).containsExactlyInAnyOrderElementsOf(PORTS);
    PORTS.forEach(id -> assertThat(CATALOGUE.port(id).isPort()).as(id).isTrue());
  }

  @Test
  void hubsAreExactlyTheContractsHubsAndAreNotPorts() {
    assertThat(CATALOGUE.nodes())
        .filteredOn(n -> n.kind() == NodeKind.INLAND_HUB)
        .extracting(Node::id)
        .containsExactlyInAnyOrderElementsOf(HUBS);
    assertThat(CATALOGUE.portIds()).doesNotContainAnyElementsOf(HUBS);
    for (String hub : HUBS) {
      assertThat(CATALOGUE.node(hub))
          .as(hub)
          .hasValueSatisfying(n -> assertThat(n.isPort()).isFalse());
      assertThatThrownBy(() -> CATALOGUE.port(hub))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining(hub);
    }
  }

  @Test
  void nodesAreThePortsAndHubsAndNothingElse() {
    assertThat(CATALOGUE.nodes())
        .extracting(Node::id)
        .containsExactlyInAnyOrderElementsOf(Stream.concat(PORTS.stream(), HUBS.stream()).toList());
  }

  @Test
  void linesAreExactlyTheContractsLines() {
    assertThat(CATALOGUE.lineIds()).containsExactlyInAnyOrderElementsOf(lineIds().toList());
    assertThat(CATALOGUE.lines())
        .extracting(Line::id)
        .containsExactlyElementsOf(CATALOGUE.lineIds());
  }

  @Test
  void corridorsGroupTheRoadAndTheRailLines() {
    assertThat(CATALOGUE.corridors())
        .extracting(Corridor::id)
        .containsExactlyInAnyOrder("ILSTC-ROAD", "ILSTC-RAIL");
    assertThat(CATALOGUE.corridor("ILSTC-ROAD").lines())
        .containsExactlyInAnyOrderElementsOf(ROAD_LINES);
    assertThat(CATALOGUE.corridor("ILSTC-RAIL").lines())
        .containsExactlyInAnyOrderElementsOf(RAIL_LINES);
  }

  @ParameterizedTest
  @MethodSource("lineIds")
  void corridorOfMapsEachLineBackToItsCorridor(String lineId) {
    String expected = ROAD_LINES.contains(lineId) ? "ILSTC-ROAD" : "ILSTC-RAIL";

    assertThat(CATALOGUE.corridorOf(lineId)).map(Corridor::id).hasValue(expected);
  }

  @Test
  void corridorOfAnUnknownLineIsEmpty() {
    assertThat(CATALOGUE.corridorOf("ILSTC-ROAD")).isEmpty();
    assertThat(CATALOGUE.corridorOf("CN-PINGXIANG")).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("lineIds")
  void onlyTheWesternRailLineIsPlanned(String lineId) {
    LineState expected =
        lineId.equals("ILSTC-RAIL-WESTERN") ? LineState.PLANNED : LineState.OPERATING;

    assertThat(CATALOGUE.line(lineId).state()).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("lineIds")
  void chineseHubIsAChineseInlandHubOnTheRoute(String lineId) {
    Line line = CATALOGUE.line(lineId);
    // road lines leave from Nanpeng, rail lines from the Tuanjie Village rail hub
    String expected = ROAD_LINES.contains(lineId) ? "CN-CHONGQING-NANPENG" : "CN-CHONGQING-TUANJIE";

    assertThat(line.chineseHub()).isEqualTo(expected);
    assertThat(line.route()).contains(line.chineseHub());
    Node hub = CATALOGUE.node(line.chineseHub()).orElseThrow();
    assertThat(hub.kind()).isEqualTo(NodeKind.INLAND_HUB);
    assertThat(hub.country()).isEqualTo("CN");
  }

  @Test
  void standardIsOneSharedInstance() {
    assertThat(CorridorCatalogue.standard()).isSameAs(CorridorCatalogue.standard());
  }
}
