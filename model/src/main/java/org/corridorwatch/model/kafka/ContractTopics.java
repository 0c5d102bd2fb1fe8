package org.corridorwatch.model.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure topics exist and every partition is really served by its leader before anything is
 * written to them. Used by every program that creates topics: the replay (and through its sink the
 * latency probe), the analytics job and the benchmark's pass-through job. The hostile-input fuzz
 * writes only to topics a running job has already readied.
 *
 * <p>Kafka 4.2 can lose records from an idempotent producer that writes to a partition the broker
 * has not opened yet (KAFKA-15591): the first batch fails with NOT_LEADER_OR_FOLLOWER, a later
 * batch is accepted, and the first is then refused as out of sequence until it expires. A topic
 * that was just created is exactly that case. Asking each partition's leader for its end offset
 * only succeeds once the partition is open, so producing after this returns is safe.
 */
public final class ContractTopics {
  private static final Logger LOG = LoggerFactory.getLogger(ContractTopics.class);

  private ContractTopics() {}

  /** Kafka or its topics cannot be used: the message says which and why, in one line. */
  public static final class KafkaUnavailableException extends RuntimeException {
    KafkaUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The cluster's id; fails with one clear line when no broker answers within {@code timeout}.
   *
   * @param servers the bootstrap servers, for the message
   */
  public static String clusterId(Admin admin, String servers, Duration timeout) {
    try {
      return admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unreachable(servers, timeout, e);
    } catch (ExecutionException e) {
      // the client's own API timeout may fire first: that is the same "nobody answered"
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(servers, timeout, e.getCause());
      }
      throw new KafkaUnavailableException(
          "Kafka at " + servers + " refused: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while connecting to Kafka at " + servers, e);
    }
  }

  private static KafkaUnavailableException unreachable(
      String servers, Duration timeout, Throwable cause) {
    return new KafkaUnavailableException(
        "cannot reach Kafka at "
            + servers
            + " within "
            + timeout.toSeconds()
            + " s: is a broker running there? Check --bootstrap-servers and --kafka-properties"
            // the client's own words say what it was waiting for (a node, metadata, a reply)
            + (cause.getMessage() == null
                ? ""
                : " (Kafka client: " + cause.getMessage().replace('\n', ' ') + ")"),
        cause);
  }

  /**
   * Creates those of {@code topics} that are missing, then waits until all are ready. Topics that
   * exist keep their settings.
   *
   * @param keptForEver those of {@code topics} that, when created here, keep their records for ever
   *     ({@code retention.ms=-1}); the others take the broker's retention
   * @param partitions partitions of created topics; 0 creates none
   * @param replicationFactor replication factor of created topics
   */
  public static void ensure(
      Admin admin,
      Collection<String> topics,
      Collection<String> keptForEver,
      int partitions,
      short replicationFactor,
      Duration timeout) {
    if (partitions > 0) {
      try {
        Set<String> existing =
            admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
          if (!existing.contains(topic)) {
            NewTopic created = new NewTopic(topic, partitions, replicationFactor);
            missing.add(
                keptForEver.contains(topic)
                    ? created.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"))
                    : created);
          }
        }
        for (Map.Entry<String, KafkaFuture<Void>> created :
            admin.createTopics(missing).values().entrySet()) {
          try {
            created.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                "created topic {} ({} partitions, replication {})",
                created.getKey(),
                partitions,
                replicationFactor);
          } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
              throw e; // another program creating it at the same moment is fine; nothing else is
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaUnavailableException("interrupted while creating topics " + topics, e);
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        throw new KafkaUnavailableException(
            "cannot create topics " + topics + ": " + cause.getMessage(), cause);
      }
    }
    await(admin, topics, timeout);
  }

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
        throw new KafkaUnavailableException("interrupted while waiting for topics " + topics, e);
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        last = e; // not open yet: ask again shortly
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }
    throw new KafkaUnavailableException(
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
