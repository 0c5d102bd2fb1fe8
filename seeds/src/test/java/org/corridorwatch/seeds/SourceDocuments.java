package org.corridorwatch.seeds;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads lines of the source documents that seed provenance cites, for tests. */
final class SourceDocuments {
  /** The system property naming the directory of the source documents; surefire sets it. */
  static final String PROPERTY = "corridor.sources.dir";

  private static final Map<String, List<String>> LINES = new ConcurrentHashMap<>();

  private SourceDocuments() {}

  /** The documents' directory; fails the test, saying how to set it, when it is not there. */
  static Path directory() {
    String dir = System.getProperty(PROPERTY);
    if (dir == null || dir.isBlank()) {
      fail(
          "system property "
              + PROPERTY
              + " is not set; the source documents are expected in ../shared/sources beside the"
              + " repository root. Run through Maven, or pass -D"
              + PROPERTY
              + "=/path/to/shared/sources");
    }
    Path path = Path.of(dir);
    if (!Files.isDirectory(path)) {
      fail(
          "the source documents were expected in "
              + path.toAbsolutePath()
              + " ("
              + PROPERTY
              + "), which is not a directory; pass -D"
              + PROPERTY
              + "=/path/to/shared/sources");
    }
    return path;
  }

  /** All lines of a document, split on '\n'; fails the test when the document is missing. */
  static List<String> lines(String doc) {
    return LINES.computeIfAbsent(doc, SourceDocuments::read);
  }

  /** The 1-based line {@code number} of {@code doc}; fails the test when there is no such line. */
  static String line(String doc, int number) {
    List<String> lines = lines(doc);
    if (number < 1 || number > lines.size()) {
      fail(doc + " has lines 1 to " + lines.size() + ", so no line " + number);
    }
    return lines.get(number - 1);
  }

  /** The line a non-assumed provenance cites. */
  static String line(Provenance provenance) {
    if (provenance.assumed()) {
      fail("assumed provenance cites no line: " + provenance);
    }
    return line(provenance.doc(), provenance.line());
  }

  private static List<String> read(String doc) {
    Path file = directory().resolve(doc);
    if (!Files.isRegularFile(file)) {
      fail("source document " + doc + " not found at " + file.toAbsolutePath());
    }
    try {
      // split on '\n' alone, keeping trailing empty lines, so numbers match the file's own
      return List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
