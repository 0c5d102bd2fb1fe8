package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
    assertThat(waits)
        .as("customs times vary, so the percentiles move")
        .extracting(PortWaits::clearanceMinutesP90)
        .doesNotContainNull()
        .hasSizeGreaterThan(1);
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
