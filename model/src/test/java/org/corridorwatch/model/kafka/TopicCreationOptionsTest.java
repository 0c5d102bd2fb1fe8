package org.corridorwatch.model.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.corridorwatch.cli.CommandLines;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The job takes the topic-creation options as a group under a heading, the replay as a mixin: both
 * get the same three options, the same defaults and the same one-line refusals.
 */
class TopicCreationOptionsTest {
  @Command(name = "as-group")
  static final class AsGroup implements Runnable {
    @ArgGroup(validate = false, heading = "%nTopic creation%n")
    TopicCreationOptions creation = new TopicCreationOptions();

    @Override
    public void run() {}
  }

  @Command(name = "as-mixin")
  static final class AsMixin implements Runnable {
    @Mixin TopicCreationOptions creation = new TopicCreationOptions();

    @Override
    public void run() {}
  }

  @Test
  void unsetTheyAreFourPartitionsOneReplicaAndFifteenSeconds() {
    for (TopicCreationOptions o : new TopicCreationOptions[] {group(), mixin()}) {
      assertThat(o.partitions()).isEqualTo(4);
      assertThat(o.replicationFactor()).isEqualTo((short) 1);
      assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
    }
  }

  @Test
  void bothWaysReadTheSameThreeOptions() {
    String[] args = {"--partitions", "2", "--replication-factor", "3", "--connect-timeout", "40s"};
    for (TopicCreationOptions o : new TopicCreationOptions[] {group(args), mixin(args)}) {
      assertThat(o.partitions()).isEqualTo(2);
      assertThat(o.replicationFactor()).isEqualTo((short) 3);
      assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(40));
    }
  }

  @Test
  void aCountBelowOneOrAReplicationFactorPastAShortIsOneLineAndExitCodeTwo() {
    assertRefused("'0' is not a whole number of at least 1", "--partitions", "0");
    assertRefused("'x' is not a whole number of at least 1", "--partitions", "x");
    assertRefused("'0' is not a whole number from 1 to 32767", "--replication-factor", "0");
    assertRefused("'40000' is not a whole number from 1 to 32767", "--replication-factor", "40000");
  }

  @Test
  void aConnectTimeoutOfZeroWouldGiveUpAtOnceAndIsRefused() {
    assertRefused("'0s' is not a duration above zero", "--connect-timeout", "0s");
  }

  @Test
  void theAdminClientKeepsTheClientsSettingsAndWaitsNoLongerThanTheTimeout() {
    TopicCreationOptions o = mixin("--connect-timeout", "7s");
    Properties admin =
        o.adminClient(Map.of("bootstrap.servers", "b:9093", "security.protocol", "SSL"));
    assertThat(admin)
        .containsEntry("bootstrap.servers", "b:9093")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("request.timeout.ms", 7000)
        .containsEntry("default.api.timeout.ms", 7000);
  }

  private static TopicCreationOptions group(String... args) {
    AsGroup command = new AsGroup();
    new CommandLine(command).parseArgs(args);
    return command.creation;
  }

  private static TopicCreationOptions mixin(String... args) {
    AsMixin command = new AsMixin();
    new CommandLine(command).parseArgs(args);
    return command.creation;
  }

  private static void assertRefused(String message, String... args) {
    for (Object command : new Object[] {new AsGroup(), new AsMixin()}) {
      StringWriter err = new StringWriter();
      CommandLine line = CommandLines.create(command);
      line.setErr(new PrintWriter(err));
      assertThat(line.execute(args)).isEqualTo(CommandLines.USAGE);
      assertThat(err.toString().strip()).contains(message).doesNotContain("\n");
    }
  }
}
