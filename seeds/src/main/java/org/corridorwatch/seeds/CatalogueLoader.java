package org.corridorwatch.seeds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the seed files and checks them as a whole before anything may use them. Every problem is
 * collected, so one run of a broken edit shows all that needs fixing.
 */
final class CatalogueLoader {
  static final String SOURCES = "sources.json";
  static final String NODES = "nodes.json";
  static final String LINES = "lines.json";
  static final String CORRIDORS = "corridors.json";
  static final String FIGURES = "figures.json";

  private static final Pattern NODE_ID = Pattern.compile("[A-Z]{2}(-[A-Z0-9]+)+");
  private static final Pattern LINE_OR_CORRIDOR_ID = Pattern.compile("[A-Z0-9]+(-[A-Z0-9]+)*");
  private static final Pattern FIGURE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** Opens one seed file by name. */
  @FunctionalInterface
  interface SeedFiles {
    InputStream open(String name) throws IOException;
  }

  private record SourcesFile(List<SourceDocument> sources) {}

  private record NodesFile(List<Node> nodes) {}

  private record LinesFile(List<Line> lines) {}

  private record CorridorsFile(List<Corridor> corridors) {}

  private record FiguresFile(List<ReportedFigure> figures) {}

  // strict: a misspelt field in a seed file must fail, not vanish
  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final String origin;
  private final SeedFiles files;
  private final List<String> problems = new ArrayList<>();

  CatalogueLoader(String origin, SeedFiles files) {
    this.origin = origin;
    this.files = files;
  }

  CorridorCatalogue load() {
    List<SourceDocument> sources = read(SOURCES, SourcesFile.class, SourcesFile::sources);
    List<Node> nodes = read(NODES, NodesFile.class, NodesFile::nodes);
    List<Line> lines = read(LINES, LinesFile.class, LinesFile::lines);
    List<Corridor> corridors = read(CORRIDORS, CorridorsFile.class, CorridorsFile::corridors);
    List<ReportedFigure> figures = read(FIGURES, FiguresFile.class, FiguresFile::figures);
    if (problems.isEmpty()) {
      Set<String> docs = checkSources(sources);
      Map<String, Node> nodesById = checkNodes(nodes, docs);
      checkLines(lines, nodesById, docs);
      checkCorridors(corridors, lines, docs);
      checkFigures(figures, nodesById.keySet(), lines, corridors, docs);
      checkIdsUnique(nodes, lines, corridors);
    }
    if (!problems.isEmpty()) {
      throw new CatalogueException(origin, problems);
    }
    return new CorridorCatalogue(sources, nodes, lines, corridors, figures);
  }

  private <F, T> List<T> read(String name, Class<F> type, Function<F, List<T>> records) {
    try (InputStream in = files.open(name)) {
      if (in == null) {
        problems.add(name + ": file not found");
        return List.of();
      }
      byte[] json = in.readAllBytes();
      List<T> list;
      try {
        F file = mapper.readValue(json, type);
        list = file == null ? null : records.apply(file);
      } catch (JsonMappingException e) {
        // e.g. a misspelt field: name the record it is in, as every other problem does
        problems.add(name + ": " + recordOf(json, e) + firstLine(e));
        return List.of();
      }
      if (list == null) {
        problems.add(name + ": has no record list");
        return List.of();
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null) {
          problems.add(name + ": entry " + i + " is null");
        }
      }
      return list;
    } catch (IOException e) {
      problems.add(name + ": " + firstLine(e));
      return List.of();
    }
  }

  private static String firstLine(IOException e) {
    return String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
  }

  /** "ID: " of the record a mapping error is in ("entry N: " if it has no id), else "". */
  private String recordOf(byte[] json, JsonMappingException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    if (path.size() < 2 || path.get(0).getFieldName() == null || path.get(1).getIndex() < 0) {
      return "";
    }
    int index = path.get(1).getIndex();
    try {
      JsonNode id = mapper.readTree(json).path(path.get(0).getFieldName()).path(index).path("id");
      if (id.isTextual()) {
        return id.asText() + ": ";
      }
    } catch (IOException unreadable) {
      // the error itself is reported; fall back to the entry number
    }
    return "entry " + index + ": ";
  }

  private void problem(String file, String id, String text) {
    problems.add(file + ": " + id + ": " + text);
  }

  private void checkProvenance(
      String file, String id, String what, Provenance p, Set<String> docs) {
    if (p == null) {
      problem(file, id, "missing " + what);
      return;
    }
    String problem = p.problem(docs);
    if (problem != null) {
      problem(file, id, what + ": " + problem);
    }
  }

  private Set<String> checkSources(List<SourceDocument> sources) {
    Set<String> docs = new HashSet<>();
    for (SourceDocument s : sources) {
      if (s.file() == null || s.file().isBlank() || s.title() == null || s.title().isBlank()) {
        problem(SOURCES, String.valueOf(s.file()), "needs file and title");
      } else if (!docs.add(s.file())) {
        problem(SOURCES, s.file(), "duplicate ID");
      }
    }
    return docs;
  }

  private Map<String, Node> checkNodes(List<Node> nodes, Set<String> docs) {
    Map<String, Node> byId = new HashMap<>();
    for (Node n : nodes) {
      String id = String.valueOf(n.id());
      if (n.id() == null || !NODE_ID.matcher(n.id()).matches()) {
        problem(NODES, id, "id must look like CC-NAME (upper case, ISO country prefix)");
      } else if (byId.putIfAbsent(n.id(), n) != null) {
        problem(NODES, id, "duplicate ID");
      }
      if (n.country() == null || n.id() == null || !n.id().startsWith(n.country() + "-")) {
        problem(NODES, id, "country '" + n.country() + "' must be the id's prefix");
      }
      if (n.name() == null || n.name().isBlank()) {
        problem(NODES, id, "missing name");
      }
      if (n.kind() == null) {
        problem(NODES, id, "missing kind");
      }
      if (n.modes() == null || n.modes().isEmpty()) {
        problem(NODES, id, "needs at least one transport mode");
      }
      checkProvenance(NODES, id, "provenance", n.provenance(), docs);
      if (n.kind() != null && n.isPort()) {
        checkCapacity(id, n.capacity(), docs);
      } else if (n.capacity() != null) {
        problem(NODES, id, "a hub takes no capacity; only ports carry crossings");
      }
    }
    return byId;
  }

  private void checkCapacity(String id, Capacity c, Set<String> docs) {
    if (c == null) {
      problem(NODES, id, "a port needs a capacity (mark it assumed where the sources give none)");
      return;
    }
    if (c.designedTripsPerDayMax() < 1) {
      problem(NODES, id, "designedTripsPerDayMax must be at least 1: utilisation divides by it");
    }
    if (c.designedTripsPerDayMin() < 0 || c.designedTripsPerDayMin() > c.designedTripsPerDayMax()) {
      problem(NODES, id, "designedTripsPerDayMin must be from 0 to designedTripsPerDayMax");
    }
    checkProvenance(NODES, id, "capacity provenance", c.provenance(), docs);
  }

  private void checkLines(List<Line> lines, Map<String, Node> nodes, Set<String> docs) {
    for (Line l : lines) {
      String id = String.valueOf(l.id());
      if (l.id() == null || !LINE_OR_CORRIDOR_ID.matcher(l.id()).matches()) {
        problem(LINES, id, "id must be upper case words joined by '-'");
      }
      if (l.name() == null || l.mode() == null || l.state() == null) {
        problem(LINES, id, "needs name, mode and state");
      }
      if (l.lengthKm() != null && l.lengthKm() <= 0) {
        problem(LINES, id, "lengthKm must be positive or absent");
      }
      checkProvenance(LINES, id, "provenance", l.provenance(), docs);
      if (l.routeAssumption() != null && !l.routeAssumption().assumed()) {
        problem(LINES, id, "routeAssumption must be marked assumed: true");
      }
      if (l.routeAssumption() != null) {
        checkProvenance(LINES, id, "routeAssumption", l.routeAssumption(), docs);
      }
      if (l.route() == null || l.route().size() < 2) {
        problem(LINES, id, "route needs at least two stops");
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (String stop : l.route()) {
        if (!nodes.containsKey(stop)) {
          problem(LINES, id, "route names unknown node " + stop);
        } else if (!seen.add(stop)) {
          problem(LINES, id, "route visits " + stop + " twice");
        }
      }
      for (Map.Entry<String, List<String>> alt : l.alternatives().entrySet()) {
        if (!l.route().contains(alt.getKey())) {
          problem(
              LINES, id, "alternative given for " + alt.getKey() + ", which is not on the route");
        }
        for (String instead : alt.getValue()) {
          if (!nodes.containsKey(instead)) {
            problem(LINES, id, "alternative names unknown node " + instead);
          }
        }
      }
      Node hub = nodes.get(l.chineseHub());
      if (hub == null || !l.route().contains(l.chineseHub())) {
        problem(LINES, id, "chineseHub " + l.chineseHub() + " must be a node on the route");
      } else if (hub.kind() != NodeKind.INLAND_HUB || !"CN".equals(hub.country())) {
        problem(LINES, id, "chineseHub " + l.chineseHub() + " must be a Chinese inland hub");
      }
    }
  }

  private void checkCorridors(List<Corridor> corridors, List<Line> lines, Set<String> docs) {
    Set<String> lineIds = new HashSet<>();
    lines.forEach(l -> lineIds.add(l.id()));
    Map<String, String> corridorOfLine = new HashMap<>();
    for (Corridor c : corridors) {
      String id = String.valueOf(c.id());
      if (c.id() == null || !LINE_OR_CORRIDOR_ID.matcher(c.id()).matches()) {
        problem(CORRIDORS, id, "id must be upper case words joined by '-'");
      }
      checkProvenance(CORRIDORS, id, "provenance", c.provenance(), docs);
      if (c.lines() == null || c.lines().isEmpty()) {
        problem(CORRIDORS, id, "needs at least one line");
        continue;
      }
      for (String line : c.lines()) {
        if (!lineIds.contains(line)) {
          problem(CORRIDORS, id, "names unknown line " + line);
        }
        String other = corridorOfLine.putIfAbsent(line, c.id());
        if (other != null) {
          problem(CORRIDORS, id, "line " + line + " is already in corridor " + other);
        }
      }
    }
  }

  private void checkFigures(
      List<ReportedFigure> figures,
      Set<String> nodeIds,
      List<Line> lines,
      List<Corridor> corridors,
      Set<String> docs) {
    Set<String> subjects = new HashSet<>(nodeIds);
    lines.forEach(l -> subjects.add(l.id()));
    corridors.forEach(c -> subjects.add(c.id()));
    Set<String> ids = new HashSet<>();
    for (ReportedFigure f : figures) {
      String id = String.valueOf(f.id());
      if (f.id() == null || !FIGURE_ID.matcher(f.id()).matches()) {
        problem(FIGURES, id, "id must be lower case words joined by '-'");
      } else if (!ids.add(f.id())) {
        problem(FIGURES, id, "duplicate ID");
      }
      if (f.value() == null || f.value().compareTo(BigDecimal.ZERO) < 0) {
        problem(FIGURES, id, "value must be a number of at least 0");
      }
      if (f.metric() == null || f.unit() == null) {
        problem(FIGURES, id, "needs metric and unit");
      }
      if (f.subject() != null && !subjects.contains(f.subject())) {
        problem(
            FIGURES, id, "subject " + f.subject() + " is not a catalogue node, line or corridor");
      }
      checkProvenance(FIGURES, id, "provenance", f.provenance(), docs);
    }
  }

  /** Nodes, lines and corridors share one id space, so a key like {@code LINE:x} is unambiguous. */
  private void checkIdsUnique(List<Node> nodes, List<Line> lines, List<Corridor> corridors) {
    Map<String, String> fileOf = new HashMap<>();
    nodes.forEach(n -> fileOf.put(n.id(), NODES));
    for (Line l : lines) {
      String earlier = fileOf.putIfAbsent(l.id(), LINES);
      if (earlier != null) {
        problem(LINES, l.id(), "duplicate ID (also in " + earlier + ")");
      }
    }
    for (Corridor c : corridors) {
      String earlier = fileOf.putIfAbsent(c.id(), CORRIDORS);
      if (earlier != null) {
        problem(CORRIDORS, c.id(), "duplicate ID (also in " + earlier + ")");
      }
    }
  }
}
