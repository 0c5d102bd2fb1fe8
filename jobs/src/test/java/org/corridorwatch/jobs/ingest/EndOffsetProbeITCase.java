package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.jobs.ingest.EndOffsets.Answer;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-offset probe against a real broker: transaction markers, aborted records, outages. */
class EndOffsetProbeITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final Duration DEADLINE = Duration.ofSeconds(60);

  @Test
  void markersAndAbortedRecordsAfterTheLastRecordReadDoNotCountAsUnread() throws Exception {
    String topic = EmbeddedKafka.uniqueTopic("probe");
    KAFKA.broker().createTopics(2, topic);
    Properties tx = KAFKA.broker().producerProps();
    tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "probe-" + UUID.randomUUID());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(tx)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i})); // offsets 0-2
      }
      producer.commitTransaction(); // marker at 3
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {9})); // 4, aborted
      producer.abortTransaction(); // marker at 5
    }
    EndOffsetProbe probe = new EndOffsetProbe(client(KAFKA.bootstrapServers()), topic, DEADLINE);

    assertThat(await(probe, 0, 3))
        .as("read up to the last committed record")
        .isEqualTo(Answer.READ_TO_END);
    assertThat(await(probe, 0, 2)).as("one committed record left").isEqualTo(Answer.UNREAD_RECORDS);
    assertThat(await(probe, 0, EndOffsets.FROM_LOG_START)).isEqualTo(Answer.UNREAD_RECORDS);
    assertThat(await(probe, 1, EndOffsets.FROM_LOG_START))
        .as("an empty partition")
        .isEqualTo(Answer.READ_TO_END);
    assertThat(probe.topicHasRecords(0)).isTrue();
  }

  @Test
  void aProbeThatCannotReachTheBrokerConfirmsNothing() throws Exception {
    EndOffsetProbe probe =
        new EndOffsetProbe(client("127.0.0.1:" + closedPort()), "unreachable", DEADLINE);
    long ticket = probe.request(0, 0);
    // two rounds after the request: the first has then surely completed, and failed
    Poll.untilTrue(
        "two probe rounds after the request", DEADLINE, () -> probe.request(0, 0) >= ticket + 2);
    assertThat(probe.answer(0, 0, ticket)).isEqualTo(Answer.UNKNOWN);
    assertThat(probe.topicHasRecords(ticket)).isFalse();
  }

  @Test
  void aProbeNoOneAsksClosesItsConsumer() throws Exception {
    String topic = EmbeddedKafka.uniqueTopic("probe-idle");
    KAFKA.broker().createTopics(1, topic);
    EndOffsetProbe probe =
        new EndOffsetProbe(client(KAFKA.bootstrapServers()), topic, Duration.ofSeconds(1));
    assertThat(await(probe, 0, EndOffsets.FROM_LOG_START)).isEqualTo(Answer.READ_TO_END);
    assertThat(probe.running()).isTrue();
    Poll.untilTrue(
        "the probe to close its consumer once no one asked for a while",
        DEADLINE,
        () -> !probe.running());
    assertThat(await(probe, 0, EndOffsets.FROM_LOG_START))
        .as("and opens again when asked")
        .isEqualTo(Answer.READ_TO_END);
  }

  /** Asks until a round after the first request answers, or the deadline passes. */
  static Answer await(EndOffsetProbe probe, int partition, long nextOffset) throws Exception {
    long ticket = probe.request(partition, nextOffset);
    try {
      return Poll.until(
          "an answer to the request",
          DEADLINE,
          () -> {
            probe.request(partition, nextOffset);
            Answer answer = probe.answer(partition, nextOffset, ticket);
            return answer == Answer.UNKNOWN ? null : answer;
          });
    } catch (AssertionError e) {
      return Answer.UNKNOWN; // no answer in time: the caller's assertion says what it expected
    }
  }

  static Map<String, String> client(String bootstrap) {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
