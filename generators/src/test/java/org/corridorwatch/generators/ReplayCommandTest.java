package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.Scenario;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.JsonLinesSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The replay command: help, --list, one-line usage errors, and a dry run. */
class ReplayCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private CommandLine commandLine;

  private int run(String... args) {
    commandLine = CommandLines.create(new ReplayCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private void assertUsageError(String mentions, String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertThat(run(args)).as(String.join(" ", args)).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString().strip().lines())
        .as("stderr of %s", String.join(" ", args))
        .singleElement()
        .asString()
        .contains(mentions);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpNamesEveryOptionAndScenario() {
    assertThat(run("--help")).isZero();
    String help = out.toString();
    assertThat(help).contains("--broker-wait=DURATION").contains("Default: 15m.");
    List<OptionSpec> options = commandLine.getCommandSpec().options();
    assertThat(options).hasSizeGreaterThan(20);
    for (OptionSpec option : options) {
      String name = option.longestName();
      // picocli shows a negatable option once, as --[no-]name
      String shown = option.negatable() ? "--[no-]" + name.substring(2) : name;
      assertThat(help).as("help shows %s", name).contains(shown);
    }
    assertThat(help).contains(Scenarios.names());
  }

  @Test
  void listShowsEveryScenarioWithItsSources() {
    assertThat(run("--list")).isZero();
    String list = out.toString();
    for (Scenario s : Scenarios.all()) {
      assertThat(list).contains(s.name(), s.summary(), s.provenance());
      assertThat(s.provenance()).startsWith("Sourced:");
    }
    assertThat(list.split("Sourced:", -1)).hasSize(Scenarios.all().size() + 1);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void badArgumentsAreOneLineAndUsageExitCode(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("records.jsonl");
    Files.writeString(file, "");
    assertUsageError("--nope", "pingxiang-overload", "--nope");
    assertUsageError("atlantis", "atlantis");
    assertUsageError("--late", "pingxiang-overload", "--late", "2");
    // 45 min behind is late for a crossing's slot, not for a shipment's hour
    assertUsageError(
        "--late-by must be at least 1h plus --out-of-orderness (65m)",
        "baseline",
        "--late-by",
        "45m");
    assertUsageError("--broker-wait must be from 2s to 24d", "baseline", "--broker-wait", "1s");
    assertUsageError("write it like 90s", "baseline", "--broker-wait", "soon");
    assertUsageError("--from", "pingxiang-overload", "--from", "2019-07-03", "--to", "2019-07-02");
    assertUsageError("--rate", "pingxiang-overload", "--rate", "0");
    assertUsageError("--file", "pingxiang-overload", "--file", file.toString());
  }

  @Test
  void dryRunPrintsTheSameBytesAsTheLibraryAndWritesTheKnownAnswers(@TempDir Path dir)
      throws IOException {
    Path expected = dir.resolve("expected.json");
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      exit =
          run(
              "pingxiang-overload",
              "--days",
              "1",
              "--dry-run",
              "--no-progress",
              "--expected",
              expected.toString());
    } finally {
      System.setOut(realOut);
      System.setErr(realErr);
    }
    assertThat(exit).as("exit code; stderr: %s%s", err, stderr).isZero();

    // the command's defaults: seed 20190701, disorder 2m, nothing injected
    ByteArrayOutputStream library = new ByteArrayOutputStream();
    JsonLinesSink sink = new JsonLinesSink(library);
    Replay.of(
            CollectingSink.plan(
                "pingxiang-overload",
                1,
                ReplayCommand.DEFAULT_SEED,
                new InjectionSettings(
                    2 * 60_000L, 0, 0, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0)),
            CollectingSink.CATALOGUE,
            sink,
            Pacer.unlimited(),
            null)
        .run();
    sink.close();
    assertThat(library.size()).isPositive();
    assertThat(stdout.toByteArray()).isEqualTo(library.toByteArray());

    long lines = stdout.toString(StandardCharsets.UTF_8).lines().count();
    assertThat(stderr.toString(StandardCharsets.UTF_8).strip().lines())
        .singleElement()
        .asString()
        .startsWith("corridor-watch replay: sent " + String.format("%,d records", lines))
        .contains("to standard output");
    KnownAnswersFile answers = KnownAnswersFile.read(expected);
    assertThat(answers.counted()).isEqualTo(lines);
    assertThat(answers.duplicates()).isZero();
    assertThat(answers.deadLetters().values()).allMatch(n -> n == 0);
    assertThat(answers.utilisation()).isNotEmpty();
    // the port waits survive the file's round trip exactly as the oracle worked them out
    KnownAnswers oracle = CollectingSink.oracle();
    CollectingSink.replay(
        CollectingSink.plan(
            "pingxiang-overload",
            1,
            ReplayCommand.DEFAULT_SEED,
            new InjectionSettings(2 * 60_000L, 0, 0, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0)),
        oracle);
    assertThat(answers.portWaits()).isNotEmpty().isEqualTo(oracle.portWaits());
    assertThat(answers.assumptions()).containsEntry("maxWait", "PT48H");
  }
}
