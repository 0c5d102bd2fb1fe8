package org.corridorwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The alert-latency probe's per-alert times as CSV: {@code
 * produced_ms,decided_ms,readable_ms,alert}, epoch milliseconds, the label last because it is free
 * text.
 */
public final class DecisionsCsv {
  static final String HEADER = "produced_ms,decided_ms,readable_ms,alert";

  private DecisionsCsv() {}

  public static void write(Path file, List<OutputLatencies.Decision> decisions) {
    List<String> lines = new ArrayList<>(decisions.size() + 1);
    lines.add(HEADER);
    for (OutputLatencies.Decision d : decisions) {
      lines.add(
          d.producedAtMillis()
              + ","
              + d.decidedAtMillis()
              + ","
              + d.readableAtMillis()
              + ","
              + d.label().replace('\n', ' '));
    }
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Reads what {@link #write} wrote; a line of another shape is an error naming its number. */
  public static List<OutputLatencies.Decision> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + ": not a decisions file (its first line is not " + HEADER + ")");
    }
    List<OutputLatencies.Decision> decisions = new ArrayList<>(lines.size() - 1);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", 4);
      try {
        if (f.length != 4) {
          throw new NumberFormatException("4 fields expected");
        }
        decisions.add(
            new OutputLatencies.Decision(
                f[3], Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
      } catch (NumberFormatException e) {
        throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return decisions;
  }
}
