package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.UtilisationBand;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job, Kafka sources and exactly-once sinks included, on a MiniCluster at parallelism 2
 * against a real broker, with the generators' scenarios and their known answers.
 */
class AnalyticsJobITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  /**
   * A live job whose crossings topic goes quiet keeps event time where the last crossing left it:
   * the idle control input must not let the watermark jump to the end (which would run every
   * reading down to the final zero and clear every alert although no time has passed).
   */
  @Test
  void aQuietCrossingsTopicHoldsEventTimeInsteadOfRunningTheDayOut() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.replay(
        KAFKA.broker(),
        topics,
        "pingxiang-overload",
        1,
        InjectionSettings.none(),
        1,
        Pacer.unlimited());
    long dayEnd = ScenarioSettings.DEFAULT_START + EventTimeRules.DAY_MILLIS;

    JobClient job =
        JobTestBed.start(JobTestBed.options(KAFKA.broker(), topics, "--idleness", "1s"));
    List<PortUtilisation> readings = new ArrayList<>();
    try {
      // the job is live and has read the day ...
      KAFKA.broker().readAll(topics.utilisation(), true, 80, JobTestBed.DEADLINE);
      // ... and then the topic stays quiet for several idleness periods and checkpoints
      CorridorCodec codec = CorridorCodec.forOutputs();
      for (ConsumerRecord<byte[], byte[]> r :
          KAFKA
              .broker()
              .readUntilQuiet(
                  topics.utilisation(), true, Duration.ofSeconds(6), JobTestBed.DEADLINE)) {
        readings.add(codec.readPortUtilisation(r.value()).value());
      }
    } finally {
      job.cancel().get();
    }

    assertThat(readings).hasSizeGreaterThan(80);
    assertThat(readings).allSatisfy(u -> assertThat(u.windowEndMillis()).isLessThan(dayEnd));
    assertThat(readings).noneMatch(u -> u.trips() == 0);
  }

  @Test
  void ilstc2019BalancesMatchTheSourceAndTheKnownAnswers() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "ilstc-2019",
            7,
            InjectionSettings.none(),
            3,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    TradeBalance corridor =
        newest(out.balances(), BalanceLevel.CORRIDOR, "ILSTC-ROAD", BalanceScope.CUMULATIVE);
    assertThat(corridor.outbound()).isEqualTo(1_353);
    assertThat(corridor.inbound()).isEqualTo(107);
    assertThat(corridor.ratio()).hasToString("12.64");
    assertThat(corridor.inboundShare()).hasToString("0.0733");
    List<TradeBalance> expected = replay.answers().finalBalances();
    assertThat(expected).isNotEmpty();
    for (TradeBalance want : expected) {
      TradeBalance got =
          want.scope() == BalanceScope.CUMULATIVE
              ? newest(out.balances(), want.level(), want.id(), want.scope())
              : inForceAt(out.balances(), want.level(), want.id(), want.asOfMillis());
      assertThat(counts(got))
          .as("%s %s %s", want.level(), want.id(), want.scope())
          .containsExactly(counts(want));
    }
    assertThat(out.deadLetters()).isEmpty();
    assertThat(out.utilisation()).isEmpty();
  }

  /**
   * Another team's producer writes the crossings topic in transactions, as an exactly-once job
   * upstream does, and aborts one: copies, under new event ids, of the last crossings, so counted
   * they would change the last readings and balances. An aborted record never happened. The job's
   * outputs are the known answers of the committed records alone, and nothing is dead-lettered.
   */
  @Test
  void crossingsOfAnAbortedTransactionCountNowhere() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    List<Delivery> committed =
        JobTestBed.records(topics, "pingxiang-overload", 2, InjectionSettings.none());
    List<Delivery> crossings =
        committed.stream().filter(d -> d.record() instanceof BorderCrossing).toList();
    CorridorCodec codec = JobTestBed.inputCodec();
    List<Delivery> aborted = new ArrayList<>();
    for (Delivery d : crossings.subList(crossings.size() - 100, crossings.size())) {
      BorderCrossing c = (BorderCrossing) d.record();
      BorderCrossing copy = c.withEventIdAndTime("aborted-" + c.eventId(), c.eventTimeMillis());
      aborted.add(
          new Delivery(
              d.topic(), d.key(), codec.write(copy), copy.eventTimeMillis(), d.kind(), copy, null));
    }

    JobTestBed.send(KAFKA.broker(), topics, committed, JobTestBed.PARTITIONS);
    sendInAnAbortedTransaction(aborted);
    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));

    JobTestBed.assertExactlyTheKnownAnswers(
        JobTestBed.readOutputs(KAFKA.broker(), topics), JobTestBed.answersFor(topics, committed));
  }

  /**
   * A shipment feeds only its line's and corridor's balances, which are written by the hour. One
   * that arrives behind its topic's watermark, in a slot already past but an hour not yet written,
   * is counted; one whose hour was written is {@code LATE}. One partition, so the known answers are
   * exact.
   */
  @Test
  void aShipmentBehindTheWatermarkCountsUntilItsHourIsWritten() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    CorridorCodec codec = JobTestBed.inputCodec();
    List<Delivery> sent = new ArrayList<>();
    // the shipments' watermark reaches 08:34:59.999 with the second, 09:04:59.999 with the fourth
    for (String time : List.of("08:10", "08:40", "08:12", "09:10", "08:50", "09:30")) {
      Shipment s =
          new Shipment(
              "s-" + time,
              "SH-" + time,
              "ILSTC-ROAD-WESTERN",
              ShipmentDirection.OUTBOUND,
              ShipmentStatus.DEPARTED,
              true,
              1.0,
              null,
              null,
              java.time.Instant.parse("2019-07-01T" + time + ":00Z").toEpochMilli());
      sent.add(
          new Delivery(
              topics.shipments(),
              s.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
              codec.write(s),
              s.eventTimeMillis(),
              Delivery.Kind.EVENT,
              s,
              null));
    }
    JobTestBed.send(KAFKA.broker(), topics, sent, 1);
    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));

    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);
    assertThat(out.deadLetters())
        .as("the 08:50 shipment only: its hour was written at 09:00")
        .hasSize(1);
    JobTestBed.assertExactlyTheKnownAnswers(out, JobTestBed.answersFor(topics, sent));
  }

  private static void sendInAnAbortedTransaction(List<Delivery> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "upstream-" + UUID.randomUUID());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (Delivery d : records) {
        producer.send(new ProducerRecord<>(d.topic(), null, d.eventTime(), d.key(), d.value()));
      }
      producer.flush();
      producer.abortTransaction();
    }
  }

  @Test
  void pingxiangReadingsEqualTheKnownAnswersSlotBySlot() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "pingxiang-overload",
            7,
            InjectionSettings.none(),
            3,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    List<PortUtilisation> expected = replay.answers().utilisationReadings();
    assertThat(expected).hasSizeGreaterThan(7 * 96);
    assertThat(out.utilisation()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(byWindowEnd(out.utilisation())).hasSameSizeAs(out.utilisation()); // no duplicates
    List<PortUtilisation> fullDays =
        out.utilisation().stream()
            .filter(u -> u.windowEndMillis() % EventTimeRules.DAY_MILLIS == 0 && u.trips() > 0)
            .toList();
    assertThat(fullDays).hasSize(7);
    assertThat(fullDays)
        .allSatisfy(
            u -> {
              assertThat(u.utilisation().doubleValue()).isBetween(1.20, 1.50);
              assertThat(u.band()).isIn(UtilisationBand.OVER, UtilisationBand.SEVERE);
            });
  }

  @Test
  void injectedFaultsLeaveTheCountsOfTheCleanRunAndEveryRejectIsDeadLettered(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    // one partition per topic, as the known answers assume for LATE (see docs/contract.md)
    JobTestBed.Topics clean = JobTestBed.Topics.fresh();
    JobTestBed.Replayed cleanReplay =
        JobTestBed.replay(
            KAFKA.broker(),
            clean,
            "pingxiang-overload",
            3,
            InjectionSettings.none(),
            1,
            Pacer.unlimited());
    JobTestBed.Topics faulty = JobTestBed.Topics.fresh();
    JobTestBed.Replayed faultyReplay =
        JobTestBed.replay(
            KAFKA.broker(),
            faulty,
            "pingxiang-overload",
            3,
            new InjectionSettings(
                2 * 60_000L, 0.02, 0.01, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0.01),
            1,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), clean, "--bounded"));
    JobClient faultyJob =
        JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), faulty, "--bounded"));
    JobTestBed.Outputs cleanOut = JobTestBed.readOutputs(KAFKA.broker(), clean);
    JobTestBed.Outputs faultyOut = JobTestBed.readOutputs(KAFKA.broker(), faulty);

    assertThat(faultyOut.utilisation()).containsExactlyInAnyOrderElementsOf(cleanOut.utilisation());
    assertThat(faultyOut.utilisation())
        .containsExactlyInAnyOrderElementsOf(cleanReplay.answers().utilisationReadings());
    assertThat(finalCounts(faultyOut.balances())).isEqualTo(finalCounts(cleanOut.balances()));

    List<Delivery> rejects =
        faultyReplay.sent().stream()
            .filter(d -> d.kind() == Delivery.Kind.MALFORMED || d.kind() == Delivery.Kind.LATE)
            .toList();
    // the same bytes always carry the same intended reason, so look rejects up by payload
    Map<ByteBuffer, Delivery> injected =
        rejects.stream()
            .collect(
                Collectors.toMap(
                    d -> ByteBuffer.wrap(d.value()), Function.identity(), (a, b) -> a));
    assertThat(faultyOut.deadLetters()).hasSameSizeAs(rejects);
    for (DeadLetter d : faultyOut.deadLetters()) {
      Delivery source = injected.get(ByteBuffer.wrap(d.payload()));
      assertThat(source).as("dead letter %s was injected", d).isNotNull();
      RejectReason intended =
          source.kind() == Delivery.Kind.LATE ? RejectReason.LATE : source.intendedReason();
      assertThat(d.reason()).as("reason of %s", d).isEqualTo(intended);
      assertThat(d.sourceTopic()).isEqualTo(source.topic());
    }
    assertThat(faultyOut.deadLetters().stream().map(DeadLetter::reason).distinct())
        .containsExactlyInAnyOrder(RejectReason.values());
    assertThat(faultyReplay.answers().deadLetters())
        .allSatisfy(
            (reason, n) ->
                assertThat(
                        faultyOut.deadLetters().stream().filter(d -> d.reason() == reason).count())
                    .as("%s", reason)
                    .isEqualTo(n));
    assertThat(
            cluster
                .getArchivedExecutionGraph(faultyJob.getJobID())
                .get()
                .getStatusTimestamp(JobStatus.RESTARTING))
        .as("the job never restarted")
        .isZero();
  }

  // ------------------------------------------------------------------ helpers

  private static long[] counts(TradeBalance b) {
    return new long[] {b.outbound(), b.inbound(), b.emptyInbound()};
  }

  private static TradeBalance newest(
      List<TradeBalance> all, BalanceLevel level, String id, BalanceScope scope) {
    return all.stream()
        .filter(b -> b.level() == level && b.id().equals(id) && b.scope() == scope)
        .max(Comparator.comparingLong(TradeBalance::asOfMillis))
        .orElseThrow(() -> new AssertionError("no " + level + ":" + id + " " + scope + " record"));
  }

  /** The rolling figures in force at {@code asOf}: the newest record at or before it. */
  private static TradeBalance inForceAt(
      List<TradeBalance> all, BalanceLevel level, String id, long asOf) {
    return all.stream()
        .filter(
            b -> b.level() == level && b.id().equals(id) && b.scope() == BalanceScope.ROLLING_30D)
        .filter(b -> b.asOfMillis() <= asOf)
        .max(Comparator.comparingLong(TradeBalance::asOfMillis))
        .orElseThrow(() -> new AssertionError("no rolling record for " + level + ":" + id));
  }

  private static Map<String, List<Long>> finalCounts(List<TradeBalance> balances) {
    Map<String, List<Long>> last = new HashMap<>();
    balances.stream()
        .filter(b -> b.scope() == BalanceScope.CUMULATIVE)
        .sorted(Comparator.comparingLong(TradeBalance::asOfMillis))
        .forEach(b -> last.put(b.key(), List.of(b.outbound(), b.inbound(), b.emptyInbound())));
    return last;
  }

  private static Map<Long, PortUtilisation> byWindowEnd(List<PortUtilisation> readings) {
    Map<Long, PortUtilisation> m = new HashMap<>();
    readings.forEach(u -> m.put(u.windowEndMillis(), u));
    return m;
  }
}
