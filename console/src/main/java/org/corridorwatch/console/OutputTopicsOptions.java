package org.corridorwatch.console;

import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.console.web.OutputReader;
import org.corridorwatch.model.Topics;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the console's commands read the outputs from: the brokers, the client security settings and
 * the four output topics the console shows. A picocli mixin, so every console command names them
 * alike.
 */
public final class OutputTopicsOptions {
  @Mixin public KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  @Option(
      names = "--topic-utilisation",
      paramLabel = "TOPIC",
      defaultValue = Topics.PORT_UTILISATION,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicUtilisation;

  @Option(
      names = "--topic-balance",
      paramLabel = "TOPIC",
      defaultValue = Topics.TRADE_BALANCE,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicBalance;

  @Option(
      names = "--topic-alerts",
      paramLabel = "TOPIC",
      defaultValue = Topics.ALERTS,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicAlerts;

  @Option(
      names = "--topic-port-waits",
      paramLabel = "TOPIC",
      defaultValue = Topics.PORT_WAITS,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicPortWaits;

  /** The output topics, as the reader takes them. */
  public OutputReader.Topics topics() {
    return new OutputReader.Topics(topicUtilisation, topicBalance, topicAlerts, topicPortWaits);
  }
}
