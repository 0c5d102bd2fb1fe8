package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.UtilisationLevel;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Congestion alerts from the whole job on a real broker: the source's Pingxiang overload gives one
 * SUSTAINED_OVERLOAD episode exactly as the known answers say, a port under capacity gives none,
 * and the same input gives the same alert ids on every run.
 */
class AlertsITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  private static List<ExpectedAlert> transitions(List<Alert> alerts) {
    return alerts.stream().map(ExpectedAlert::of).toList();
  }

  @Test
  void pingxiangGivesOneOverloadEpisodeAndEveryAlertAsTheKnownAnswersSayWithStableIds()
      throws Exception {
    JobTestBed.Topics first = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            first,
            "pingxiang-overload",
            7,
            InjectionSettings.none(),
            1,
            Pacer.unlimited());
    long before = System.currentTimeMillis();

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), first, "--bounded"));
    JobTestBed.Topics second = first.withFreshOutputs();
    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), second, "--bounded"));
    List<Alert> alerts = JobTestBed.readOutputs(KAFKA.broker(), first).alerts();
    List<Alert> again = JobTestBed.readOutputs(KAFKA.broker(), second).alerts();

    List<ExpectedAlert> expected = replay.answers().alerts();
    assertThat(byEpisode(transitions(alerts))).isEqualTo(byEpisode(expected));
    List<Alert> overload =
        alerts.stream().filter(a -> a.type() == AlertType.SUSTAINED_OVERLOAD).toList();
    assertThat(overload)
        .extracting(Alert::status)
        .containsExactly(AlertStatus.RAISED, AlertStatus.ESCALATED, AlertStatus.CLEARED);
    assertThat(overload).extracting(Alert::alertId).containsOnly(overload.get(0).alertId());
    assertThat(alerts)
        .allSatisfy(
            a -> {
              assertThat(a.subject()).isEqualTo("CN-PINGXIANG");
              assertThat(a.message()).contains("Pingxiang");
              assertThat(a.evidenceJson()).contains("\"windows\"");
              assertThat(Instant.ofEpochMilli(a.detectedAtMillis()))
                  .isAfterOrEqualTo(Instant.ofEpochMilli(before));
            });
    assertThat(transitions(again)).isEqualTo(transitions(alerts));
  }

  /** Each episode's transitions in the order written; episodes may interleave across ports. */
  private static Map<String, List<ExpectedAlert>> byEpisode(List<ExpectedAlert> transitions) {
    Map<String, List<ExpectedAlert>> episodes = new LinkedHashMap<>();
    transitions.forEach(t -> episodes.computeIfAbsent(t.alertId(), id -> new ArrayList<>()).add(t));
    return episodes;
  }

  @Test
  void customsBacklogIsOneEpisodeThatEscalatesAndClears() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "clearance-backlog",
            3,
            InjectionSettings.none(),
            3,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    List<Alert> alerts = JobTestBed.readOutputs(KAFKA.broker(), topics).alerts();

    Map<String, List<ExpectedAlert>> expected = byEpisode(replay.answers().alerts());
    assertThat(expected).hasSize(1);
    assertThat(expected.values().iterator().next())
        .extracting(ExpectedAlert::type, ExpectedAlert::status)
        .containsExactly(
            tuple(AlertType.CLEARANCE_BACKLOG, AlertStatus.RAISED),
            tuple(AlertType.CLEARANCE_BACKLOG, AlertStatus.ESCALATED),
            tuple(AlertType.CLEARANCE_BACKLOG, AlertStatus.CLEARED));
    assertThat(byEpisode(transitions(alerts))).isEqualTo(expected);
    assertThat(alerts).allSatisfy(a -> assertThat(a.subject()).isEqualTo("CN-MOHAN"));
    assertThat(alerts.get(0).message()).contains("Mohan").contains("customs");
  }

  /**
   * The same Pingxiang week twice: once as the options say, once with a {@code THRESHOLDS} record
   * on the control topic that takes effect on day 3 and sets the clear level above every reading
   * (1.90) and the overload level above every reading (2.00). The job is the same, with the same
   * options; only the running job's control input differs. The overload episode then clears on day
   * 3 at 00:45, after 4 readings under 1.90, instead of at the end, and is never raised again; the
   * queue alerts, whose thresholds did not change, stay as the known answers say.
   */
  @Test
  void aThresholdsRecordChangesTheOutcomeOfARunWithoutARestart() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "pingxiang-overload",
            7,
            InjectionSettings.none(),
            1,
            Pacer.unlimited());
    JobTestBed.Topics changed =
        new JobTestBed.Topics(
            topics.crossings(),
            topics.shipments(),
            EmbeddedKafka.uniqueTopic("in-control-thresholds"),
            EmbeddedKafka.uniqueTopic("out-utilisation"),
            EmbeddedKafka.uniqueTopic("out-balance"),
            EmbeddedKafka.uniqueTopic("out-dead-letters"),
            EmbeddedKafka.uniqueTopic("out-alerts"),
            EmbeddedKafka.uniqueTopic("out-port-waits"));
    long day3 = Instant.parse("2019-07-03T00:00:00Z").toEpochMilli();
    AlertThresholds d = AlertThresholds.defaults();
    ControlRecord record =
        ControlRecord.thresholds(
            "ctl-it-1",
            null,
            new AlertThresholds(
                UtilisationLevel.of("2.00"),
                UtilisationLevel.of("2.50"),
                UtilisationLevel.of("1.90"),
                d.overloadReadings(),
                d.backlogWarningCount(),
                d.backlogCriticalCount(),
                d.queueLevel(),
                d.queueReadings(),
                null,
                null),
            day3);
    KAFKA.broker().createTopics(1, changed.control());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KAFKA.broker().producerProps())) {
      producer
          .send(
              new ProducerRecord<>(
                  changed.control(),
                  record.key().getBytes(StandardCharsets.UTF_8),
                  JobTestBed.inputCodec().write(record)))
          .get();
    }

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), changed, "--bounded"));
    List<Alert> asOptions = overload(JobTestBed.readOutputs(KAFKA.broker(), topics).alerts());
    List<Alert> all = JobTestBed.readOutputs(KAFKA.broker(), changed).alerts();
    List<Alert> withRecord = overload(all);

    // the same episode, raised and escalated before day 3 as the options say ...
    assertThat(withRecord)
        .extracting(Alert::status)
        .containsExactly(AlertStatus.RAISED, AlertStatus.ESCALATED, AlertStatus.CLEARED);
    assertThat(transitions(withRecord.subList(0, 2)))
        .isEqualTo(transitions(asOptions.subList(0, 2)));
    // ... cleared on day 3 by the record's clear level, where the options cleared it days later
    Alert cleared = withRecord.get(2);
    assertThat(cleared.evidenceJson())
        .contains("\"level\":1.9")
        .contains("\"windowEnd\":\"2019-07-03T00:00:00Z\"")
        .contains("\"windowEnd\":\"2019-07-03T00:45:00Z\"")
        .doesNotContain("\"windowEnd\":\"2019-07-03T01:00:00Z\"");
    assertThat(asOptions.get(2).evidenceJson())
        .contains("\"level\":0.9")
        .doesNotContain("2019-07-03T00:45:00Z");
    // the queue thresholds did not change, so neither did the queue alerts
    assertThat(transitions(all.stream().filter(a -> a.type() == AlertType.QUEUE_GROWTH).toList()))
        .isEqualTo(
            replay.answers().alerts().stream()
                .filter(a -> a.type() == AlertType.QUEUE_GROWTH)
                .toList());
  }

  private static List<Alert> overload(List<Alert> alerts) {
    return alerts.stream().filter(a -> a.type() == AlertType.SUSTAINED_OVERLOAD).toList();
  }

  @Test
  void everyPortUnderCapacityGivesNoAlert() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(), topics, "baseline", 3, InjectionSettings.none(), 3, Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(out.utilisation()).hasSizeGreaterThan(18 * 3 * 96);
    assertThat(replay.answers().alerts()).isEmpty();
    assertThat(out.alerts()).isEmpty();
  }
}
