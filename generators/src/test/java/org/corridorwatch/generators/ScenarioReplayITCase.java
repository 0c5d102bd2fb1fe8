package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.KafkaRecordSink;
import org.corridorwatch.generators.sink.ReplayException;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The source scenarios replayed into a real Kafka broker and read back: the topic holds the
 * source's figures, and the known-answer file says the same.
 */
class ScenarioReplayITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();
  private static final Duration READ_DEADLINE = Duration.ofSeconds(60);
  private static final long FIVE_MINUTES = 5 * 60_000L;

  private final CorridorCodec codec =
      CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds()));

  private static InputTopics freshTopics() {
    return new InputTopics(
        EmbeddedKafka.uniqueTopic("crossings"),
        EmbeddedKafka.uniqueTopic("shipments"),
        EmbeddedKafka.uniqueTopic("control"));
  }

  private static Properties client(String bootstrap) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }

  /** Replays one scenario into fresh topics and writes its known answers. */
  private KnownAnswersFile replay(String scenario, int days, InputTopics topics, Path expected)
      throws IOException {
    Replay.Plan plan =
        new Replay.Plan(
            List.of(Scenarios.named(scenario).orElseThrow()),
            null,
            new ScenarioSettings(ScenarioSettings.DEFAULT_START, days),
            ReplayCommand.DEFAULT_SEED,
            null,
            null,
            InjectionSettings.none(),
            topics,
            false);
    KnownAnswers answers =
        new KnownAnswers(CATALOGUE, codec, topics, FIVE_MINUTES, EventTimeRules.DAY_MILLIS);
    try (KafkaRecordSink sink =
        KafkaRecordSink.open(
            client(KAFKA.bootstrapServers()),
            topics.all(),
            3,
            (short) 1,
            KafkaRecordSink.DEFAULT_CONNECT_TIMEOUT)) {
      Replay.Summary summary = Replay.of(plan, CATALOGUE, sink, Pacer.unlimited(), answers).run();
      assertThat(summary.stopped()).isFalse();
      sink.flush();
      assertThat(sink.acknowledged()).isEqualTo(summary.total());
    }
    KnownAnswersFile.of(
            answers,
            Map.of("scenarios", List.of(scenario)),
            FIVE_MINUTES,
            EventTimeRules.DAY_MILLIS)
        .write(expected, CorridorCodec.forOutputs());
    return KnownAnswersFile.read(expected);
  }

  @Test
  void ilstc2019TopicHoldsTheSourceShuttleFiguresAndTheKnownAnswersAgree(@TempDir Path dir)
      throws IOException {
    InputTopics topics = freshTopics();
    KnownAnswersFile expected = replay("ilstc-2019", 7, topics, dir.resolve("expected.json"));

    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.broker().readAll(topics.shipments(), true, 2_920, READ_DEADLINE);
    Map<ShipmentDirection, Long> departures = new TreeMap<>();
    Map<String, long[]> perLine = new TreeMap<>();
    long arrivals = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Decoded<Shipment> decoded = codec.readShipment(record.value());
      assertThat(decoded.accepted()).as(decoded.detail()).isTrue();
      Shipment s = decoded.value();
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(s.lineId());
      if (s.status() == ShipmentStatus.DEPARTED) {
        departures.merge(s.direction(), 1L, Long::sum);
        perLine
            .computeIfAbsent(s.lineId(), l -> new long[2])[
            s.direction() == ShipmentDirection.OUTBOUND ? 0 : 1]++;
      } else {
        arrivals++;
      }
    }

    assertThat(records).hasSize(2_920);
    assertThat(departures)
        .containsEntry(ShipmentDirection.OUTBOUND, 1_353L)
        .containsEntry(ShipmentDirection.RETURN, 107L);
    assertThat(arrivals).isEqualTo(1_460);

    TradeBalance corridor = balance(expected, BalanceLevel.CORRIDOR, "ILSTC-ROAD");
    assertThat(corridor.outbound()).isEqualTo(1_353);
    assertThat(corridor.inbound()).isEqualTo(107);
    assertThat(corridor.ratio()).hasToString("12.64");
    assertThat(corridor.inboundShare()).hasToString("0.0733");
    assertThat(perLine).hasSize(5);
    perLine.forEach(
        (line, counts) -> {
          TradeBalance l = balance(expected, BalanceLevel.LINE, line);
          assertThat(new long[] {l.outbound(), l.inbound()}).as(line).containsExactly(counts);
        });
    assertThat(expected.counted()).isEqualTo(2_920);
    assertThat(expected.deadLetters().values()).allMatch(n -> n == 0);
  }

  @Test
  void pingxiangDailyDeparturesOnTheTopicAreWithinTheSourceRange(@TempDir Path dir)
      throws IOException {
    InputTopics topics = freshTopics();
    KnownAnswersFile expected =
        replay("pingxiang-overload", 7, topics, dir.resolve("expected.json"));

    List<ConsumerRecord<byte[], byte[]>> records =
        KAFKA.broker().readAll(topics.crossings(), true, 20_000, READ_DEADLINE);
    TreeMap<Long, Long> departuresPerDay =
        records.stream()
            .map(r -> codec.readBorderCrossing(r.value()).value())
            .filter(c -> c.stage() == CrossingStage.DEPARTED)
            .collect(
                Collectors.groupingBy(
                    c -> Math.floorDiv(c.eventTimeMillis(), EventTimeRules.DAY_MILLIS),
                    TreeMap::new,
                    Collectors.counting()));

    assertThat(departuresPerDay).hasSize(7);
    assertThat(departuresPerDay.values()).allSatisfy(n -> assertThat(n).isBetween(1_200L, 1_500L));
    assertThat(Instant.ofEpochMilli(departuresPerDay.firstKey() * EventTimeRules.DAY_MILLIS))
        .isEqualTo(Instant.parse("2019-07-01T00:00:00Z"));
    assertThat(records)
        .allSatisfy(
            r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("CN-PINGXIANG"));

    // the known answers' reading at each midnight is exactly that day's departures
    Map<Long, PortUtilisation> atMidnight =
        expected.utilisation().stream()
            .filter(u -> u.windowEndMillis() % EventTimeRules.DAY_MILLIS == 0)
            .collect(
                Collectors.toMap(u -> u.windowStartMillis() / EventTimeRules.DAY_MILLIS, u -> u));
    departuresPerDay.forEach(
        (day, n) -> {
          PortUtilisation reading = atMidnight.get(day);
          assertThat(reading.trips()).as("day %d", day).isEqualTo(n);
          assertThat(reading.utilisation().doubleValue()).isBetween(1.2, 1.5);
        });
  }

  @Test
  void unreachableBrokerFailsWithOneClearMessage() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String nowhere = "127.0.0.1:" + closedPort;

    assertThatThrownBy(
            () ->
                KafkaRecordSink.open(
                    client(nowhere), freshTopics().all(), 1, (short) 1, Duration.ofSeconds(2)))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("cannot reach Kafka at " + nowhere)
        .hasMessageContaining("--bootstrap-servers")
        .hasMessageNotContaining("\n");
  }

  /** Runs the command line; returns its exit code, with standard error in {@code err}. */
  private static int command(StringWriter err, String... args) {
    CommandLine line = CommandLines.create(new ReplayCommand());
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    return line.execute(args);
  }

  @Test
  void clientPropertiesFileSuppliesTheBrokerAddress(@TempDir Path dir) throws IOException {
    Path props = dir.resolve("client.properties");
    Files.writeString(props, "bootstrap.servers=" + KAFKA.bootstrapServers() + "\n");
    String topic = EmbeddedKafka.uniqueTopic("crossings");

    int exit =
        command(
            new StringWriter(),
            "pingxiang-overload",
            "--days",
            "1",
            "--no-progress",
            "--kafka-properties",
            props.toString(),
            "--topic-crossings",
            topic);

    assertThat(exit).isZero();
    assertThat(KAFKA.broker().readAll(topic, true, 3_000, READ_DEADLINE)).hasSizeGreaterThan(3_000);
  }

  @Test
  void clientPropertiesFileSecuritySettingsAreApplied(@TempDir Path dir) throws IOException {
    // the embedded broker speaks PLAINTEXT only: a client told to use TLS cannot talk to it
    Path props = dir.resolve("client.properties");
    Files.writeString(props, "security.protocol=SSL\n");
    StringWriter err = new StringWriter();

    int exit =
        command(
            err,
            "pingxiang-overload",
            "--days",
            "1",
            "--no-progress",
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--kafka-properties",
            props.toString(),
            "--connect-timeout",
            "3s");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip().lines())
        .singleElement()
        .asString()
        .contains("cannot reach Kafka at " + KAFKA.bootstrapServers());
  }

  private static TradeBalance balance(KnownAnswersFile expected, BalanceLevel level, String id) {
    return expected.balances().stream()
        .filter(
            b -> b.level() == level && b.id().equals(id) && b.scope() == BalanceScope.CUMULATIVE)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + level + " " + id + " in expected.json"));
  }
}
