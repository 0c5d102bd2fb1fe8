package org.corridorwatch.jobs.ingest;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.corridorwatch.jobs.JobMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one source subtask knows about its partitions, shared by its reader and its per-split
 * watermark generators: which partitions it was assigned and from which offset ({@link
 * SplitTrackingSource}), which of them have shown a record, and whether each holds the watermark.
 * It also carries the subtask's idleness gauges and logs each partition's changes of state.
 *
 * <p>Why it is needed: Flink gives a per-split generator neither its split nor its partition, only
 * the source's metric group. The reader and the generators of one source subtask share one metric
 * group instance, so that is where they meet. Flink's source operator creates the main output's
 * generator first, then one generator per split, in the order of the splits it then hands to the
 * reader (or has just handed, for splits restored from a checkpoint): the same list, iterated for
 * both. So the generators after the first are paired in order with the splits the reader reports
 * ({@link #born()}, {@link #assigned}), whichever of the two comes first, and each learns its
 * partition and starting offset before it has read a record. The main output's generator reads no
 * record and knows only "the subtask's partitions that no generator has claimed".
 */
public final class SourceSplits {
  private static final Logger LOG = LoggerFactory.getLogger(SourceSplits.class);

  private static final Map<MetricGroup, SourceSplits> BY_SUBTASK =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** Where a partition stands with respect to the watermark. */
  public enum Status {
    /** Records came within the idleness: it holds the watermark by its own. */
    READING,
    /** Silent, but records are left to read: it holds. */
    HELD_UNREAD,
    /** Silent, and no probe could confirm it is read to its end (or no data yet): it holds. */
    HELD_UNCONFIRMED,
    /** Read to its end and silent for the idleness: it no longer holds the watermark. */
    RELEASED
  }

  private final String topic;
  // partition -> offset the split started from (EndOffsets.FROM_LOG_START if not yet known)
  private final Map<Integer, Long> assigned = new TreeMap<>();
  private final Map<Integer, Boolean> claimed = new TreeMap<>();
  private final Map<Integer, Status> statuses = new TreeMap<>();
  private final Map<Status, Integer> counts = new EnumMap<>(Status.class);
  private boolean assignmentKnown;
  private boolean mainOutputBorn;
  // splits the reader was given that no generator has been paired with yet, in order
  private final ArrayDeque<SplitStart> unpairedSplits = new ArrayDeque<>();
  // split generators born before their split reached the reader, in order
  private final ArrayDeque<Birth> unpairedBirths = new ArrayDeque<>();

  /** The partition of a split and the offset its reader starts from. */
  public record SplitStart(int partition, long offset) {}

  // a split of another topic in the pairing; its generator stays without a partition
  private static final SplitStart FOREIGN = new SplitStart(-1, EndOffsets.FROM_LOG_START);
  private boolean pairingTrusted = true;

  /** A split generator's link to its split, known at its birth or as soon as the reader has it. */
  public static final class Birth {
    private SplitStart start; // guarded by the SourceSplits that made it

    private Birth() {}
  }

  SourceSplits(String topic, MetricGroup metrics) {
    this.topic = topic;
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    if (metrics != null) {
      MetricGroup group = JobMetrics.of(metrics);
      group.gauge(
          JobMetrics.PARTITIONS_HELD_UNREAD, (Gauge<Integer>) () -> count(Status.HELD_UNREAD));
      group.gauge(
          JobMetrics.PARTITIONS_HELD_UNCONFIRMED,
          (Gauge<Integer>) () -> count(Status.HELD_UNCONFIRMED));
      group.gauge(JobMetrics.PARTITIONS_RELEASED, (Gauge<Integer>) () -> count(Status.RELEASED));
    }
  }

  /** The shared record of the source subtask whose metric group is {@code metrics}. */
  public static SourceSplits of(MetricGroup metrics, String topic) {
    synchronized (BY_SUBTASK) {
      return BY_SUBTASK.computeIfAbsent(metrics, m -> new SourceSplits(topic, m));
    }
  }

  /** A subtask's record for tests, registering no metrics. */
  static SourceSplits detached(String topic) {
    return new SourceSplits(topic, null);
  }

  public String topic() {
    return topic;
  }

  /** The reader was given {@code partition}, to be read from {@code startingOffset}. */
  public synchronized void assigned(int partition, long startingOffset) {
    long from = startingOffset < 0 ? EndOffsets.FROM_LOG_START : startingOffset;
    assignmentKnown = true;
    assigned.put(partition, from);
    pair(new SplitStart(partition, from));
  }

  /**
   * The reader was given a split of another topic (restored from a savepoint taken before a topic
   * option changed, say). Flink creates a generator for it all the same, so it takes its place in
   * the pairing; that generator learns nothing from here.
   */
  public synchronized void foreign() {
    pair(FOREIGN);
  }

  private void pair(SplitStart start) {
    Birth waiting = unpairedBirths.poll();
    if (waiting == null) {
      unpairedSplits.add(start);
    } else {
      waiting.start = start;
    }
  }

  /**
   * A generator paired with {@code paired} read a record of {@code actual}: the order this class
   * relies on did not hold. From now on no generator of the subtask releases a partition it has
   * seen no record from, since its pairing may be wrong too; they hold until their first record.
   */
  synchronized void mispaired(int paired, int actual) {
    if (pairingTrusted) {
      pairingTrusted = false;
      LOG.error(
          "a watermark generator of topic {} paired with partition {} read a record of partition"
              + " {}: Flink no longer creates split outputs in the order their splits reach the"
              + " reader. Partitions without records now hold the watermark until their first"
              + " record instead of being released",
          topic,
          paired,
          actual);
    }
  }

  /** False once a pairing proved wrong ({@link #mispaired}). */
  synchronized boolean pairingTrusted() {
    return pairingTrusted;
  }

  /**
   * A watermark generator of this subtask was created: null for the first, the main output's; for
   * every later one, its link to the split it was created for. Called on the task thread, where
   * Flink creates generators and hands splits to the reader.
   */
  synchronized Birth born() {
    if (!mainOutputBorn) {
      mainOutputBorn = true;
      return null;
    }
    Birth birth = new Birth();
    SplitStart start = unpairedSplits.poll();
    if (start == null) {
      unpairedBirths.add(birth);
    } else {
      birth.start = start;
    }
    return birth;
  }

  /**
   * The split {@code birth} was created for; null while the reader has not reported it, or when it
   * is a split of another topic.
   */
  synchronized SplitStart splitOf(Birth birth) {
    return birth.start == FOREIGN ? null : birth.start;
  }

  /** A generator saw its first record from {@code partition}: that split is no longer unknown. */
  synchronized void claim(int partition) {
    claimed.put(partition, Boolean.TRUE);
  }

  /**
   * The subtask's partitions that no generator has seen a record from, with the offset each split
   * started from; null while the reader has reported no assignment.
   */
  synchronized Map<Integer, Long> unclaimed() {
    if (!assignmentKnown) {
      return null;
    }
    Map<Integer, Long> open = new TreeMap<>(assigned);
    open.keySet().removeAll(claimed.keySet());
    return open;
  }

  /**
   * Whether every partition of the subtask is released, as its generator last reported: true when
   * the subtask reads none. A partition whose generator has not reported yet holds.
   */
  synchronized boolean everyPartitionReleased() {
    for (Integer partition : assignmentKnown ? assigned.keySet() : claimed.keySet()) {
      if (statuses.get(partition) != Status.RELEASED) {
        return false;
      }
    }
    return true;
  }

  /** Records where {@code partition} stands, logging a change that matters to an operator. */
  synchronized void report(int partition, Status status, long nextOffset) {
    Status before = statuses.put(partition, status);
    if (before == status) {
      return;
    }
    if (before != null) {
      counts.merge(before, -1, Integer::sum);
    }
    counts.merge(status, 1, Integer::sum);
    if (status == Status.RELEASED
        || status == Status.HELD_UNCONFIRMED
        || before == Status.RELEASED) {
      LOG.info(
          "partition {}-{}: {} (read position: {})",
          topic,
          partition,
          describe(status),
          nextOffset == EndOffsets.FROM_LOG_START ? "no record yet" : "offset " + nextOffset);
    }
  }

  synchronized int count(Status status) {
    return counts.get(status);
  }

  synchronized Status status(int partition) {
    return statuses.get(partition);
  }

  private static String describe(Status status) {
    return switch (status) {
      case READING -> "reading, holds the watermark";
      case HELD_UNREAD -> "silent with records left to read, holds the watermark";
      case HELD_UNCONFIRMED -> "silent, not confirmed read to its end, holds the watermark";
      case RELEASED -> "read to its end and silent, stops holding the watermark";
    };
  }
}
