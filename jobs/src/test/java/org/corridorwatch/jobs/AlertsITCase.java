package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
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
