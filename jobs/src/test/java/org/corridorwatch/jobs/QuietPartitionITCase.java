package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.seeds.Node;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idleness still works: a live feed of crossings on 3 partitions, read at parallelism 2, in which
 * one partition (its ports closed for the night) gets no record for 10 × the idleness while the
 * others go on. The quiet partition is read to its end, so after the idleness it stops holding the
 * watermark and the other ports' readings keep coming; when it resumes with fresh records nothing
 * is late and nothing is written twice. The job is then stopped with a drain while every partition
 * is read and released, and still writes every reading and balance record to the end.
 *
 * <p>How "keep coming" is measured: the feed advances event time at a fixed rate of processing
 * time, so a delay in processing time is a distance in event time. A reading for slot end S is due
 * when the feed has sent records up to S + out-of-orderness on every flowing partition. It may come
 * later by the idleness (the quiet partition holds until then), one probe round and the commit of
 * the exactly-once sink (a checkpoint interval), and by one slot, since watermarks move at slot
 * boundaries. Each reading of a flowing port is checked against that bound, converted to event time
 * at the feed's rate; a partition that held the watermark for the whole quiet stretch would miss it
 * by hours.
 */
class QuietPartitionITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final Duration IDLENESS = Duration.ofSeconds(2);
  static final Duration TICK = Duration.ofMillis(250);
  static final long EVENT_TIME_PER_TICK = 150_000L; // 2.5 min: 10 min of event time per second
  static final long START = Instant.parse("2019-07-01T00:00:00Z").toEpochMilli();
  // what may delay a reading in processing time beyond its due moment, besides the idleness:
  // a probe round with its scan, a checkpoint interval for the commit, scheduling slack
  static final Duration ALLOWANCE = Duration.ofSeconds(4);

  @Test
  void aQuietPartitionStopsHoldingTheOthersAndResumesWithNothingLateOrRewritten(
      @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options = JobTestBed.idleOptions(KAFKA.broker(), topics, IDLENESS);
    Map<Integer, List<String>> portsByPartition = portsByPartition();
    int quiet = portsByPartition.keySet().iterator().next();
    List<String> all = portsByPartition.values().stream().flatMap(List::stream).toList();
    List<String> flowing =
        all.stream().filter(p -> !portsByPartition.get(quiet).contains(p)).toList();
    assertThat(portsByPartition).as("ports on every partition").hasSize(JobTestBed.PARTITIONS);

    JobClient job = JobTestBed.start(options);
    Feed feed = new Feed(topics);
    Map<String, Long> firstSeenAtFrontier = new HashMap<>();
    long quietFrom;
    long quietTo;
    try (feed) {
      JobTestBed.awaitAllTasksRunning(cluster, job);
      feed.run(all, 24, firstSeenAtFrontier); // an hour of every port
      quietFrom = feed.frontier;
      int quietTicks = (int) (IDLENESS.multipliedBy(10).toMillis() / TICK.toMillis());
      feed.run(flowing, quietTicks, firstSeenAtFrontier);
      quietTo = feed.frontier;
      feed.run(all, 24, firstSeenAtFrontier); // the quiet ports resume with fresh records
      JobTestBed.awaitInputsRead(KAFKA.broker(), options, topics);
    } finally {
      JobTestBed.drain(job, savepoints);
    }
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(out.deadLetters()).as("nothing is late").isEmpty();
    JobTestBed.assertExactlyTheKnownAnswers(out, JobTestBed.answersFor(topics, feed.sent));

    long bound = bound();
    List<String> slotsDuringQuiet = new ArrayList<>();
    long worst = Long.MIN_VALUE;
    for (PortUtilisation u : out.utilisation()) {
      if (!flowing.contains(u.portId())
          || u.windowEndMillis() <= quietFrom
          || u.windowEndMillis() + JobTestBed.OUT_OF_ORDERNESS > quietTo) {
        continue;
      }
      String key = u.portId() + "@" + u.windowEndMillis();
      Long seenAt = firstSeenAtFrontier.get(key);
      assertThat(seenAt).as("the reading %s came while the partition was quiet", key).isNotNull();
      long lag = seenAt - u.windowEndMillis();
      worst = Math.max(worst, lag);
      assertThat(lag)
          .as("reading %s came %s min of event time after its slot end", key, lag / 60_000)
          .isLessThanOrEqualTo(bound);
      slotsDuringQuiet.add(key);
    }
    assertThat(slotsDuringQuiet)
        .as("the flowing ports kept reporting while the partition was quiet")
        .hasSizeGreaterThanOrEqualTo(flowing.size() * 8);
    System.out.printf(
        "quiet partition %d: %d readings of flowing ports, worst %d min after slot end"
            + " (bound %d min)%n",
        quiet, slotsDuringQuiet.size(), worst / 60_000, bound / 60_000);
  }

  /**
   * A partition that never has a record, read by the same source subtask as a flowing one, is
   * released the idleness after its topic first has records, so the flowing ports' readings keep
   * coming. With 3 partitions and 2 readers, partitions 0 and 2 share a reader whatever the topic's
   * name (the Kafka source deals partitions round robin from an offset of the name): partition 0
   * gets nothing here, from the start. Flink creates that split's watermark generator before it
   * hands the split to the reader, so the generator must still learn which partition it holds for.
   */
  @Test
  void aPartitionThatNeverHasARecordIsReleasedThoughItSharesItsReader(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options = JobTestBed.idleOptions(KAFKA.broker(), topics, IDLENESS);
    Map<Integer, List<String>> portsByPartition = portsByPartition();
    List<String> flowing = new ArrayList<>();
    portsByPartition.forEach(
        (partition, ports) -> flowing.addAll(partition == 0 ? List.of() : ports));
    assertThat(portsByPartition.get(2))
        .as("a flowing port shares partition 0's reader")
        .isNotEmpty();

    JobClient job = JobTestBed.start(options);
    Map<String, Long> firstSeenAtFrontier = new HashMap<>();
    long from;
    long to;
    try (Feed feed = new Feed(topics)) {
      JobTestBed.awaitAllTasksRunning(cluster, job);
      from = feed.frontier;
      feed.run(
          flowing,
          (int) (IDLENESS.multipliedBy(15).toMillis() / TICK.toMillis()),
          firstSeenAtFrontier);
      to = feed.frontier;
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }

    // after the idleness that partition 0 may hold at the start, every slot end of every flowing
    // port must have come within the bound of its due moment; only slot ends whose bound ends
    // while the feed still ran (and noted what came) are judged
    long released = from + (EVENT_TIME_PER_TICK / TICK.toMillis()) * IDLENESS.toMillis();
    List<String> late = new ArrayList<>();
    int timely = 0;
    for (long end = EventTimeRules.slotEnd(released) + EventTimeRules.SLOT_MILLIS;
        end + bound() <= to;
        end += EventTimeRules.SLOT_MILLIS) {
      for (String port : flowing) {
        Long seenAt = firstSeenAtFrontier.get(port + "@" + end);
        if (seenAt == null || seenAt - end > bound()) {
          late.add(port + "@" + Instant.ofEpochMilli(end));
        } else {
          timely++;
        }
      }
    }
    assertThat(late).as("readings missing or later than the bound").isEmpty();
    assertThat(timely).as("readings checked").isGreaterThanOrEqualTo(flowing.size() * 8);
  }

  /**
   * How far in event time a reading may come after its slot end while the feed runs: the
   * out-of-orderness, a slot, and the idleness and allowance at the feed's rate.
   */
  static long bound() {
    long rate = EVENT_TIME_PER_TICK / TICK.toMillis(); // event-time ms per processing-time ms
    return JobTestBed.OUT_OF_ORDERNESS
        + EventTimeRules.SLOT_MILLIS
        + rate * IDLENESS.plus(ALLOWANCE).toMillis();
  }

  /** The catalogue's ports by the input partition the default partitioner sends their key to. */
  static Map<Integer, List<String>> portsByPartition() {
    Map<Integer, List<String>> ports = new TreeMap<>();
    for (Node port : JobTestBed.CATALOGUE.ports()) {
      byte[] key = port.id().getBytes(StandardCharsets.UTF_8);
      int partition = JobTestBed.partitionOf(key);
      ports.computeIfAbsent(partition, p -> new ArrayList<>()).add(port.id());
    }
    return ports;
  }

  /**
   * Sends departures tick by tick at a fixed pace, event time advancing with processing time, and
   * between ticks reads the committed readings, noting how far the feed had got when each appeared.
   */
  static final class Feed implements AutoCloseable {
    final JobTestBed.Topics topics;
    final KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KAFKA.broker().producerProps());
    final KafkaConsumer<byte[], byte[]> readings =
        new KafkaConsumer<>(KAFKA.broker().consumerProps(null, true));
    final CorridorCodec codec = CorridorCodec.forOutputs();
    final List<Delivery> sent = new ArrayList<>();
    long frontier = START;
    int n;

    Feed(JobTestBed.Topics topics) {
      this.topics = topics;
      List<TopicPartition> partitions =
          readings.partitionsFor(topics.utilisation()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      readings.assign(partitions);
      readings.seekToBeginning(partitions);
    }

    void run(List<String> ports, int ticks, Map<String, Long> firstSeenAtFrontier) {
      long next = System.nanoTime();
      for (int t = 0; t < ticks; t++) {
        frontier += EVENT_TIME_PER_TICK;
        for (String port : ports) {
          Delivery d = departure(port, "quiet-" + n++, frontier);
          producer.send(new ProducerRecord<>(d.topic(), d.key(), d.value()));
          sent.add(d);
        }
        producer.flush();
        next += TICK.toNanos();
        // the pacing is the thing under test: event time advances with processing time
        while (System.nanoTime() < next) {
          long left = TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime());
          for (ConsumerRecord<byte[], byte[]> r :
              readings.poll(Duration.ofMillis(Math.max(1, left)))) {
            PortUtilisation u = codec.readPortUtilisation(r.value()).value();
            firstSeenAtFrontier.putIfAbsent(u.portId() + "@" + u.windowEndMillis(), frontier);
          }
        }
      }
    }

    Delivery departure(String port, String eventId, long eventTime) {
      return JobTestBed.departure(topics, port, eventId, eventTime);
    }

    @Override
    public void close() {
      producer.close();
      readings.close();
    }
  }
}
