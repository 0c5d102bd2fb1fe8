package org.corridorwatch.generators.answers;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.corridorwatch.cli.CommandFailure;

/**
 * The partitions of a topic a check reads, for the checks that compare the job's outputs with the
 * known answers: asked for again until the topic is there, as the job may not have made it yet.
 */
public final class TopicPartitions {
  private TopicPartitions() {}

  /**
   * @param deadline {@link System#nanoTime()} after which a missing topic stops the check with one
   *     line
   */
  public static List<TopicPartition> of(Consumer<?, ?> consumer, String topic, long deadline) {
    boolean answered = false;
    while (System.nanoTime() < deadline) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      } catch (TimeoutException e) {
        continue; // no metadata within the call's timeout (a busy broker): asked again
      }
      answered = true;
      if (infos != null && !infos.isEmpty()) {
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      }
    }
    // a broker that never answered is not a missing topic: say which it was
    throw new CommandFailure(
        answered
            ? "topic " + topic + " does not exist"
            : "no broker answered about topic "
                + topic
                + " in time: is Kafka running at --bootstrap-servers, and do"
                + " --kafka-properties fit it?");
  }
}
