package org.corridorwatch.model.kafka;

import org.corridorwatch.model.Topics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that name the five output topics, alike in every command: a picocli mixin. */
public final class OutputTopicsOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--topic-utilisation",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of port utilisation readings. Default: ${DEFAULT-VALUE}.")
  private String utilisation = Topics.PORT_UTILISATION;

  @Option(
      names = "--topic-balance",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of trade balances. Default: ${DEFAULT-VALUE}.")
  private String balance = Topics.TRADE_BALANCE;

  @Option(
      names = "--topic-alerts",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of alerts. Default: ${DEFAULT-VALUE}.")
  private String alerts = Topics.ALERTS;

  @Option(
      names = "--topic-port-waits",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of customs waits per port. Default: ${DEFAULT-VALUE}.")
  private String portWaits = Topics.PORT_WAITS;

  @Option(
      names = "--topic-dead-letters",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of dead letters. Default: ${DEFAULT-VALUE}.")
  private String deadLetters = Topics.DEAD_LETTER;

  /**
   * The topics the options name.
   *
   * @throws ParameterException when two options name one topic
   */
  public OutputTopics topics() {
    return TopicOptions.checked(
        mixee, () -> new OutputTopics(utilisation, balance, alerts, portWaits, deadLetters));
  }
}
