package org.corridorwatch.model.kafka;

import org.corridorwatch.model.Topics;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that name the three input topics, alike in every command: a picocli mixin. */
public final class InputTopicsOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--topic-crossings",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of border crossings. Default: ${DEFAULT-VALUE}.")
  private String crossings = Topics.BORDER_CROSSINGS;

  @Option(
      names = "--topic-shipments",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of shipments. Default: ${DEFAULT-VALUE}.")
  private String shipments = Topics.SHIPMENTS;

  @Option(
      names = "--topic-control",
      paramLabel = "TOPIC",
      converter = TopicOptions.Name.class,
      description = "Topic of control records. Default: ${DEFAULT-VALUE}.")
  private String control = Topics.CONTROL;

  /**
   * The topics the options name.
   *
   * @throws ParameterException when two options name one topic
   */
  public InputTopics topics() {
    return TopicOptions.checked(mixee, () -> new InputTopics(crossings, shipments, control));
  }
}
