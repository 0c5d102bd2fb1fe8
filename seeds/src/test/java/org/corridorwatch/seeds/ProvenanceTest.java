package org.corridorwatch.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves every seed record's provenance is either a verbatim source citation or a reasoned guess.
 */
class ProvenanceTest {
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  @BeforeAll
  static void sourcesAreThere() {
    // fail once, clearly, rather than once per record
    SourceDocuments.directory();
  }

  @Test
  void everyCitationIsVerbatimOnItsLineAndEveryAssumptionHasAReason() {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Node n : CATALOGUE.nodes()) {
      checked += check(failures, "nodes.json: " + n.id(), n.provenance());
      if (n.capacity() != null) {
        checked +=
            check(failures, "nodes.json: " + n.id() + " capacity", n.capacity().provenance());
      }
    }
    for (Line l : CATALOGUE.lines()) {
      checked += check(failures, "lines.json: " + l.id(), l.provenance());
      if (l.routeAssumption() != null) {
        checked +=
            check(failures, "lines.json: " + l.id() + " routeAssumption", l.routeAssumption());
        if (!l.routeAssumption().assumed()) {
          failures.add("lines.json: " + l.id() + " routeAssumption: is not marked assumed");
        }
      }
    }
    for (Corridor c : CATALOGUE.corridors()) {
      checked += check(failures, "corridors.json: " + c.id(), c.provenance());
    }
    for (ReportedFigure f : CATALOGUE.figures()) {
      checked += check(failures, "figures.json: " + f.id(), f.provenance());
    }

    assertThat(failures).as("bad provenance among %d checked", checked).isEmpty();
  }

  @Test
  void onlyPingxiangHasASourcedCapacity() {
    List<String> sourced =
        CATALOGUE.ports().stream()
            .filter(p -> p.capacity() != null && !p.capacity().provenance().assumed())
            .map(Node::id)
            .toList();

    assertThat(sourced).containsExactly("CN-PINGXIANG");
  }

  @Test
  void everyPortHasACapacityAndNoHubHasOne() {
    List<String> failures = new ArrayList<>();
    for (Node n : CATALOGUE.nodes()) {
      if (n.isPort() && n.capacity() == null) {
        failures.add(n.id() + ": port without a capacity");
      } else if (!n.isPort() && n.capacity() != null) {
        failures.add(n.id() + ": hub with a capacity");
      }
    }

    assertThat(failures).isEmpty();
    assertThat(CATALOGUE.ports()).isNotEmpty().hasSizeLessThan(CATALOGUE.nodes().size());
  }

  /** Adds what is wrong with {@code p} to {@code failures}; returns 1, the count of checks. */
  private static int check(List<String> failures, String record, Provenance p) {
    if (p == null) {
      failures.add(record + ": no provenance");
    } else if (p.assumed()) {
      if (p.reason() == null || p.reason().isBlank()) {
        failures.add(record + ": assumed without a reason");
      }
      if (p.doc() != null || p.line() != null || p.cites() != null) {
        failures.add(record + ": assumed, yet cites " + p.doc() + ":" + p.line() + " " + p.cites());
      }
    } else if (p.doc() == null || p.line() == null || p.cites() == null || p.cites().isBlank()) {
      failures.add(record + ": cites no doc, line and text: " + p);
    } else {
      String line;
      try {
        line = SourceDocuments.line(p.doc(), p.line());
      } catch (AssertionError e) {
        failures.add(record + ": " + e.getMessage());
        return 1;
      }
      if (!line.contains(p.cites())) {
        failures.add(record + ": \"" + p.cites() + "\" is not on " + p.label() + ": " + line);
      }
    }
    return 1;
  }
}
