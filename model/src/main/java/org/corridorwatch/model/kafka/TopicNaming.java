package org.corridorwatch.model.kafka;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a topic name usable here: Kafka's rules for one name, and no name used twice. */
final class TopicNaming {
  // Kafka's own limits (org.apache.kafka.common.internals.Topic), kept here rather than calling
  // that internal class, so a bad name is refused before any client connects
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  private TopicNaming() {}

  /** Why Kafka would refuse {@code topic}, or null for a name it accepts. */
  static String problem(String topic) {
    if (topic == null || !LEGAL.matcher(topic).matches()) {
      return "'" + topic + "' is not a topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'";
    }
    if (topic.equals(".") || topic.equals("..")) {
      return "'" + topic + "' is not a topic name";
    }
    return null;
  }

  /**
   * @throws IllegalArgumentException naming the first topic given twice
   */
  static void requireDistinct(String what, List<String> topics) {
    Set<String> seen = new HashSet<>();
    for (String topic : topics) {
      if (!seen.add(topic)) {
        throw new IllegalArgumentException(
            "the " + what + " topics must differ, but " + topic + " is named twice");
      }
    }
  }
}
