package org.corridorwatch.drills;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.kafka.OutputTopics;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier against a real broker: it reads with read_committed (an aborted transaction's
 * records do not count), finds the output equal when it is, and reports a record committed twice as
 * duplicated, on its topic, with a non-zero exit code.
 */
class DrillVerifierITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final long SLOT = EventTimeRules.SLOT_MILLIS;
  private final CorridorCodec codec = CorridorCodec.forOutputs();

  private static PortUtilisation reading(int slot, long trips) {
    long end = (slot + 96) * SLOT;
    return new PortUtilisation(
        "CN-PINGXIANG", end - EventTimeRules.DAY_MILLIS, end, trips, 800, 1000);
  }

  private static final TradeBalance BALANCE =
      new TradeBalance(
          BalanceLevel.PORT,
          "CN-PINGXIANG",
          BalanceScope.CUMULATIVE,
          EventTimeRules.HOUR_MILLIS,
          3,
          1,
          0);

  private static final PortWaits WAITS =
      new PortWaits(
          "CN-PINGXIANG",
          EventTimeRules.DAY_MILLIS - EventTimeRules.HOUR_MILLIS,
          EventTimeRules.DAY_MILLIS,
          2,
          40L,
          1,
          25L,
          25L,
          25L,
          0,
          null,
          null);

  @Test
  void equalOutputPassesAndADoubledCommitIsReportedAsDuplicated(@TempDir Path dir)
      throws Exception {
    String suffix = EmbeddedKafka.uniqueTopic("");
    OutputTopics topics =
        new OutputTopics(
            Topics.PORT_UTILISATION + suffix,
            Topics.TRADE_BALANCE + suffix,
            Topics.ALERTS + suffix,
            Topics.PORT_WAITS + suffix,
            Topics.DEAD_LETTER + suffix);
    KAFKA.broker().createTopics(2, topics.all().toArray(String[]::new));
    KnownAnswersFile expected =
        new KnownAnswersFile(
            Map.of(),
            Map.of(),
            Map.of(),
            0,
            0,
            Map.of(RejectReason.MISSING_FIELD, 1L),
            List.of(reading(1, 10), reading(2, 12)),
            List.of(BALANCE),
            List.of(),
            List.of(BALANCE),
            List.of(WAITS));
    Path answers = dir.resolve("expected.json");
    expected.write(answers, codec);
    DeadLetter deadLetter =
        new DeadLetter(
            RejectReason.MISSING_FIELD,
            "no portId",
            Topics.BORDER_CROSSINGS,
            0,
            7,
            null,
            "{}".getBytes(),
            0);

    try (KafkaProducer<byte[], byte[]> producer = transactional()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topics.utilisation(), codec.write(reading(1, 10))));
      producer.send(record(topics.utilisation(), codec.write(reading(2, 12))));
      producer.send(record(topics.balance(), codec.write(BALANCE)));
      producer.send(record(topics.deadLetters(), codec.write(deadLetter)));
      producer.send(record(topics.portWaits(), codec.write(WAITS)));
      producer.commitTransaction();
      // what a failed checkpoint leaves behind: read_committed must not see it
      producer.beginTransaction();
      producer.send(record(topics.utilisation(), codec.write(reading(3, 99))));
      producer.flush();
      producer.abortTransaction();
    }
    Path report = dir.resolve("result.json");
    assertThat(verify(topics, answers, report)).isZero();
    JsonNode equal = new ObjectMapper().readTree(report.toFile());
    assertThat(equal.path("verdict").asText()).isEqualTo("EQUAL");
    assertThat(equal.path("recordsRead").asLong()).isEqualTo(5);

    try (KafkaProducer<byte[], byte[]> producer = transactional()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(record(topics.balance(), codec.write(BALANCE)));
      producer.commitTransaction();
    }
    assertThat(verify(topics, answers, report)).isEqualTo(1);
    JsonNode doubled = new ObjectMapper().readTree(report.toFile());
    assertThat(doubled.path("verdict").asText()).isEqualTo("NOT_EQUAL");
    assertThat(doubled.path("duplicated").asLong()).isEqualTo(1);
    assertThat(doubled.path("lost").asLong()).isZero();
    assertThat(doubled.path("topics").path(topics.balance()).path("duplicated").asLong())
        .isEqualTo(1);
    // the balance's key (level, id, scope, asOf) written twice: the contract's promise, broken
    assertThat(doubled.path("rewritten").asLong()).isEqualTo(1);
    assertThat(doubled.path("topics").path(topics.balance()).path("rewritten").asLong())
        .isEqualTo(1);
  }

  private static int verify(OutputTopics topics, Path answers, Path report) {
    return CommandLines.run(
        new DrillVerifier(),
        "--expected",
        answers.toString(),
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--topic-utilisation",
        topics.utilisation(),
        "--topic-balance",
        topics.balance(),
        "--topic-alerts",
        topics.alerts(),
        "--topic-dead-letters",
        topics.deadLetters(),
        "--topic-port-waits",
        topics.portWaits(),
        "--quiet",
        "2s",
        "--timeout",
        "1m",
        "--report",
        report.toString());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, byte[] value) {
    return new ProducerRecord<>(topic, 0, null, value);
  }

  private static KafkaProducer<byte[], byte[]> transactional() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, EmbeddedKafka.uniqueTopic("drill-verifier-it"));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
