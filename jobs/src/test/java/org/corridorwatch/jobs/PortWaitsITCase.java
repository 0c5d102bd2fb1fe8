package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customs waits from the whole job on a real broker, at parallelism 2: every {@code
 * corridor.port-waits.v1} record equal to the known answers, which an oracle in the generators
 * works out from the replayed records without the job's code, and each {@code (portId, windowEnd)}
 * written once. The {@code CLEARANCE_BACKLOG} transitions, now fed by the same visits, stay as the
 * known answers say.
 */
class PortWaitsITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  @Test
  void pingxiangWaitsEqualTheKnownAnswersRecordByRecord() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "pingxiang-overload",
            3,
            InjectionSettings.none(),
            JobTestBed.PARTITIONS,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    List<PortWaits> waits = JobTestBed.readOutputs(KAFKA.broker(), topics).waits();

    assertEqualToTheKnownAnswers(waits, replay.answers().portWaits());
    assertThat(waits).anySatisfy(w -> assertThat(w.waiting()).isGreaterThan(10));
    assertThat(
            waits.stream()
                .map(PortWaits::clearanceMinutesP90)
                .filter(java.util.Objects::nonNull)
                .distinct())
        .as("customs times vary, so the percentiles move")
        .hasSizeGreaterThan(5);
  }

  @Test
  void aClearanceBacklogGivesTheKnownWaitsAndTheKnownAlerts() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "clearance-backlog",
            2,
            InjectionSettings.none(),
            JobTestBed.PARTITIONS,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertEqualToTheKnownAnswers(out.waits(), replay.answers().portWaits());
    List<ExpectedAlert> backlog = backlog(replay.answers().alerts());
    assertThat(backlog).as("the scenario's point").isNotEmpty();
    assertThat(backlog(out.alerts().stream().map(ExpectedAlert::of).toList()))
        .containsExactlyInAnyOrderElementsOf(backlog);
    assertThat(out.waits())
        .as("a vehicle stuck for hours shows as the oldest wait")
        .anySatisfy(w -> assertThat(w.oldestWaitMinutes()).isGreaterThan(6 * 60));
  }

  @Test
  void duplicatesMalformedAndLateRecordsLeaveTheKnownWaits() throws Exception {
    // one partition per topic, as the known answers assume for LATE (see docs/contract.md)
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "clearance-backlog",
            2,
            new InjectionSettings(
                2 * 60_000L, 0.02, 0.01, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0.01),
            1,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(out.deadLetters())
        .as("the injection reached the job")
        .extracting(d -> d.reason())
        .contains(RejectReason.LATE, RejectReason.MALFORMED_JSON);
    assertEqualToTheKnownAnswers(out.waits(), replay.answers().portWaits());
    assertThat(backlog(out.alerts().stream().map(ExpectedAlert::of).toList()))
        .containsExactlyInAnyOrderElementsOf(backlog(replay.answers().alerts()));
  }

  /**
   * Records delivered up to 8 minutes out of order, past the 5 minutes the watermark allows for, on
   * one partition. Many then arrive behind the watermark yet in a slot no operator has written: the
   * contract counts them, in the waits as in utilisation, and only a record whose slot was written
   * is {@code LATE}. The job must dead-letter exactly the records the known answers call late, and
   * its waits must be the known answers', record by record.
   */
  @Test
  void recordsBehindTheWatermarkInASlotNotYetWrittenCountInTheWaits() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    JobTestBed.Replayed replay =
        JobTestBed.replay(
            KAFKA.broker(),
            topics,
            "clearance-backlog",
            2,
            new InjectionSettings(8 * 60_000L, 0, 0, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0),
            1,
            Pacer.unlimited());

    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    long late = out.deadLetters().stream().filter(d -> d.reason() == RejectReason.LATE).count();
    assertThat(late)
        .as("LATE dead letters: one per record whose slot was written, none for the others")
        .isEqualTo(replay.answers().deadLetters().getOrDefault(RejectReason.LATE, 0L));
    assertEqualToTheKnownAnswers(out.waits(), replay.answers().portWaits());
    assertThat(backlog(out.alerts().stream().map(ExpectedAlert::of).toList()))
        .containsExactlyInAnyOrderElementsOf(backlog(replay.answers().alerts()));
  }

  /**
   * The same two days of a clearance backlog twice: once as the options say (a 6 h limit), once
   * with a {@code THRESHOLDS} record on the control topic that lowers the clearance limit to 2 h
   * from the first morning. The job and its options are the same; the record alone changes which
   * vehicles time out, and so the backlog's episodes, to what the known answers work out with the
   * record.
   */
  @Test
  void aClearanceLimitChangedByAThresholdsRecordChangesTheBacklog(@TempDir Path savepoints)
      throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    List<Delivery> scenario =
        JobTestBed.records(topics, "clearance-backlog", 2, InjectionSettings.none());
    AlertThresholds d = AlertThresholds.defaults();
    ControlRecord twoHours =
        ControlRecord.thresholds(
            "ctl-it-limit",
            null,
            d.withClearance(120, null),
            Instant.parse("2019-07-01T06:00:00Z").toEpochMilli());
    Delivery control =
        new Delivery(
            topics.control(),
            twoHours.key().getBytes(StandardCharsets.UTF_8),
            JobTestBed.inputCodec().write(twoHours),
            twoHours.eventTimeMillis(),
            Delivery.Kind.EVENT,
            twoHours,
            null);
    List<Delivery> withRecord = new ArrayList<>();
    withRecord.add(control);
    withRecord.addAll(scenario);
    List<ExpectedAlert> asOptions = backlog(JobTestBed.answersFor(topics, scenario).alerts());
    List<ExpectedAlert> changed = backlog(JobTestBed.answersFor(topics, withRecord).alerts());
    assertThat(changed).as("the record matters to these data").isNotEqualTo(asOptions);

    // The contract: a THRESHOLDS record applies to what is judged after the job has read it. The
    // job reads the control topic beside the data, so the record goes first and the data follow
    // only once a checkpoint shows the job has read it (sending both before a bounded run left
    // the order to the sources' start-up, and a loaded machine judged arrivals first).
    AnalyticsOptions options = JobTestBed.options(KAFKA.broker(), topics);
    JobClient job = JobTestBed.start(options);
    try {
      JobTestBed.send(KAFKA.broker(), topics, List.of(control), JobTestBed.PARTITIONS);
      JobTestBed.awaitInputsRead(KAFKA.broker(), options, topics);
      JobTestBed.send(KAFKA.broker(), topics, scenario, JobTestBed.PARTITIONS);
      JobTestBed.awaitInputsRead(KAFKA.broker(), options, topics);
    } finally {
      JobTestBed.drain(job, savepoints);
    }
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(backlog(out.alerts().stream().map(ExpectedAlert::of).toList()))
        .containsExactlyInAnyOrderElementsOf(changed);
    assertThat(out.alerts().stream().filter(a -> a.type() == AlertType.CLEARANCE_BACKLOG))
        .allSatisfy(a -> assertThat(a.evidenceJson()).contains("\"clearanceLimitMinutes\":120"));
  }

  private static void assertEqualToTheKnownAnswers(List<PortWaits> got, List<PortWaits> want) {
    assertThat(want).hasSizeGreaterThan(96);
    Map<String, Long> perKey =
        got.stream()
            .collect(
                Collectors.groupingBy(
                    w -> w.portId() + "@" + w.windowEndMillis(), Collectors.counting()));
    assertThat(perKey.values()).as("every (portId, windowEnd) once").containsOnly(1L);
    Map<String, PortWaits> byKey =
        got.stream()
            .collect(
                Collectors.toMap(w -> w.portId() + "@" + w.windowEndMillis(), Function.identity()));
    for (PortWaits w : want) {
      assertThat(byKey.get(w.portId() + "@" + w.windowEndMillis()))
          .as("%s at %s", w.portId(), java.time.Instant.ofEpochMilli(w.windowEndMillis()))
          .isEqualTo(w);
    }
    assertThat(got).hasSameSizeAs(want);
  }

  private static List<ExpectedAlert> backlog(List<ExpectedAlert> alerts) {
    return alerts.stream().filter(a -> a.type() == AlertType.CLEARANCE_BACKLOG).toList();
  }
}
