package org.corridorwatch.jobs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.corridorwatch.generators.Replay;
import org.corridorwatch.generators.ReplayCommand;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.KafkaRecordSink;
import org.corridorwatch.generators.sink.RecordSink;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.Poll;

/**
 * What the job's integration tests share: a MiniCluster as the issue asks (one TaskManager, two
 * slots, on loopback), fresh topics per test, a replay with its known answers, a run of the real
 * job graph, and the output topics read back with {@code read_committed}.
 */
final class JobTestBed {
  static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();
  static final Duration DEADLINE = Duration.ofSeconds(120);
  static final long OUT_OF_ORDERNESS = 5 * 60_000L;

  /** Partitions of the input topics in the tests of idleness: more than the job's parallelism. */
  static final int PARTITIONS = 3;

  private JobTestBed() {}

  static MiniClusterExtension miniCluster() {
    return MiniClusters.onLoopback(2);
  }

  /** Fresh input and output topics for one test. */
  record Topics(
      String crossings,
      String shipments,
      String control,
      String utilisation,
      String balance,
      String deadLetters,
      String alerts,
      String waits) {
    static Topics fresh() {
      return new Topics(
          EmbeddedKafka.uniqueTopic("in-crossings"),
          EmbeddedKafka.uniqueTopic("in-shipments"),
          EmbeddedKafka.uniqueTopic("in-control"),
          EmbeddedKafka.uniqueTopic("out-utilisation"),
          EmbeddedKafka.uniqueTopic("out-balance"),
          EmbeddedKafka.uniqueTopic("out-dead-letters"),
          EmbeddedKafka.uniqueTopic("out-alerts"),
          EmbeddedKafka.uniqueTopic("out-port-waits"));
    }

    /** The same inputs, with fresh output topics: a second run over the same records. */
    Topics withFreshOutputs() {
      Topics fresh = fresh();
      return new Topics(
          crossings,
          shipments,
          control,
          fresh.utilisation,
          fresh.balance,
          fresh.deadLetters,
          fresh.alerts,
          fresh.waits);
    }

    InputTopics inputs() {
      return new InputTopics(crossings, shipments, control);
    }
  }

  /** A replay's known answers and every record it sent. */
  record Replayed(KnownAnswers answers, List<Delivery> sent) {}

  static CorridorCodec inputCodec() {
    return CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds()));
  }

  /** Replays a scenario into the input topics, which it creates with {@code partitions}. */
  static Replayed replay(
      EmbeddedKafka kafka,
      Topics topics,
      String scenario,
      int days,
      InjectionSettings injection,
      int partitions,
      Pacer pacer) {
    KnownAnswers answers =
        new KnownAnswers(
            CATALOGUE, inputCodec(), topics.inputs(), OUT_OF_ORDERNESS, EventTimeRules.DAY_MILLIS);
    List<Delivery> sent = Collections.synchronizedList(new ArrayList<>());
    Properties client = new Properties();
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaRecordSink kafkaSink =
        KafkaRecordSink.open(
            client,
            topics.inputs().all(),
            partitions,
            (short) 1,
            KafkaRecordSink.DEFAULT_CONNECT_TIMEOUT)) {
      RecordSink tee =
          new RecordSink() {
            @Override
            public void send(Delivery d) {
              kafkaSink.send(d);
              sent.add(d);
            }

            @Override
            public void flush() {
              kafkaSink.flush();
            }

            @Override
            public void close() {}
          };
      Replay.of(
              new Replay.Plan(
                  List.of(Scenarios.named(scenario).orElseThrow()),
                  null,
                  new ScenarioSettings(ScenarioSettings.DEFAULT_START, days),
                  ReplayCommand.DEFAULT_SEED,
                  null,
                  null,
                  injection,
                  topics.inputs(),
                  false),
              CATALOGUE,
              tee,
              pacer,
              answers)
          .run();
    }
    return new Replayed(answers, List.copyOf(sent));
  }

  /** The records a scenario replay sends, in order, generated without sending them anywhere. */
  static List<Delivery> records(
      Topics topics, String scenario, int days, InjectionSettings injection) {
    return records(topics, scenario, days, injection, false);
  }

  /**
   * The records a scenario replay sends, in order; with {@code closed}, followed by the replay's
   * closing records (a month on, see {@link Replay#close}), so that a running job writes every
   * answer without being drained.
   */
  static List<Delivery> records(
      Topics topics, String scenario, int days, InjectionSettings injection, boolean closed) {
    List<Delivery> records = new ArrayList<>();
    Replay replay =
        Replay.of(
            new Replay.Plan(
                List.of(Scenarios.named(scenario).orElseThrow()),
                null,
                new ScenarioSettings(ScenarioSettings.DEFAULT_START, days),
                ReplayCommand.DEFAULT_SEED,
                null,
                null,
                injection,
                topics.inputs(),
                false),
            CATALOGUE,
            new RecordSink() {
              @Override
              public void send(Delivery d) {
                records.add(d);
              }

              @Override
              public void flush() {}

              @Override
              public void close() {}
            },
            Pacer.unlimited(),
            null);
    replay.run();
    if (closed) {
      replay.close(31 * EventTimeRules.DAY_MILLIS);
    }
    return records;
  }

  /**
   * New departures for the earliest slots of {@code sent}, each under an event id of its own, so
   * that only lateness can keep them out once the job has read past those slots.
   */
  static List<Delivery> lateCopies(List<Delivery> sent, Topics topics, int count) {
    CorridorCodec codec = CorridorCodec.forOutputs();
    List<Delivery> late = new ArrayList<>();
    for (Delivery d : sent) {
      if (late.size() == count) {
        break;
      }
      if (d.kind() == Delivery.Kind.EVENT
          && d.record() instanceof BorderCrossing c
          && c.stage() == CrossingStage.DEPARTED) {
        BorderCrossing copy = c.withEventIdAndTime("late-" + late.size(), c.eventTimeMillis());
        late.add(
            new Delivery(
                topics.crossings(),
                d.key(),
                codec.write(copy),
                copy.eventTimeMillis(),
                Delivery.Kind.LATE,
                copy,
                null));
      }
    }
    return late;
  }

  /**
   * Disorder within the out-of-orderness, 2 % duplicates and 1 % malformed records: faults a replay
   * read all at once judges the same on any number of partitions. Late records are added by the
   * tests themselves ({@link #lateCopies}), where they know the job has passed their slots.
   */
  static InjectionSettings disorderDuplicatesAndMalformed() {
    return new InjectionSettings(
        InjectionSettings.DEFAULT_DISORDER_MILLIS,
        0.02,
        0,
        InjectionSettings.DEFAULT_LATE_BY_MILLIS,
        0.01);
  }

  /** Known answers, as the replay writes them, for exactly {@code records}. */
  static KnownAnswers answersFor(Topics topics, List<Delivery> records) {
    KnownAnswers answers =
        new KnownAnswers(
            CATALOGUE, inputCodec(), topics.inputs(), OUT_OF_ORDERNESS, EventTimeRules.DAY_MILLIS);
    records.forEach(answers::observe);
    return answers;
  }

  /** Sends {@code records} in order to the input topics, created with {@code partitions}. */
  static void send(EmbeddedKafka kafka, Topics topics, List<Delivery> records, int partitions) {
    Properties client = new Properties();
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaRecordSink kafkaSink =
        KafkaRecordSink.open(
            client,
            topics.inputs().all(),
            partitions,
            (short) 1,
            KafkaRecordSink.DEFAULT_CONNECT_TIMEOUT)) {
      records.forEach(kafkaSink::send);
      kafkaSink.flush();
    }
  }

  /**
   * The job's options for the tests of idleness: input topics of {@link #PARTITIONS} partitions,
   * more than the job's parallelism, and a short {@code --idleness}.
   */
  static AnalyticsOptions idleOptions(EmbeddedKafka kafka, Topics topics, Duration idleness) {
    return options(
        kafka,
        topics,
        "--idleness",
        idleness.toSeconds() + "s",
        "--partitions",
        String.valueOf(PARTITIONS));
  }

  /** The job's options for these topics, plus {@code extra} arguments. */
  static AnalyticsOptions options(EmbeddedKafka kafka, Topics topics, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-crossings", topics.crossings(),
                "--topic-shipments", topics.shipments(),
                "--topic-control", topics.control(),
                "--topic-utilisation", topics.utilisation(),
                "--topic-balance", topics.balance(),
                "--topic-dead-letters", topics.deadLetters(),
                "--topic-alerts", topics.alerts(),
                "--topic-port-waits", topics.waits(),
                "--transactional-id-prefix", topics.utilisation(),
                "--parallelism", "2",
                "--partitions", "1",
                "--checkpoint-interval", "500ms",
                "--transaction-timeout", "2m"));
    // an option given in extra replaces the default above (picocli refuses an option twice)
    for (String option : extra) {
      int at = args.indexOf(option);
      if (option.startsWith("--") && at >= 0) {
        args.remove(at + 1);
        args.remove(at);
      }
    }
    args.addAll(List.of(extra));
    return CorridorAnalyticsJob.parse(args.toArray(String[]::new));
  }

  /** Builds the real job graph, Kafka included, and starts it on the test's MiniCluster. */
  static JobClient start(AnalyticsOptions options) throws Exception {
    return start(options, null);
  }

  /** Starts the real job graph, restoring {@code savepoint} when given. */
  static JobClient start(AnalyticsOptions options, Path savepoint) throws Exception {
    Properties client = CorridorAnalyticsJob.clientProperties(options);
    Map<String, Integer> partitions = CorridorAnalyticsJob.prepareTopics(options, client);
    Configuration conf = CorridorAnalyticsJob.configuration(options);
    if (savepoint != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    CorridorAnalyticsJob.wire(env, options, client, partitions);
    return env.executeAsync(CorridorAnalyticsJob.JOB_NAME);
  }

  /** Fails unless {@code job} went through a restart on {@code cluster} (it must have ended). */
  static void assertRestarted(MiniCluster cluster, JobClient job) throws Exception {
    assertThat(
            cluster
                .getArchivedExecutionGraph(job.getJobID())
                .get()
                .getStatusTimestamp(JobStatus.RESTARTING))
        .as("the job restarted after the TaskManager died")
        .isPositive();
  }

  /** Runs a bounded job to its end. */
  static JobClient runToEnd(AnalyticsOptions options) throws Exception {
    JobClient job = start(options);
    job.getJobExecutionResult()
        .get(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return job;
  }

  /**
   * Waits until every task of {@code job} is RUNNING, polling against {@link #DEADLINE}, and
   * returns {@link System#nanoTime()} at that moment.
   */
  static long awaitAllTasksRunning(MiniCluster cluster, JobClient job) throws Exception {
    return Poll.until(
        "the job's tasks all RUNNING",
        DEADLINE,
        () -> {
          AccessExecutionGraph graph = cluster.getExecutionGraph(job.getJobID()).get();
          boolean running = graph.getState() == JobStatus.RUNNING;
          for (AccessExecutionVertex v : graph.getAllExecutionVertices()) {
            running &= v.getExecutionState() == ExecutionState.RUNNING;
          }
          return running ? System.nanoTime() : null;
        });
  }

  /**
   * Returns once {@link System#nanoTime()} has passed {@code nanoTime}: for a test whose subject is
   * a stretch of processing time, such as a job waiting for its data.
   */
  static void waitUntil(long nanoTime) throws Exception {
    Duration left = Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    Poll.untilTrue(
        "processing time to pass", left.plusSeconds(10), () -> System.nanoTime() >= nanoTime);
  }

  /**
   * Waits until the job's consumer group has committed, on a checkpoint, the end offset of every
   * non-empty input partition: everything sent is then inside the job, so a drain loses nothing.
   */
  static void awaitInputsRead(EmbeddedKafka kafka, AnalyticsOptions options, Topics topics)
      throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicDescription d :
          admin
              .describeTopics(List.of(topics.crossings(), topics.shipments(), topics.control()))
              .allTopicNames()
              .get()
              .values()) {
        d.partitions()
            .forEach(
                p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
      ends.values().removeIf(offset -> offset == 0);
      AtomicReference<Map<TopicPartition, Long>> committed = new AtomicReference<>(Map.of());
      Poll.untilTrue(
          () -> "the job to read its inputs: ends " + ends + ", committed " + committed.get(),
          DEADLINE,
          () -> {
            Map<TopicPartition, Long> read = new HashMap<>();
            for (var e :
                admin
                    .listConsumerGroupOffsets(options.delivery.groupId)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .entrySet()) {
              if (e.getValue() != null) {
                read.put(e.getKey(), e.getValue().offset());
              }
            }
            committed.set(read);
            return ends.entrySet().stream()
                .allMatch(e -> read.getOrDefault(e.getKey(), -1L) >= e.getValue());
          });
    }
  }

  /**
   * Waits until the source of {@code topic} reports {@code partitions} of its partitions released
   * as idle (read to their end and silent for the idleness), summed over its subtasks as the
   * cluster's REST API serves the gauge, polling against {@link #DEADLINE}.
   */
  static void awaitPartitionsReleased(
      MiniCluster cluster, JobClient job, String topic, int partitions) throws Exception {
    URI rest = cluster.getRestAddress().get();
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    String jobPath = "jobs/" + job.getJobID();
    String vertex = null;
    for (JsonNode v : json.readTree(get(http, rest.resolve(jobPath))).path("vertices")) {
      if (v.path("name").asText().contains("Kafka: " + topic)) {
        vertex = v.path("id").asText();
      }
    }
    assertThat(vertex).as("the job's vertex reading %s", topic).isNotNull();
    URI metrics = rest.resolve(jobPath + "/vertices/" + vertex + "/subtasks/metrics");
    String suffix = "." + JobMetrics.GROUP + "." + JobMetrics.PARTITIONS_RELEASED;
    AtomicReference<String> last = new AtomicReference<>("no such metric yet");
    Poll.untilTrue(
        () ->
            "the source of "
                + topic
                + " to release "
                + partitions
                + " partitions as idle; last released: "
                + last.get(),
        DEADLINE,
        () -> {
          for (JsonNode m : json.readTree(get(http, metrics))) {
            String id = m.path("id").asText();
            if (id.endsWith(suffix)) {
              URI sum = URI.create(metrics + "?agg=sum&get=" + URLEncoder.encode(id, UTF_8));
              JsonNode value = json.readTree(get(http, sum)).path(0).path("sum");
              last.set(value.asText());
              if (value.isNumber() && value.asInt() == partitions) {
                return true;
              }
            }
          }
          return false;
        });
  }

  private static String get(HttpClient http, URI uri) throws Exception {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
    return response.body();
  }

  /**
   * Stops {@code job} with a savepoint that first drains it (the watermark passes every remaining
   * slot, as at the end of a bounded run) and commits its last outputs.
   */
  static void drain(JobClient job, Path savepoints) throws Exception {
    job.stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
        .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    // the sinks commit their last transactions before the job finishes, not when the savepoint does
    job.getJobExecutionResult().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The outputs of a run that read all of a replay and then passed every slot (bounded, or
   * drained): every reading and every balance record the known answers list, each exactly once, and
   * the dead letters the known answers count, reason by reason.
   */
  static void assertExactlyTheKnownAnswers(Outputs out, KnownAnswers answers) {
    assertThat(out.utilisation().stream().map(u -> u.portId() + "@" + u.windowEndMillis()))
        .as("every (portId, windowEnd) is written once")
        .doesNotHaveDuplicates();
    assertThat(
            out.balances().stream()
                .map(b -> b.level() + ":" + b.id() + ":" + b.scope() + "@" + b.asOfMillis()))
        .as("every (level, id, scope, asOf) is written once")
        .doesNotHaveDuplicates();
    assertThat(out.utilisation())
        .as("readings")
        .containsExactlyInAnyOrderElementsOf(answers.utilisationReadings());
    assertThat(out.balances())
        .as("balance records")
        .containsExactlyInAnyOrderElementsOf(answers.balanceRecords());
    Map<RejectReason, Long> deadLetters = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      deadLetters.put(reason, 0L);
    }
    out.deadLetters().forEach(d -> deadLetters.merge(d.reason(), 1L, Long::sum));
    assertThat(deadLetters).as("dead letters by reason").isEqualTo(answers.deadLetters());
  }

  /**
   * An event time the job's watermark surely reached while it ran: the newest record of the input
   * partition that got the oldest newest record, minus the out-of-orderness.
   */
  static long liveWatermark(List<Delivery> sent, Topics topics) {
    Map<String, Long> newest = new HashMap<>();
    for (Delivery d : sent) {
      if (d.key() != null
          && d.kind() != Delivery.Kind.MALFORMED
          && (d.topic().equals(topics.crossings()) || d.topic().equals(topics.shipments()))) {
        newest.merge(d.topic() + "-" + partitionOf(d.key()), d.eventTime(), Math::max);
      }
    }
    return newest.values().stream().mapToLong(Long::longValue).min().orElseThrow()
        - OUT_OF_ORDERNESS;
  }

  /** A departure at {@code port}, keyed by it as the contract keys crossings. */
  static Delivery departure(Topics topics, String port, String eventId, long eventTime) {
    String json =
        "{\"schema\":\"border-crossing/1\",\"eventId\":\""
            + eventId
            + "\",\"portId\":\""
            + port
            + "\",\"vehicleId\":\"V-"
            + eventId
            + "\",\"stage\":\"DEPARTED\",\"direction\":\"EXPORT\",\"eventTime\":\""
            + Instant.ofEpochMilli(eventTime)
            + "\"}";
    return new Delivery(
        topics.crossings(),
        port.getBytes(UTF_8),
        json.getBytes(UTF_8),
        eventTime,
        Delivery.Kind.REPLAYED,
        null,
        null);
  }

  /** The input partition Kafka's default partitioner gives {@code key}. */
  static int partitionOf(byte[] key) {
    return Utils.toPositive(Utils.murmur2(key)) % PARTITIONS;
  }

  /** The committed records of the output topics. */
  record Outputs(
      List<PortUtilisation> utilisation,
      List<TradeBalance> balances,
      List<DeadLetter> deadLetters,
      List<Alert> alerts,
      List<PortWaits> waits) {}

  static Outputs readOutputs(EmbeddedKafka kafka, Topics topics) {
    CorridorCodec codec = CorridorCodec.forOutputs();
    Duration quiet = Duration.ofSeconds(3);
    List<PortUtilisation> utilisation = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.readUntilQuiet(topics.utilisation(), true, quiet, DEADLINE)) {
      utilisation.add(valid(codec.readPortUtilisation(r.value())));
    }
    List<TradeBalance> balances = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.readUntilQuiet(topics.balance(), true, quiet, DEADLINE)) {
      balances.add(valid(codec.readTradeBalance(r.value())));
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.readUntilQuiet(topics.deadLetters(), true, quiet, DEADLINE)) {
      DeadLetter d = valid(codec.readDeadLetter(r.value()));
      deadLetters.add(
          new DeadLetter(
              d.reason(),
              d.detail(),
              d.sourceTopic(),
              d.partition(),
              d.offset(),
              r.key(),
              d.payload(),
              d.receivedAtMillis()));
    }
    List<Alert> alerts = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.readUntilQuiet(topics.alerts(), true, quiet, DEADLINE)) {
      alerts.add(valid(codec.readAlert(r.value())));
    }
    List<PortWaits> waits = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        kafka.readUntilQuiet(topics.waits(), true, quiet, DEADLINE)) {
      waits.add(valid(codec.readPortWaits(r.value())));
    }
    return new Outputs(utilisation, balances, deadLetters, alerts, waits);
  }

  private static <T> T valid(Decoded<T> decoded) {
    if (!decoded.accepted()) {
      throw new AssertionError(
          "the job wrote a record that breaks the contract: " + decoded.detail());
    }
    return decoded.value();
  }
}
