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
}
