package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A restore must not reopen what was written before it. Flink keeps no watermark in a checkpoint,
 * so after the TaskManager is killed every watermark starts again from nothing; departures then
 * sent for slots and balance hours emitted before the kill must be dead-lettered {@code LATE},
 * counted nowhere, and no reading, balance, waits record or alert written twice, while the alert
 * episodes go on. Input topics of several partitions, read at parallelism 2.
 */
class RestoreLatenessITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  private static final int LATE_COPIES = 5;

  @Test
  void recordsForPeriodsEmittedBeforeARestoreAreLateAndChangeNoFigure(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    List<Delivery> scenario =
        JobTestBed.records(topics, "pingxiang-overload", 2, InjectionSettings.none(), true);
    int cut = scenario.size() * 2 / 5;
    List<Delivery> beforeKill = scenario.subList(0, cut);
    // the scenario ends with the replay's closing records, which move event time past everything
    List<Delivery> afterKill =
        new ArrayList<>(JobTestBed.lateCopies(beforeKill, topics, LATE_COPIES));
    afterKill.addAll(scenario.subList(cut, scenario.size()));
    List<Delivery> all = new ArrayList<>(beforeKill);
    all.addAll(afterKill);
    KnownAnswers answers = JobTestBed.answersFor(topics, all);
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, (long) LATE_COPIES);

    JobTestBed.send(KAFKA.broker(), topics, beforeKill, JobTestBed.PARTITIONS);
    JobClient job =
        JobTestBed.start(
            JobTestBed.options(KAFKA.broker(), topics, "--checkpoint-interval", "300ms"));
    // readings and balance hours committed, so a completed checkpoint holds them
    KAFKA.broker().readAll(topics.utilisation(), true, 40, JobTestBed.DEADLINE);
    KAFKA.broker().readAll(topics.balance(), true, 4, JobTestBed.DEADLINE);
    cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
    cluster.startTaskManager();

    JobTestBed.send(KAFKA.broker(), topics, afterKill, JobTestBed.PARTITIONS);
    List<?> expectedReadings = answers.utilisationReadings();
    KAFKA
        .broker()
        .readAll(topics.utilisation(), true, expectedReadings.size(), JobTestBed.DEADLINE);
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);
    job.cancel().get(30, TimeUnit.SECONDS);

    JobTestBed.assertRestarted(cluster, job);
    // each reading and balance record exactly once, with the figures of the known answers
    assertThat(out.utilisation())
        .containsExactlyInAnyOrderElementsOf(answers.utilisationReadings());
    assertThat(out.balances()).containsExactlyInAnyOrderElementsOf(answers.balanceRecords());
    assertThat(out.waits()).containsExactlyInAnyOrderElementsOf(answers.portWaits());
    List<ExpectedAlert> alerts = out.alerts().stream().map(ExpectedAlert::of).toList();
    assertThat(alerts).isNotEmpty().containsExactlyInAnyOrderElementsOf(answers.alerts());
    Map<RejectReason, Long> reasons =
        out.deadLetters().stream()
            .collect(Collectors.groupingBy(DeadLetter::reason, Collectors.counting()));
    assertThat(reasons).containsExactly(Map.entry(RejectReason.LATE, (long) LATE_COPIES));
    assertThat(out.deadLetters())
        .allSatisfy(d -> assertThat(new String(d.payload())).contains("\"eventId\":\"late-"));
  }
}
