package org.corridorwatch.seeds;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The corridor's reference data: ports and hubs, lines, corridors and the figures the sources
 * report, each with provenance. Loaded once and checked as a whole; a broken file fails loudly with
 * a {@link CatalogueException} that lists every problem.
 *
 * <p>Instances are immutable and safe to share between threads and operators.
 */
public final class CorridorCatalogue {
  private static final String RESOURCE_DIR = "/corridor-seeds/";

  private final List<SourceDocument> sources;
  private final Map<String, Node> nodes;
  private final Map<String, Line> lines;
  private final Map<String, Corridor> corridors;
  private final Map<String, ReportedFigure> figures;
  private final Map<String, Corridor> corridorOfLine;
  private final Set<String> portIds;

  CorridorCatalogue(
      List<SourceDocument> sources,
      List<Node> nodes,
      List<Line> lines,
      List<Corridor> corridors,
      List<ReportedFigure> figures) {
    this.sources = List.copyOf(sources);
    this.nodes = index(nodes, Node::id);
    this.lines = index(lines, Line::id);
    this.corridors = index(corridors, Corridor::id);
    this.figures = index(figures, ReportedFigure::id);
    Map<String, Corridor> byLine = new LinkedHashMap<>();
    corridors.forEach(c -> c.lines().forEach(l -> byLine.put(l, c)));
    this.corridorOfLine = Map.copyOf(byLine);
    this.portIds =
        nodes.stream().filter(Node::isPort).map(Node::id).collect(Collectors.toUnmodifiableSet());
  }

  private static <T> Map<String, T> index(List<T> records, Function<T, String> id) {
    Map<String, T> byId = new LinkedHashMap<>();
    records.forEach(r -> byId.put(id.apply(r), r));
    return Collections.unmodifiableMap(byId);
  }

  /**
   * The system property naming a folder of seed files to use instead of the ones in this jar: an
   * edited catalogue (more ports, say) without a rebuild. It must be set, to the same folder, on
   * every JVM of a job (client, JobManager, TaskManagers), since each loads the catalogue itself.
   */
  public static final String SEEDS_DIR_PROPERTY = "corridorwatch.seeds.dir";

  private static final class Standard {
    // loaded on first use, once per class loader
    static final CorridorCatalogue INSTANCE = standardFrom(System.getProperty(SEEDS_DIR_PROPERTY));
  }

  /** The seed files in {@code seedsDir} when it is set, else the ones shipped in this jar. */
  static CorridorCatalogue standardFrom(String seedsDir) {
    if (seedsDir != null && !seedsDir.isBlank()) {
      return load(Path.of(seedsDir));
    }
    return new CatalogueLoader(
            "classpath:" + RESOURCE_DIR,
            name -> CorridorCatalogue.class.getResourceAsStream(RESOURCE_DIR + name))
        .load();
  }

  /**
   * The catalogue shipped in this jar (from {@code seeds/data/}), or the seed files in the folder
   * {@link #SEEDS_DIR_PROPERTY} names.
   */
  public static CorridorCatalogue standard() {
    return Standard.INSTANCE;
  }

  /** The seed file {@code name} as shipped in this jar, e.g. to start an edited catalogue from. */
  public static InputStream shippedSeedFile(String name) {
    InputStream in = CorridorCatalogue.class.getResourceAsStream(RESOURCE_DIR + name);
    if (in == null) {
      throw new IllegalArgumentException("no seed file '" + name + "' in this jar");
    }
    return in;
  }

  /** Loads and checks the seed files in {@code directory}, for edited or test catalogues. */
  public static CorridorCatalogue load(Path directory) {
    return new CatalogueLoader(
            directory.toString(),
            name -> {
              try {
                return Files.newInputStream(directory.resolve(name));
              } catch (NoSuchFileException e) {
                return (InputStream) null;
              }
            })
        .load();
  }

  public List<SourceDocument> sources() {
    return sources;
  }

  /** Ports and hubs, in file order. */
  public List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  /** Ports only: the nodes that border-crossing records may name. */
  public List<Node> ports() {
    return nodes.values().stream().filter(Node::isPort).toList();
  }

  public Set<String> portIds() {
    return portIds;
  }

  public Set<String> lineIds() {
    return lines.keySet();
  }

  public Optional<Node> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /** The port with this id; throws when there is none, naming the id. */
  public Node port(String id) {
    Node node = nodes.get(id);
    if (node == null || !node.isPort()) {
      throw new NoSuchElementException("no catalogue port " + id);
    }
    return node;
  }

  public List<Line> lines() {
    return List.copyOf(lines.values());
  }

  public Line line(String id) {
    return require(lines, id, "line");
  }

  public List<Corridor> corridors() {
    return List.copyOf(corridors.values());
  }

  public Corridor corridor(String id) {
    return require(corridors, id, "corridor");
  }

  /** The corridor a line belongs to, if any. */
  public Optional<Corridor> corridorOf(String lineId) {
    return Optional.ofNullable(corridorOfLine.get(lineId));
  }

  public List<ReportedFigure> figures() {
    return List.copyOf(figures.values());
  }

  public ReportedFigure figure(String id) {
    return require(figures, id, "figure");
  }

  private static <T> T require(Map<String, T> map, String id, String what) {
    T value = map.get(id);
    if (value == null) {
      throw new NoSuchElementException("no catalogue " + what + " " + id);
    }
    return value;
  }
}
