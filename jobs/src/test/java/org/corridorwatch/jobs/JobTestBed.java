package org.corridorwatch.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.corridorwatch.generators.Replay;
import org.corridorwatch.generators.ReplayCommand;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.delivery.TopicNames;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.KafkaRecordSink;
import org.corridorwatch.generators.sink.RecordSink;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.testing.EmbeddedKafka;

/**
 * What the job's integration tests share: a MiniCluster as the issue asks (one TaskManager, two
 * slots, on loopback), fresh topics per test, a replay with its known answers, a run of the real
 * job graph, and the output topics read back with {@code read_committed}.
 */
final class JobTestBed {
  static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();
  static final Duration DEADLINE = Duration.ofSeconds(120);
  static final long OUT_OF_ORDERNESS = 5 * 60_000L;

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
      String alerts) {
    static Topics fresh() {
      return new Topics(
          EmbeddedKafka.uniqueTopic("in-crossings"),
          EmbeddedKafka.uniqueTopic("in-shipments"),
          EmbeddedKafka.uniqueTopic("in-control"),
          EmbeddedKafka.uniqueTopic("out-utilisation"),
          EmbeddedKafka.uniqueTopic("out-balance"),
          EmbeddedKafka.uniqueTopic("out-dead-letters"),
          EmbeddedKafka.uniqueTopic("out-alerts"));
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
          fresh.alerts);
    }

    TopicNames inputs() {
      return new TopicNames(crossings, shipments, control);
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
    List<Delivery> records = new ArrayList<>();
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
            null)
        .run();
    return records;
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
    Properties client = CorridorAnalyticsJob.clientProperties(options);
    Map<String, Integer> partitions = CorridorAnalyticsJob.prepareTopics(options, client);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            CorridorAnalyticsJob.configuration(options));
    CorridorAnalyticsJob.wire(env, options, client, partitions);
    return env.executeAsync(CorridorAnalyticsJob.JOB_NAME);
  }

  /** Runs a bounded job to its end. */
  static JobClient runToEnd(AnalyticsOptions options) throws Exception {
    JobClient job = start(options);
    job.getJobExecutionResult()
        .get(DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return job;
  }

  /** The committed records of the output topics. */
  record Outputs(
      List<PortUtilisation> utilisation,
      List<TradeBalance> balances,
      List<DeadLetter> deadLetters,
      List<Alert> alerts) {}

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
    return new Outputs(utilisation, balances, deadLetters, alerts);
  }

  private static <T> T valid(Decoded<T> decoded) {
    if (!decoded.accepted()) {
      throw new AssertionError(
          "the job wrote a record that breaks the contract: " + decoded.detail());
    }
    return decoded.value();
  }
}
