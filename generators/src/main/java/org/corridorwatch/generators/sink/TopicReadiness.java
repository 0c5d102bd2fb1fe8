package org.corridorwatch.generators.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Waits until every partition of some topics is really served by its leader.
 *
 * <p>Kafka 4.2 can lose records from an idempotent producer that writes to a partition the broker
 * has not opened yet (KAFKA-15591): the first batch fails with NOT_LEADER_OR_FOLLOWER, a later
 * batch is accepted, and the first is then refused as out of sequence until it expires. A topic
 * that was just created is exactly that case. Asking each partition's leader for its end offset
 * only succeeds once the partition is open, so producing after this returns is safe.
 */
public final class TopicReadiness {
  private TopicReadiness() {}

  /** Returns when every partition of {@code topics} answers; throws after {@code timeout}. */
  public static void await(Admin admin, Collection<String> topics, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (TopicDescription d : describe(admin, topics, deadline)) {
          for (TopicPartitionInfo p : d.partitions()) {
            if (p.leader() == null) {
              throw new IllegalStateException(
                  d.name() + "-" + p.partition() + " has no leader yet");
            }
            partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
        }
        admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReplayException("interrupted while waiting for topics " + topics);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        last = e; // not open yet: ask again shortly
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    throw new ReplayException(
        "topics "
            + topics
            + " were not ready to take records within "
            + timeout.toSeconds()
            + " s"
            + (last == null ? "" : ": " + last.getMessage()),
        last);
  }

  private static List<TopicDescription> describe(
      Admin admin, Collection<String> topics, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    return new ArrayList<>(
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(remainingMillis(deadline), TimeUnit.MILLISECONDS)
            .values());
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
