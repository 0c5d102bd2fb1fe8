package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record is late only when the operator that owns its figure has emitted its slot, not when the
 * reader that read it has moved past it. With 3 partitions at parallelism 2, one reader holds a
 * partition whose port is hours ahead of the others; a crossing for that port, behind its own
 * reader's watermark but in a slot no owner has emitted, is counted.
 */
class ReaderAheadITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  // long enough that the partitions behind hold the watermark for the whole test
  private static final Duration IDLENESS = Duration.ofSeconds(90);
  private static final long T0 = Instant.parse("2019-07-01T08:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;

  @Test
  void aCrossingBehindItsReaderButInASlotNoOwnerEmittedIsCounted(
      @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options = JobTestBed.idleOptions(KAFKA.broker(), topics, IDLENESS);
    // partition 1 has a reader of its own; partitions 0 and 2 share the other
    Map<Integer, List<String>> ports = QuietPartitionITCase.portsByPartition();
    String ahead = ports.get(1).get(0);
    List<String> behind = List.of(ports.get(0).get(0), ports.get(2).get(0));
    JobClient job = JobTestBed.start(options);
    List<Long> aheadTimes = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(KAFKA.broker().producerProps());
        KafkaConsumer<byte[], byte[]> readings =
            new KafkaConsumer<>(KAFKA.broker().consumerProps(null, true))) {
      JobTestBed.awaitAllTasksRunning(cluster, job);
      // the port ahead to 11:00, the ports behind to 09:00, every 5 minutes
      for (long t = T0; t <= T0 + 180 * MINUTE; t += 5 * MINUTE) {
        send(producer, topics, ahead, "ahead-" + t, t);
        aheadTimes.add(t);
        if (t <= T0 + 60 * MINUTE) {
          for (String port : behind) {
            send(producer, topics, port, port + "-" + t, t);
          }
        }
      }
      producer.flush();

      // a reading at 08:45 means both readers have passed their watermarks on: the reader ahead
      // is at 10:55 by then, while the ports behind hold the job's watermark at 08:55
      List<TopicPartition> partitions =
          readings.partitionsFor(topics.utilisation()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      readings.assign(partitions);
      readings.seekToBeginning(partitions);
      CorridorCodec codec = CorridorCodec.forOutputs();
      long slot0845 = T0 + 45 * MINUTE;
      Poll.untilTrue(
          "a reading of " + ahead + " at 08:45",
          JobTestBed.DEADLINE,
          () -> {
            for (ConsumerRecord<byte[], byte[]> r : readings.poll(Duration.ofMillis(200))) {
              PortUtilisation u = codec.readPortUtilisation(r.value()).value();
              if (u.portId().equals(ahead) && u.windowEndMillis() == slot0845) {
                return true;
              }
            }
            return false;
          });

      // 10:10: behind its reader's watermark, in a slot no owner has emitted
      long probe = T0 + 130 * MINUTE + 2 * MINUTE;
      send(producer, topics, ahead, "ahead-probe", probe);
      aheadTimes.add(probe);
      producer.flush();
      JobTestBed.awaitInputsRead(KAFKA.broker(), options, topics);
    } finally {
      JobTestBed.drain(job, savepoints);
    }
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(out.deadLetters()).as("nothing is late").isEmpty();
    long slot1015 = T0 + 135 * MINUTE;
    long counted = aheadTimes.stream().filter(t -> t < slot1015).count();
    assertThat(
            out.utilisation().stream()
                .filter(u -> u.portId().equals(ahead) && u.windowEndMillis() == slot1015)
                .map(PortUtilisation::trips))
        .as("the reading of %s at 10:15 counts the crossing at 10:12", ahead)
        .containsExactly(counted);
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      JobTestBed.Topics topics,
      String port,
      String eventId,
      long eventTime) {
    Delivery d = JobTestBed.departure(topics, port, eventId, eventTime);
    producer.send(new ProducerRecord<>(d.topic(), d.key(), d.value()));
  }
}
