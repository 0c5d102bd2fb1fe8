package org.corridorwatch.seeds;

import java.io.PrintWriter;
import java.util.stream.Collectors;

/** Plain-text tables of the catalogue, for people at a terminal. */
final class CatalogueReport {
  private final CorridorCatalogue catalogue;

  CatalogueReport(CorridorCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  void print(PrintWriter out, String section) {
    long assumed =
        catalogue.ports().stream().filter(p -> p.capacity().provenance().assumed()).count();
    out.printf(
        "seed catalogue: %d ports (%d with assumed capacity), %d hubs, %d lines, %d corridors,"
            + " %d reported figures, from %d source documents%n",
        catalogue.ports().size(),
        assumed,
        catalogue.nodes().size() - catalogue.ports().size(),
        catalogue.lines().size(),
        catalogue.corridors().size(),
        catalogue.figures().size(),
        catalogue.sources().size());
    boolean all = section.equals("all");
    if (all || section.equals("ports")) {
      printPorts(out);
    }
    if (all || section.equals("lines")) {
      printLines(out);
    }
    if (all || section.equals("corridors")) {
      printCorridors(out);
    }
    if (all || section.equals("figures")) {
      printFigures(out);
    }
  }

  private void printPorts(PrintWriter out) {
    out.printf(
        "%nPORTS%n%-16s %-12s %-16s %9s  %-30s %s%n",
        "id", "kind", "modes", "trips/day", "capacity from", "named at");
    for (Node port : catalogue.ports()) {
      Capacity c = port.capacity();
      out.printf(
          "%-16s %-12s %-16s %4d-%-4d  %-30s %s%n",
          port.id(),
          port.kind(),
          port.modes().stream().map(Enum::name).collect(Collectors.joining(",")),
          c.designedTripsPerDayMin(),
          c.designedTripsPerDayMax(),
          c.provenance().label(),
          port.provenance().label());
    }
  }

  private void printLines(PrintWriter out) {
    out.printf("%nLINES%n");
    for (Line line : catalogue.lines()) {
      out.printf(
          "%-26s %-20s %-9s %8s  %s  [%s]%n",
          line.id(),
          line.mode(),
          line.state(),
          line.lengthKm() == null ? "-" : String.format("%,d km", line.lengthKm()),
          String.join(" > ", line.route()),
          line.provenance().label() + (line.routeAssumption() == null ? "" : "; route assumed"));
    }
  }

  private void printCorridors(PrintWriter out) {
    out.printf("%nCORRIDORS%n");
    for (Corridor corridor : catalogue.corridors()) {
      out.printf(
          "%-11s %s  [%s]%n",
          corridor.id(), String.join(", ", corridor.lines()), corridor.provenance().label());
    }
  }

  private void printFigures(PrintWriter out) {
    out.printf("%nREPORTED FIGURES%n");
    for (ReportedFigure f : catalogue.figures()) {
      out.printf(
          "%-38s %12s %-22s %-14s [%s]%n",
          f.id(), f.value().toPlainString(), f.unit(), f.period(), f.provenance().label());
    }
  }
}
