package org.corridorwatch.jobs.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the job has read a partition of one topic to its end, by asking the broker: the
 * probe's own {@code read_committed} consumer, owned by no group, reads the partitions' last stable
 * offsets about once a second, and where the last stable offset lies beyond a split's read position
 * it seeks there and polls, to see whether a committed data record lies in between or only
 * transaction markers and aborted records (a committed transaction leaves its marker one offset
 * after its last record, so "next offset == end offset" alone would never hold for a transactional
 * producer).
 *
 * <p>One probe per topic and client settings per JVM, shared by every split of that topic in the
 * JVM, so a TaskManager opens one connection per topic however many splits it reads. It runs only
 * while asked: it starts on the first request and closes its consumer when no request came for a
 * few seconds, so a job whose partitions all keep flowing never opens it. A round that fails (the
 * broker cannot be reached, a call times out) answers nothing: a silent partition then holds.
 */
public final class EndOffsetProbe implements EndOffsets {
  private static final Logger LOG = LoggerFactory.getLogger(EndOffsetProbe.class);

  private static final Duration ROUND_INTERVAL = Duration.ofSeconds(1);
  private static final Duration LINGER = Duration.ofSeconds(5);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration SCAN_LIMIT = Duration.ofSeconds(2);
  private static final Duration SCAN_POLL = Duration.ofMillis(100);

  private static final Map<Key, EndOffsetProbe> SHARED = new ConcurrentHashMap<>();

  private record Key(Map<String, String> client, String topic) {}

  /** What one round found for one partition, for the read position it was asked about. */
  private record Verdict(long round, long nextOffset, Answer answer) {}

  /** One partition being asked about; written by generators, read by the probe thread. */
  private static final class Watch {
    volatile long nextOffset;
    volatile long requestedAtNanos;
    volatile Verdict verdict;
    // the last scan, reused while neither the position nor the end moves
    long scannedFrom = Long.MIN_VALUE;
    long scannedTo = Long.MIN_VALUE;
    Answer scanned;
  }

  private final Map<String, String> client;
  private final String topic;
  private final long lingerNanos;
  private final Map<Integer, Watch> watches = new ConcurrentHashMap<>();

  private volatile long startedRound;
  private volatile long failedRound;
  private volatile long recordsSeenRound;
  private volatile long lastRequestNanos;
  private boolean running; // guarded by this
  private boolean unreachable; // probe thread only

  EndOffsetProbe(Map<String, String> client, String topic, Duration linger) {
    this.client = client;
    this.topic = topic;
    this.lingerNanos = linger.toNanos();
  }

  /** The probe of this JVM for {@code topic}, reached with {@code clientProperties}. */
  public static EndOffsetProbe shared(Map<String, String> clientProperties, String topic) {
    return SHARED.computeIfAbsent(
        new Key(Map.copyOf(clientProperties), topic),
        key -> new EndOffsetProbe(key.client(), key.topic(), LINGER));
  }

  @Override
  public long request(int partition, long nextOffset) {
    Watch watch = watches.get(partition);
    if (watch == null) {
      watch = watches.computeIfAbsent(partition, p -> new Watch());
    }
    long now = System.nanoTime();
    watch.nextOffset = nextOffset;
    watch.requestedAtNanos = now;
    lastRequestNanos = now;
    long round = startedRound;
    ensureRunning();
    return round;
  }

  @Override
  public Answer answer(int partition, long nextOffset, long after) {
    Watch watch = watches.get(partition);
    Verdict verdict = watch == null ? null : watch.verdict;
    if (verdict == null
        || verdict.round() <= after
        || verdict.nextOffset() != nextOffset
        || failedRound > verdict.round()) {
      return Answer.UNKNOWN;
    }
    return verdict.answer();
  }

  @Override
  public boolean topicHasRecords(long after) {
    return recordsSeenRound > after;
  }

  /** Whether the probe's consumer is open now (for tests of its lifecycle). */
  synchronized boolean running() {
    return running;
  }

  private synchronized void ensureRunning() {
    if (running) {
      return;
    }
    running = true;
    Thread thread = new Thread(this::run, "end-offset-probe-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether to stop, decided under the lock so that a request cannot slip past a closing probe. */
  private synchronized boolean stopIfUnused() {
    if (System.nanoTime() - lastRequestNanos > lingerNanos) {
      running = false;
      return true;
    }
    return false;
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      LOG.info("end-offset probe of topic {} started", topic);
      while (!stopIfUnused()) {
        long round = startedRound + 1;
        startedRound = round;
        try {
          probe(consumer, round);
          if (unreachable) {
            unreachable = false;
            LOG.info("end-offset probe of topic {} reaches the broker again", topic);
          }
        } catch (RuntimeException e) {
          failedRound = round;
          if (!unreachable) {
            unreachable = true;
            LOG.info(
                "end-offset probe of topic {} cannot confirm end offsets ({}); its silent"
                    + " partitions hold the watermark until it can",
                topic,
                e.toString());
          }
        }
        TimeUnit.NANOSECONDS.sleep(ROUND_INTERVAL.toNanos());
      }
      LOG.info("end-offset probe of topic {} closed: no partition is waiting for it", topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (this) {
        running = false;
      }
    } catch (RuntimeException e) {
      // the consumer could not even be created or closed: the next request starts another
      LOG.warn("end-offset probe of topic {} stopped: {}", topic, e.toString());
      synchronized (this) {
        running = false;
      }
    }
  }

  private void probe(KafkaConsumer<byte[], byte[]> consumer, long round) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, CALL_TIMEOUT);
    List<TopicPartition> all = new ArrayList<>(infos.size());
    for (PartitionInfo info : infos) {
      all.add(new TopicPartition(topic, info.partition()));
    }
    // read_committed: the end offset is the last stable offset
    Map<TopicPartition, Long> ends = consumer.endOffsets(all, CALL_TIMEOUT);
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(all, CALL_TIMEOUT);
    boolean hasRecords = false;
    for (TopicPartition tp : all) {
      hasRecords |= ends.getOrDefault(tp, 0L) > starts.getOrDefault(tp, 0L);
    }
    if (hasRecords) {
      recordsSeenRound = round;
    }
    long now = System.nanoTime();
    Map<TopicPartition, Long> scanFrom = new HashMap<>();
    Map<Integer, Long> asked = new HashMap<>();
    for (Map.Entry<Integer, Watch> entry : watches.entrySet()) {
      Watch watch = entry.getValue();
      if (now - watch.requestedAtNanos > lingerNanos) {
        watches.remove(entry.getKey(), watch);
        continue;
      }
      TopicPartition tp = new TopicPartition(topic, entry.getKey());
      Long end = ends.get(tp);
      long nextOffset = watch.nextOffset;
      asked.put(entry.getKey(), nextOffset);
      if (end == null) {
        watch.verdict = new Verdict(round, nextOffset, Answer.UNKNOWN);
        continue;
      }
      long from =
          nextOffset == FROM_LOG_START
              ? starts.getOrDefault(tp, 0L)
              : Math.max(nextOffset, starts.getOrDefault(tp, 0L));
      if (end <= from) {
        watch.verdict = new Verdict(round, nextOffset, Answer.READ_TO_END);
      } else if (watch.scannedFrom == from && watch.scannedTo == end) {
        watch.verdict = new Verdict(round, nextOffset, watch.scanned);
      } else {
        scanFrom.put(tp, from);
      }
    }
    if (scanFrom.isEmpty()) {
      return;
    }
    Map<TopicPartition, Answer> scanned = scan(consumer, scanFrom, ends);
    scanned.forEach(
        (tp, answer) -> {
          Watch watch = watches.get(tp.partition());
          if (watch == null) {
            return;
          }
          if (answer != Answer.UNKNOWN) {
            watch.scannedFrom = scanFrom.get(tp);
            watch.scannedTo = ends.get(tp);
            watch.scanned = answer;
          }
          watch.verdict = new Verdict(round, asked.get(tp.partition()), answer);
        });
  }

  /**
   * Seeks to each position and polls: a record returned means a committed data record lies before
   * the end; a position that reaches the end without one means only markers or aborted records did.
   */
  private static Map<TopicPartition, Answer> scan(
      KafkaConsumer<byte[], byte[]> consumer,
      Map<TopicPartition, Long> from,
      Map<TopicPartition, Long> ends) {
    Map<TopicPartition, Answer> answers = new HashMap<>();
    consumer.assign(from.keySet());
    from.forEach(consumer::seek);
    Set<TopicPartition> open = new HashSet<>(from.keySet());
    long deadline = System.nanoTime() + SCAN_LIMIT.toNanos();
    try {
      while (!open.isEmpty() && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(SCAN_POLL);
        for (TopicPartition tp : records.partitions()) {
          if (open.remove(tp)) {
            answers.put(tp, Answer.UNREAD_RECORDS);
            consumer.pause(List.of(tp));
          }
        }
        for (TopicPartition tp : List.copyOf(open)) {
          if (consumer.position(tp, CALL_TIMEOUT) >= ends.get(tp)) {
            open.remove(tp);
            answers.put(tp, Answer.READ_TO_END);
          }
        }
      }
    } finally {
      consumer.assign(List.of());
    }
    open.forEach(tp -> answers.put(tp, Answer.UNKNOWN));
    return answers;
  }

  private Properties consumerProperties() {
    Properties props = KafkaConnectionOptions.readCommittedConsumer(client);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "corridor-watch-end-offsets-" + topic);
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }
}
