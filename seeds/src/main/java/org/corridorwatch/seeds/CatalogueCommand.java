package org.corridorwatch.seeds;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints the seed catalogue with the provenance of every value, or checks an edited copy of the
 * seed files before it is committed. Exit code 1 means the catalogue is broken; the problems are
 * listed one per line.
 */
@Command(
    name = "corridor-watch catalogue",
    version = "corridor-watch catalogue 0.1.0",
    description = {
      "Prints the reference data corridor-watch runs on: ports with designed capacity, lines,"
          + " corridors and the figures the source documents report, each with its provenance"
          + " (document:line, or 'assumed').",
      "With --dir, loads and checks an edited copy of the seed files instead."
    })
public final class CatalogueCommand implements Callable<Integer> {
  /** What to print. */
  enum Section {
    all,
    ports,
    lines,
    corridors,
    figures,
    none
  }

  @Spec private CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Load the seed files (nodes.json, lines.json, ...) from DIR instead of the built-in"
              + " catalogue. Default: the catalogue built into the jar.")
  private Path dir;

  @Option(
      names = "--section",
      paramLabel = "SECTION",
      defaultValue = "all",
      description = "What to print: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  private Section section;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (dir != null && !Files.isDirectory(dir)) {
      err.println("corridor-watch catalogue: --dir " + dir + " is not a directory");
      return CommandLines.USAGE;
    }
    CorridorCatalogue catalogue;
    try {
      catalogue = dir == null ? CorridorCatalogue.standard() : CorridorCatalogue.load(dir);
    } catch (CatalogueException e) {
      err.println(e.getMessage());
      return 1;
    }
    new CatalogueReport(catalogue).print(out, section.name());
    out.flush();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new CatalogueCommand(), args));
  }
}
