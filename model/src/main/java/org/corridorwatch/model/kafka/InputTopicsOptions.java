package org.corridorwatch.model.kafka;

import java.util.List;
import org.corridorwatch.model.Topics;

/** The options that name the three input topics, alike in every command: a picocli mixin. */
public final class InputTopicsOptions extends TopicOptions<InputTopics> {
  public InputTopicsOptions() {
    super(
        List.of(
            new Row("--topic-crossings", "border crossings", Topics.BORDER_CROSSINGS),
            new Row("--topic-shipments", "shipments", Topics.SHIPMENTS),
            new Row("--topic-control", "control records", Topics.CONTROL)),
        named -> new InputTopics(named.get(0), named.get(1), named.get(2)));
  }
}
