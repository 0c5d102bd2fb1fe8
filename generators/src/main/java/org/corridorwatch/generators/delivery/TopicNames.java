package org.corridorwatch.generators.delivery;

import java.util.Set;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Topics;

/**
 * The input topics a replay writes to: the contract's names unless an operator renames them.
 *
 * @param crossings border crossings
 * @param shipments shipments
 * @param control control records
 */
public record TopicNames(String crossings, String shipments, String control) {
  public static TopicNames contract() {
    return new TopicNames(Topics.BORDER_CROSSINGS, Topics.SHIPMENTS, Topics.CONTROL);
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

  /** All three, for creating them. */
  public Set<String> all() {
    return Set.of(crossings, shipments, control);
  }
}
