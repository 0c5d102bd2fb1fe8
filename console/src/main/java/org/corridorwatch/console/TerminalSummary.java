package org.corridorwatch.console;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.console.web.ConsoleJson;
import org.corridorwatch.console.web.ConsoleState;
import org.corridorwatch.console.web.OutputReader;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.corridorwatch.seeds.CorridorCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints the corridor's state to the terminal: a line per port and corridor, one per port with
 * vehicles in customs, and one per open alert; again whenever a line changes, and at least once a
 * minute (--repeat-after) so a quiet corridor is seen to be watched. It reads the output topics
 * with the web console's own reader and state ({@code read_committed}, from the beginning, so a
 * restart shows the whole picture again).
 */
@Command(
    name = "corridor-watch summary",
    description =
        "Prints a live summary of the output topics: each port's newest utilisation and customs"
            + " waits, each corridor's running balance, open alerts; again when a line changes,"
            + " and once a minute when none does. Reads committed records only.")
public final class TerminalSummary implements Callable<Integer> {
  @Option(
      names = "--every",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "How often to look for changes. Default: ${DEFAULT-VALUE}.")
  Duration every;

  @Option(
      names = "--repeat-after",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description =
          "Print the unchanged summary again after this long, to show it is still live."
              + " Default: ${DEFAULT-VALUE}.")
  Duration repeatAfter;

  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  private final PrintStream out;

  public TerminalSummary() {
    this(System.out);
  }

  TerminalSummary(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (every.toMillis() < 100) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--every must be at least 100ms");
    }
    if (repeatAfter.compareTo(every) < 0) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--repeat-after must be at least as long as --every");
    }
    SummaryReprint reprint = new SummaryReprint(repeatAfter.toMillis());
    ConsoleState state = new ConsoleState(CorridorCatalogue.standard());
    // the web console's reader; nothing subscribes to its changes here, the state is printed
    try (OutputReader reader =
        new OutputReader(
            kafka.readCommittedConsumer(),
            outputTopics.topics(),
            state,
            new ConsoleJson(),
            change -> {},
            alert -> {},
            () -> {})) {
      Thread reading = new Thread(reader, "summary-output-reader");
      reading.setDaemon(true);
      reading.start();
      while (reading.isAlive()) {
        reading.join(every.toMillis());
        long now = System.currentTimeMillis();
        List<String> lines = CorridorSummary.lines(state, now);
        if (reprint.due(lines, now)) {
          out.println();
          lines.forEach(out::println);
          out.flush();
        }
      }
      // the reader ends only when something it cannot recover from stopped it
      throw new CommandFailure("the output reader stopped: " + reader.failure());
    }
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new TerminalSummary(), args));
  }
}
