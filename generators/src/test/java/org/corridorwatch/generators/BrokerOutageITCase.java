package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.testing.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A replay rides out a real broker outage: the embedded broker is stopped mid-replay and started
 * again on the same port and data. With an outage shorter than {@code --broker-wait} the replay
 * says it waits, resumes, and every record is in the topic exactly once and in order, as the known
 * answers say; with an outage longer than the wait it stops with one line saying what to fix and
 * writes no known answers.
 *
 * <p>Kafka's own limits (60 s {@code max.block.ms}, 2 min {@code delivery.timeout.ms}) are too long
 * for a test, so the test makes the wait short instead: 20 s against an 8 s outage, and 3 s against
 * an outage that lasts until the replay has given up. That the second replay fails is what shows
 * the option, not Kafka's defaults, decides how long the producer waits.
 */
class BrokerOutageITCase {
  /** This test stops its broker, so it has one of its own, never the shared one. */
  private static EmbeddedKafka kafka;

  private static final Duration OUTAGE = Duration.ofSeconds(8);
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final long RECORDS_BEFORE_OUTAGE = 300;

  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.startOwn();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @BeforeEach
  void brokerUp() {
    kafka.restartBroker(); // a test that failed half-way may have left it stopped
  }

  @AfterEach
  void stopRunner() {
    runner.shutdownNow();
  }

  @Test
  void replayWaitsThroughAnOutageShorterThanBrokerWaitAndSendsEveryRecordOnce(@TempDir Path dir)
      throws Exception {
    String crossings = EmbeddedKafka.uniqueTopic("outage-crossings");
    Path expected = dir.resolve("expected.json");
    List<String> args = replayArgs(crossings, "20s", expected);
    StringWriter err = new StringWriter();

    Future<Integer> replay = runner.submit(() -> command(err, args));
    awaitRecords(crossings, RECORDS_BEFORE_OUTAGE, replay);
    kafka.stopBroker();
    long before = System.nanoTime();
    Thread.sleep(OUTAGE.toMillis()); // the outage itself: the broker stays down this long
    assertThat(replay)
        .as("the replay must still be running when the broker comes back")
        .isNotDone();
    kafka.restartBroker();
    long downSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before);

    int exit = replay.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    String stderr = err.toString();
    System.out.print(stderr); // what the person at the terminal saw, for the test report
    assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
    assertThat(stderr)
        .contains("corridor-watch replay: waiting for Kafka at " + kafka.bootstrapServers() + ": ")
        .contains("(gives up after 20s; --broker-wait)")
        .contains(
            "corridor-watch replay: Kafka at " + kafka.bootstrapServers() + " answers again after ")
        .contains("sending resumed");
    assertThat(downSeconds).isGreaterThanOrEqualTo(OUTAGE.toSeconds());

    // every record exactly once, in the order sent: the same replay as a dry run is the reference
    List<JsonNode> sent = dryRun(crossings);
    List<JsonNode> read = values(crossings, sent.size());
    assertThat(read).hasSameSizeAs(sent);
    assertThat(read).containsExactlyElementsOf(sent);
    // and the known answers describe exactly that
    KnownAnswersFile answers = KnownAnswersFile.read(expected);
    assertThat(answers.sentPerTopic()).containsEntry(crossings, (long) read.size());
  }

  @Test
  void replayStopsWithOneClearLineWhenTheOutageOutlastsBrokerWait(@TempDir Path dir)
      throws Exception {
    String crossings = EmbeddedKafka.uniqueTopic("outage-crossings");
    Path expected = dir.resolve("expected.json");
    StringWriter err = new StringWriter();

    Future<Integer> replay =
        runner.submit(() -> command(err, replayArgs(crossings, "3s", expected)));
    awaitRecords(crossings, RECORDS_BEFORE_OUTAGE, replay);
    kafka.stopBroker();
    int exit;
    try {
      // the broker stays down until the replay has given up
      exit = replay.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } finally {
      kafka.restartBroker();
    }

    String stderr = err.toString();
    System.out.print(stderr);
    assertThat(exit).as("exit code; stderr:%n%s", stderr).isEqualTo(1);
    List<String> lines = stderr.strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertThat(last)
        .startsWith("corridor-watch replay: gave up on Kafka at " + kafka.bootstrapServers())
        .contains("after waiting 3s (--broker-wait)")
        .contains("Bring the broker back (or raise --broker-wait) and run again")
        .endsWith("no known answers written to " + expected);
    // every other line is a notice that it waits: the failure is the one line that says why
    assertThat(lines.subList(0, lines.size() - 1))
        .allSatisfy(l -> assertThat(l).contains("waiting for Kafka at "));
    assertThat(expected).doesNotExist();
  }

  private List<String> replayArgs(String crossings, String brokerWait, Path expected) {
    return List.of(
        "pingxiang-overload",
        "--days",
        "1",
        "--rate",
        "250",
        "--partitions",
        "1",
        "--topic-crossings",
        crossings,
        "--topic-shipments",
        crossings + "-shipments",
        "--topic-control",
        crossings + "-control",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--broker-wait",
        brokerWait,
        "--expected",
        expected.toString(),
        "--no-progress");
  }

  /** Runs the command line; returns its exit code, with standard error in {@code err}. */
  private static int command(StringWriter err, List<String> args) {
    CommandLine line = CommandLines.create(new ReplayCommand());
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    return line.execute(args.toArray(String[]::new));
  }

  /** The values the same replay sends, from a dry run, in order. */
  private List<JsonNode> dryRun(String crossings) throws IOException {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream realOut = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      exit =
          command(
              new StringWriter(),
              List.of(
                  "pingxiang-overload",
                  "--days",
                  "1",
                  "--topic-crossings",
                  crossings,
                  "--dry-run",
                  "--no-progress"));
    } finally {
      System.setOut(realOut);
    }
    assertThat(exit).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> values = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        JsonNode record = json.readTree(line);
        assertThat(record.path("topic").asText()).isEqualTo(crossings);
        values.add(record.get("value"));
      }
    }
    assertThat(values).hasSizeGreaterThan(3_000);
    return values;
  }

  private static List<JsonNode> values(String topic, int atLeast) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic, false, atLeast, DEADLINE)) {
      assertThat(r.partition()).isZero();
      values.add(json.readTree(r.value()));
    }
    return values;
  }

  /** Polls the topic's end offset until it holds {@code count} records (the replay is running). */
  private static void awaitRecords(String topic, long count, Future<Integer> replay) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    Properties props = kafka.consumerProps(null, false);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      while (System.nanoTime() < end) {
        assertThat(replay).as("the replay ended before the outage").isNotDone();
        if (!consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty()) {
          Map<TopicPartition, Long> offsets =
              consumer.endOffsets(List.of(partition), Duration.ofSeconds(5));
          if (offsets.getOrDefault(partition, 0L) >= count) {
            return;
          }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
    throw new AssertionError(topic + " did not reach " + count + " records within " + DEADLINE);
  }
}
