package org.corridorwatch.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.corridorwatch.cli.CommandLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The catalogue command: help, one-line errors for bad options, exit codes for broken seeds. */
class CatalogueCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine line = CommandLines.create(new CatalogueCommand());
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    return line.execute(args);
  }

  @Test
  void helpListsEveryOption() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--dir", "--section", "--help", "--version", "Default: all");
  }

  @Test
  void badOptionIsOneLineAndUsageExitCode() {
    assertThat(run("--sektion", "ports")).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString().strip().lines())
        .singleElement()
        .asString()
        .contains("--sektion", "--help");
    assertThat(run("--section", "harbours")).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString()).contains("harbours");
  }

  @Test
  void printsPortsWithProvenance() {
    assertThat(run("--section", "ports")).isZero();
    assertThat(out.toString())
        .contains("18 ports (17 with assumed capacity)")
        .containsPattern("CN-PINGXIANG .* 800-1000 +000_af6e1f0ca54acc67.txt:193")
        .contains("LA-BOTEN")
        .doesNotContain("REPORTED FIGURES");
  }

  @Test
  void brokenSeedDirectoryExitsOneAndListsTheProblem(@TempDir Path dir) throws IOException {
    for (String name :
        new String[] {
          "sources.json", "nodes.json", "lines.json", "corridors.json", "figures.json"
        }) {
      try (InputStream in = getClass().getResourceAsStream("/corridor-seeds/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    Path lines = dir.resolve("lines.json");
    Files.writeString(
        lines,
        Files.readString(lines, StandardCharsets.UTF_8)
            .replace("\"MM-YANGON\"", "\"MM-ATLANTIS\""));

    assertThat(run("--dir", dir.toString(), "--section", "none")).isEqualTo(1);
    assertThat(err.toString())
        .contains("lines.json: ILSTC-ROAD-WESTERN: route names unknown node MM-ATLANTIS");
  }

  @Test
  void missingDirectoryIsAUsageError(@TempDir Path dir) {
    assertThat(run("--dir", dir.resolve("nope").toString())).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString()).contains("is not a directory");
  }
}
