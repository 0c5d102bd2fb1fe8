package org.corridorwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every command's durations and instants read as people type them, wherever the option is declared,
 * and a bad one is one line and the usage exit code.
 */
class CommandLinesTest {
  static final class Waits {
    @Option(names = "--quiet", defaultValue = "5s")
    Duration quiet;
  }

  static final class Window {
    @Option(names = "--from")
    Instant from;
  }

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Option(names = "--timeout", defaultValue = "3m")
    Duration timeout;

    @Mixin Waits waits = new Waits();

    @ArgGroup(exclusive = false)
    Window window;

    @Override
    public void run() {}
  }

  @Test
  void durationsAndInstantsReadAsTypedInOptionsMixinsAndGroups() {
    Probe probe = new Probe();
    CommandLines.create(probe).parseArgs("--timeout", "90s", "--from", "2019-07-01");

    assertThat(probe.timeout).isEqualTo(Duration.ofSeconds(90));
    assertThat(probe.waits.quiet).isEqualTo(Duration.ofSeconds(5));
    assertThat(probe.window.from).isEqualTo(Instant.parse("2019-07-01T00:00:00Z"));
  }

  @Test
  void aDurationPeopleCannotTypeIsOneLineAndTheUsageCode() {
    StringWriter err = new StringWriter();
    CommandLine line = CommandLines.create(new Probe());
    line.setErr(new PrintWriter(err));

    int code = line.execute("--quiet", "soon");

    assertThat(code).isEqualTo(CommandLines.USAGE);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("--quiet");
  }

  @Command(name = "fails")
  static final class Fails implements java.util.concurrent.Callable<Integer> {
    final Exception thrown;

    Fails(Exception thrown) {
      this.thrown = thrown;
    }

    @Override
    public Integer call() throws Exception {
      throw thrown;
    }
  }

  private static String failing(Exception thrown, int expectedCode) {
    StringWriter err = new StringWriter();
    CommandLine line = CommandLines.create(new Fails(thrown));
    line.setErr(new PrintWriter(err));
    assertThat(line.execute()).isEqualTo(expectedCode);
    return err.toString().strip();
  }

  @Test
  void aMissingFileEvenWrappedIsOneLineNamingItAndExitCodeOne() {
    String err =
        failing(
            new java.io.UncheckedIOException(
                new java.nio.file.NoSuchFileException("/nowhere/expected.json")),
            1);
    assertThat(err).isEqualTo("fails: no such file or folder: /nowhere/expected.json");
  }

  @Test
  void wrongKafkaSettingsAndAnUnansweringBrokerAreOneLineSayingWhatToCheck() {
    assertThat(
            failing(
                new org.apache.kafka.common.KafkaException(
                    "Failed to construct kafka consumer",
                    new org.apache.kafka.common.config.ConfigException(
                        "Invalid url in bootstrap.servers: garbage")),
                1))
        .doesNotContain("\n")
        .contains("Invalid url in bootstrap.servers: garbage")
        .contains("--bootstrap-servers");
    assertThat(
            failing(
                new org.apache.kafka.common.errors.TimeoutException(
                    "Timeout expired while fetching topic metadata"),
                1))
        .doesNotContain("\n")
        .contains("Timeout expired while fetching topic metadata")
        .contains("is a broker running");
  }

  @Test
  void anythingElseIsABugAndKeepsItsTrace() {
    CommandLine line = CommandLines.create(new Fails(new IllegalStateException("a bug")));
    line.setErr(new PrintWriter(new StringWriter()));
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err));
    line.execute();
    assertThat(err.toString()).contains("IllegalStateException").contains("\tat ");
  }

  /** Declares nothing about help: the conventions come from {@link CommandLines} alone. */
  @Command(name = "plain")
  static final class Plain implements Runnable {
    @Option(names = "--zeta", description = "Declared first.")
    String zeta;

    @Option(names = "--alpha", description = "Declared second.")
    String alpha;

    @Override
    public void run() {}
  }

  @Test
  void everyCommandAnswersHelpWithItsOptionsInTheOrderDeclared() {
    StringWriter out = new StringWriter();
    CommandLine line = CommandLines.create(new Plain());
    line.setOut(new PrintWriter(out));

    assertThat(line.execute("--help")).isZero();

    String help = out.toString();
    assertThat(help).contains("--help").contains("--version");
    // in the option list, where an option starts its line (the synopsis brackets them)
    assertThat(help.indexOf("  --zeta")).isPositive().isLessThan(help.indexOf("  --alpha"));
  }
}
