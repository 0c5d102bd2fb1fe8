package org.corridorwatch.model.kafka;

import java.util.List;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Topics;

/**
 * The three input topics of the job, by the contract's names unless an operator renamed them.
 *
 * <p>The three must differ: a topic carries one kind of record, and {@link #kindOf} tells the kind
 * by the topic.
 *
 * @param crossings border crossings
 * @param shipments shipments
 * @param control control records
 */
public record InputTopics(String crossings, String shipments, String control) {
  public InputTopics {
    TopicNaming.requireDistinct("input", List.of(crossings, shipments, control));
  }

  /** The contract's names. */
  public static InputTopics contract() {
    return new InputTopics(Topics.BORDER_CROSSINGS, Topics.SHIPMENTS, Topics.CONTROL);
  }

  /** The topic a record goes to. */
  public String topicOf(InputRecord record) {
    return switch (record.kind()) {
      case BORDER_CROSSING -> crossings;
      case SHIPMENT -> shipments;
      case CONTROL -> control;
    };
  }

  /** The kind of record a topic carries, or null for a topic that is not one of these. */
  public InputRecord.Kind kindOf(String topic) {
    if (topic.equals(crossings)) {
      return InputRecord.Kind.BORDER_CROSSING;
    } else if (topic.equals(shipments)) {
      return InputRecord.Kind.SHIPMENT;
    } else if (topic.equals(control)) {
      return InputRecord.Kind.CONTROL;
    }
    return null;
  }

  /** All three: crossings, shipments, control. */
  public List<String> all() {
    return List.of(crossings, shipments, control);
  }
}
