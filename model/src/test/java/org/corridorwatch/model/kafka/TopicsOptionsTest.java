package org.corridorwatch.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Topics;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The topic mixins: the contract's names by default, renamed by option, a bad name refused. */
class TopicsOptionsTest {
  @Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false)
  static final class Probe implements Callable<Integer> {
    @Mixin InputTopicsOptions inputs = new InputTopicsOptions();
    @Mixin OutputTopicsOptions outputs = new OutputTopicsOptions();

    InputTopics in;
    OutputTopics out;

    @Override
    public Integer call() {
      in = inputs.topics();
      out = outputs.topics();
      return 0;
    }
  }

  private record Run(int exitCode, String err, Probe probe) {}

  private static Run run(String... args) {
    Probe probe = new Probe();
    CommandLine line = CommandLines.create(probe);
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err));
    line.setOut(new PrintWriter(new StringWriter()));
    return new Run(line.execute(args), err.toString(), probe);
  }

  @Test
  void withNothingGivenTheyAreTheContractsNames() {
    Run run = run();
    assertThat(run.exitCode()).isZero();
    assertThat(run.probe().in).isEqualTo(InputTopics.contract());
    assertThat(run.probe().out).isEqualTo(OutputTopics.contract());
    assertThat(OutputTopics.contract().all())
        .containsExactly(
            Topics.PORT_UTILISATION,
            Topics.TRADE_BALANCE,
            Topics.ALERTS,
            Topics.PORT_WAITS,
            Topics.DEAD_LETTER);
    // a mixin never parsed has the same names
    assertThat(new InputTopicsOptions().topics()).isEqualTo(InputTopics.contract());
    assertThat(new OutputTopicsOptions().topics()).isEqualTo(OutputTopics.contract());
  }

  @Test
  void eachOptionRenamesItsOwnTopic() {
    Run run =
        run(
            "--topic-crossings=a.crossings",
            "--topic-shipments=a.shipments",
            "--topic-control=a.control",
            "--topic-utilisation=a.utilisation",
            "--topic-balance=a.balance",
            "--topic-alerts=a.alerts",
            "--topic-port-waits=a.port-waits",
            "--topic-dead-letters=a.deadletter");
    assertThat(run.exitCode()).isZero();
    assertThat(run.probe().in)
        .isEqualTo(new InputTopics("a.crossings", "a.shipments", "a.control"));
    assertThat(run.probe().out)
        .isEqualTo(
            new OutputTopics(
                "a.utilisation", "a.balance", "a.alerts", "a.port-waits", "a.deadletter"));
  }

  @Test
  void aNameKafkaWouldRefuseStopsTheCommandWithOneLine() {
    Run run = run("--topic-alerts", "alerts v1");
    assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("--topic-alerts").contains("'alerts v1' is not a topic name");
  }

  @Test
  void oneTopicNamedTwiceStopsTheCommandWithOneLine() {
    Run run = run("--topic-shipments", Topics.BORDER_CROSSINGS);
    assertThat(run.exitCode()).isEqualTo(CommandLines.USAGE);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err())
        .contains(
            "the input topics must differ, but " + Topics.BORDER_CROSSINGS + " is named twice");
  }

  @Test
  void theHelpListsEachTopicOptionOnceWithItsDefault() {
    String help = CommandLines.create(new Probe()).getUsageMessage();
    for (String option :
        new String[] {
          "--topic-crossings", "--topic-shipments", "--topic-control", "--topic-utilisation",
          "--topic-balance", "--topic-alerts", "--topic-port-waits", "--topic-dead-letters"
        }) {
      // once in the list of options, beside once in the synopsis
      assertThat(help.lines().filter(l -> l.trim().startsWith(option + "="))).as(option).hasSize(1);
    }
    assertThat(help).contains("Default: " + Topics.SHIPMENTS + ".");
  }

  @Test
  void aTopicTellsTheKindOfRecordItCarries() {
    InputTopics topics = InputTopics.contract();
    assertThat(topics.kindOf(Topics.SHIPMENTS)).isEqualTo(InputRecord.Kind.SHIPMENT);
    assertThat(topics.kindOf(Topics.ALERTS)).isNull();
    assertThatThrownBy(() -> new OutputTopics("a", "b", "c", "d", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the output topics must differ, but a is named twice");
  }
}
