package org.corridorwatch.console.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.kafka.OutputTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the output topics as a subscriber must ({@code read_committed}), from the beginning, into
 * the {@link ConsoleState}, and hands each change on. Started before the job, it waits for the
 * topics to exist; when the broker goes away, the Kafka client reconnects by itself and reading
 * resumes where it was. Runs on its own thread. It is given a read_committed consumer's properties
 * ({@link org.corridorwatch.cli.KafkaConnectionOptions#readCommittedConsumer()}). Once it has read
 * the alerts topic as far as the topic reached when reading began (or found no alerts topic), it
 * says so, once: from then on the state's open episodes are the current ones.
 *
 * <p>It never stops on its own while the console runs, since a reader that stopped would leave the
 * dashboard and the alerts frozen behind a page that still looks live. A record it cannot show is
 * skipped with a WARN and counted ({@link #skippedRecords()}). A failure of the client itself (an
 * authentication or authorization error, say) is logged at ERROR once, reported by {@link
 * #failure()} (in the console's status and as its metric {@code reader_up} 0), and retried every
 * few seconds from where reading stood. A position the broker no longer has (records deleted by
 * retention before they were read) goes to the earliest record kept, not past unread ones. A topic
 * deleted and recreated under a running console is not noticed: restart the console then.
 */
public final class OutputReader implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputReader.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration LOOKUP = Duration.ofSeconds(2);
  private static final long LAG_EVERY_MILLIS = 5_000;
  private static final long RETRY_AFTER_FAILURE_MILLIS = 5_000;
  private static final long PARTITIONS_EVERY_MILLIS = 10_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final OutputTopics topics;
  private final List<String> read;
  private final ConsoleState state;
  private final Consumer<SseHub.Event> changes;
  private final Consumer<org.corridorwatch.model.Alert> alertTransitions;
  private final Runnable alertsCaughtUp;
  // where the alerts topic's partitions ended when reading began; null once read that far
  private Map<TopicPartition, Long> alertsEndAtStart = Map.of();
  private final ConsoleJson json;
  private final CorridorCodec codec = CorridorCodec.forOutputs();
  private volatile boolean closed;
  private volatile long lag = -1;
  private volatile boolean waitingLogged;
  private volatile String failure; // null while reading
  private final AtomicLong skipped = new AtomicLong();

  public OutputReader(
      Properties readCommitted,
      OutputTopics topics,
      ConsoleState state,
      ConsoleJson json,
      Consumer<SseHub.Event> changes,
      Consumer<org.corridorwatch.model.Alert> alertTransitions,
      Runnable alertsCaughtUp) {
    Properties props = new Properties();
    props.putAll(readCommitted);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // partitions added to a topic show in the client's metadata only at its next refresh
    props.putIfAbsent(
        ConsumerConfig.METADATA_MAX_AGE_CONFIG, String.valueOf(PARTITIONS_EVERY_MILLIS));
    this.consumer = new KafkaConsumer<>(props);
    this.topics = topics;
    this.read = topicsRead(topics);
    this.state = state;
    this.json = json;
    this.changes = changes;
    this.alertTransitions = alertTransitions;
    this.alertsCaughtUp = alertsCaughtUp;
  }

  /** The topics read: every output but the dead letters, which the console does not show. */
  public static List<String> topicsRead(OutputTopics topics) {
    return List.of(topics.utilisation(), topics.balance(), topics.alerts(), topics.portWaits());
  }

  /** Records committed to the topics and not yet read, or -1 before the first look. */
  public long lag() {
    return lag;
  }

  /** Why reading fails now, or null while it works. */
  public String failure() {
    return failure;
  }

  /** Records skipped since start because the console could not show them. */
  public long skippedRecords() {
    return skipped.get();
  }

  @Override
  public void run() {
    List<TopicPartition> assigned = List.of();
    long nextLag = 0;
    long nextPartitionLook = 0;
    try {
      while (!closed) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          if (assigned.isEmpty()) {
            List<TopicPartition> found = partitions();
            if (found.isEmpty()) {
              continue;
            }
            consumer.assign(found);
            consumer.seekToBeginning(found);
            Map<TopicPartition, Long> alertsEnd = alertsEnd(found);
            assigned = found; // only once assigned and placed: a failure above tries it all again
            alertsEndAtStart = alertsEnd;
            LOG.info("reading {} partitions of {} from the beginning", assigned.size(), read);
            nextPartitionLook = System.currentTimeMillis() + PARTITIONS_EVERY_MILLIS;
          } else if (System.currentTimeMillis() >= nextPartitionLook) {
            // the next look is due a while on even if this one fails, so reading goes on between
            nextPartitionLook = System.currentTimeMillis() + PARTITIONS_EVERY_MILLIS;
            assigned = withAddedPartitions(assigned);
          }
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          failed(e);
          continue;
        }
        if (failure != null) {
          LOG.info("reading {} again", read);
          failure = null;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          applyOrSkip(r);
        }
        if (alertsEndAtStart != null && !assigned.isEmpty()) {
          noteWhetherAlertsCaughtUp();
        }
        long now = System.currentTimeMillis();
        if (now >= nextLag) {
          lag = lagOf(assigned);
          nextLag = now + LAG_EVERY_MILLIS;
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        failure = "stopped by an unexpected wakeup";
        throw e;
      }
    } catch (Error e) {
      failure = "stopped: " + e;
      LOG.error("the output reader stopped; the console shows nothing new from now on", e);
      throw e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Where each partition of the alerts topic ends now, for read_committed: its last stable offset.
   */
  private Map<TopicPartition, Long> alertsEnd(List<TopicPartition> partitions) {
    List<TopicPartition> alerts =
        partitions.stream().filter(tp -> tp.topic().equals(topics.alerts())).toList();
    return consumer.endOffsets(alerts, LOOKUP);
  }

  /**
   * Once every partition of the alerts topic is read to where it ended when reading began, the
   * state holds the episodes open now, and what comes after is news: the alert stream may serve.
   */
  private void noteWhetherAlertsCaughtUp() {
    try {
      for (Map.Entry<TopicPartition, Long> end : alertsEndAtStart.entrySet()) {
        if (consumer.position(end.getKey(), LOOKUP) < end.getValue()) {
          return;
        }
      }
    } catch (KafkaException e) {
      return; // the broker is away; look again after the next poll
    }
    alertsEndAtStart = null;
    alertsCaughtUp.run();
  }

  /** The client failed: say so once, keep saying so in {@link #failure()}, and try again soon. */
  private void failed(RuntimeException e) {
    if (failure == null) {
      LOG.error(
          "cannot read {}: the dashboard and the alerts stand still until this is fixed; retrying"
              + " every {} s",
          read,
          RETRY_AFTER_FAILURE_MILLIS / 1_000,
          e);
    }
    failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    try {
      Thread.sleep(RETRY_AFTER_FAILURE_MILLIS);
    } catch (InterruptedException interrupted) {
      closed = true; // nothing in the console interrupts the reader but its end
    }
  }

  private void applyOrSkip(ConsumerRecord<byte[], byte[]> r) {
    try {
      apply(r);
    } catch (RuntimeException e) {
      skipped.incrementAndGet();
      LOG.warn(
          "skipping {}-{}@{}: the console could not show it; reading goes on",
          r.topic(),
          r.partition(),
          r.offset(),
          e);
    }
  }

  /**
   * Reads, from the beginning, partitions added to the topics since they were assigned: records are
   * keyed, so after a topic gains partitions some ports' and subjects' records go to the new ones,
   * and a reader that kept to the old ones would freeze those cards and alerts.
   */
  private List<TopicPartition> withAddedPartitions(List<TopicPartition> assigned) {
    List<TopicPartition> now = partitions();
    List<TopicPartition> added = new ArrayList<>(now);
    added.removeAll(assigned);
    if (now.isEmpty() || added.isEmpty()) {
      return assigned; // a topic is missing for a moment, or nothing changed
    }
    List<TopicPartition> all = new ArrayList<>(assigned);
    all.addAll(added);
    consumer.assign(all);
    consumer.seekToBeginning(added);
    LOG.info("reading {} added partition(s) from the beginning: {}", added.size(), added);
    return all;
  }

  /** Every partition of the topics, or none while any topic is missing. */
  private List<TopicPartition> partitions() {
    List<TopicPartition> all = new ArrayList<>();
    try {
      for (String topic : read) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, LOOKUP);
        if ((infos == null || infos.isEmpty())
            && topic.equals(topics.alerts())
            && alertsEndAtStart != null) {
          // no alerts topic yet, so no history: what it gets once the job creates it is news
          alertsEndAtStart = null;
          alertsCaughtUp.run();
        }
        if (infos == null || infos.isEmpty()) {
          if (!waitingLogged) {
            LOG.info("waiting for topic {} (the job creates it when it starts)", topic);
            waitingLogged = true;
          }
          pause();
          return List.of();
        }
        infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      if (!waitingLogged) {
        LOG.warn("Kafka not answering yet ({}); retrying", e.getMessage());
        waitingLogged = true;
      }
      pause();
      return List.of();
    }
    return all;
  }

  /** Between lookups for topics that do not exist yet: no need to ask the broker more often. */
  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long lagOf(List<TopicPartition> assigned) {
    try {
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, LOOKUP);
      long behind = 0;
      for (TopicPartition tp : assigned) {
        behind += Math.max(0, ends.getOrDefault(tp, 0L) - consumer.position(tp, LOOKUP));
      }
      return behind;
    } catch (KafkaException e) {
      return lag; // the broker is away; keep the last figure
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> r) {
    String topic = r.topic();
    if (topic.equals(topics.utilisation())) {
      Decoded<org.corridorwatch.model.PortUtilisation> d = codec.readPortUtilisation(r.value());
      if (valid(d, r)) {
        ConsoleState.PortView v = state.apply(d.value());
        if (v != null) {
          changes.accept(new SseHub.Event("utilisation", json.write(v), null));
        }
      }
    } else if (topic.equals(topics.balance())) {
      Decoded<org.corridorwatch.model.TradeBalance> d = codec.readTradeBalance(r.value());
      if (valid(d, r)) {
        ConsoleState.BalanceView v = state.apply(d.value());
        if (v != null) {
          changes.accept(new SseHub.Event("balance", json.write(v), null));
        }
      }
    } else if (topic.equals(topics.portWaits())) {
      Decoded<PortWaits> d = codec.readPortWaits(r.value());
      if (valid(d, r)) {
        PortWaits v = state.apply(d.value());
        if (v != null) {
          changes.accept(new SseHub.Event("waits", json.write(v), null));
        }
      }
    } else {
      Decoded<org.corridorwatch.model.Alert> d = codec.readAlert(r.value());
      if (valid(d, r)) {
        // Alertmanager first: a failure in what the dashboard makes of the transition must not
        // keep it from the people paged. The bridge judges repeats itself.
        alertTransitions.accept(d.value());
        ConsoleState.AlertView v = state.apply(d.value());
        if (v != null) {
          changes.accept(new SseHub.Event("alert", json.write(v), v));
        }
      }
    }
  }

  private static boolean valid(Decoded<?> d, ConsumerRecord<?, ?> r) {
    if (!d.accepted()) {
      // the writer broke the contract: say where, and go on with the next record
      LOG.warn(
          "skipping {}-{}@{}: not a contract record ({})",
          r.topic(),
          r.partition(),
          r.offset(),
          d.detail());
    }
    return d.accepted();
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
  }
}
