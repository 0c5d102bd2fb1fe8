package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.jobs.ingest.IngestDeserializer;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.ingest.ReadToEndIdleness;
import org.corridorwatch.jobs.ingest.SplitTrackingSource;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ContractSamples;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a Kafka source subtask of the job tells the operators behind it about idleness, seen by an
 * operator right behind it, through Flink's own source machinery: its reader's main output, the
 * per-split outputs and how Flink combines their idleness.
 *
 * <p>Every operator behind a shuffle leaves an idle channel out of its watermark, and a channel
 * that turns active again does not hold back what the others have already advanced it to. So a
 * source must not be idle while a partition of it still holds: not while it waits for its first
 * record, and not when records come again after it was released.
 */
class SourceIdlenessITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final Duration IDLENESS = Duration.ofSeconds(1);
  static final long T0 = 1_561_939_200_000L; // 2019-07-01T00:00Z
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** What each test's probe operator saw, in order, by the test's topic. */
  static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

  @Test
  void aSourceIsNeverIdleWhileItsPartitionHoldsAndIdleOnceItIsReadToItsEnd(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    String topic = EmbeddedKafka.uniqueTopic("idleness-crossings");
    KAFKA.broker().createTopics(1, topic);
    List<String> seen = new CopyOnWriteArrayList<>();
    SEEN.put(topic, seen);

    JobClient job = start(topic);
    try {
      long runningAt = JobTestBed.awaitAllTasksRunning(cluster, job);
      // the waiting is the thing under test: several idleness periods on an empty topic
      JobTestBed.waitUntil(runningAt + 5 * IDLENESS.toNanos());
      assertThat(seen)
          .as("a source waiting for its first data holds: it never declares itself idle")
          .doesNotContain("IDLE");

      // two hours of departures, one a minute
      List<BorderCrossing> sent = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        sent.add(ContractSamples.pingxiangDeparture("first-" + i, T0 + i * 60_000L));
      }
      send(topic, sent);
      Poll.untilTrue(
          "every record read, then the partition released as read to its end",
          DEADLINE,
          () -> seen.contains("first-119") && last(seen).equals("IDLE"));
      assertThat(seen.stream().filter(s -> s.startsWith("first-")).count()).isEqualTo(120);
      assertThat(seen.subList(0, seen.indexOf("first-119")))
          .as("while the records came, the source stayed active")
          .doesNotContain("IDLE");

      // one more record in the slot of the newest: it moves no watermark
      long newest = T0 + 119 * 60_000L;
      assertThat(EventTimeRules.slotEnd(newest)).isEqualTo(EventTimeRules.slotEnd(newest + 1));
      int idleSince = seen.size() - 1; // the IDLE that ended the first read
      send(topic, List.of(ContractSamples.pingxiangDeparture("again", newest + 1)));
      // active again, whether the reader sees the record first or the end-offset probe does
      Poll.untilTrue(
          "the source active again after a record behind its idle spell",
          DEADLINE,
          () -> seen.contains("again") && seen.lastIndexOf("ACTIVE") > idleSince);
      Poll.untilTrue(
          "released again once read to its end", DEADLINE, () -> last(seen).equals("IDLE"));
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
  }

  private static String last(List<String> seen) {
    return seen.isEmpty() ? "" : seen.get(seen.size() - 1);
  }

  private static JobClient start(String topic) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    KafkaSource<Ingested<BorderCrossing>> kafka =
        KafkaSource.<Ingested<BorderCrossing>>builder()
            .setBootstrapServers(KAFKA.bootstrapServers())
            .setTopics(topic)
            .setGroupId("idleness-" + topic)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new IngestDeserializer<>(InputKind.CROSSINGS))
            .build();
    env.fromSource(
            new SplitTrackingSource<>(kafka, topic),
            ReadToEndIdleness.<BorderCrossing>strategy(
                Duration.ofMinutes(5),
                IDLENESS,
                Duration.ofDays(1),
                topic,
                Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers())),
            "Kafka: " + topic)
        .transform("Watermark status probe", TypeInformation.of(String.class), new Probe(topic))
        .sinkTo(new DiscardingSink<>());
    return env.executeAsync("source idleness " + topic);
  }

  private static void send(String topic, List<BorderCrossing> crossings) {
    CorridorCodec codec = JobTestBed.inputCodec();
    Properties props = KAFKA.broker().producerProps();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (BorderCrossing c : crossings) {
        producer.send(new ProducerRecord<>(topic, 0, null, codec.write(c)));
      }
      producer.flush();
    }
  }

  /** Notes each record's event id and each watermark status, in the order they arrive. */
  static final class Probe extends AbstractStreamOperator<String>
      implements OneInputStreamOperator<Ingested<BorderCrossing>, String> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    Probe(String topic) {
      this.topic = topic;
    }

    @Override
    public void processElement(StreamRecord<Ingested<BorderCrossing>> element) {
      Ingested<BorderCrossing> in = element.getValue();
      SEEN.get(topic).add(in.accepted() ? in.record().eventId() : "rejected: " + in.detail());
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
      SEEN.get(topic).add(status.isIdle() ? "IDLE" : "ACTIVE");
      super.processWatermarkStatus(status);
    }
  }
}
