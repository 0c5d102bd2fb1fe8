package org.corridorwatch.generators;

import org.corridorwatch.generators.delivery.TopicNames;
import org.corridorwatch.model.Topics;
import picocli.CommandLine.Option;

/**
 * The input topics a command writes to, named alike in every command that takes them: a picocli
 * mixin.
 */
public final class InputTopicsOptions {
  @Option(
      names = "--topic-crossings",
      paramLabel = "TOPIC",
      defaultValue = Topics.BORDER_CROSSINGS,
      description = "Default: ${DEFAULT-VALUE}.")
  String topicCrossings;

  @Option(
      names = "--topic-shipments",
      paramLabel = "TOPIC",
      defaultValue = Topics.SHIPMENTS,
      description = "Default: ${DEFAULT-VALUE}.")
  String topicShipments;

  @Option(
      names = "--topic-control",
      paramLabel = "TOPIC",
      defaultValue = Topics.CONTROL,
      description = "Default: ${DEFAULT-VALUE}.")
  String topicControl;

  public TopicNames names() {
    return new TopicNames(topicCrossings, topicShipments, topicControl);
  }

  public String crossings() {
    return topicCrossings;
  }
}
