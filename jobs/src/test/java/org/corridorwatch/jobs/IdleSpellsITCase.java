package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corridor that falls quiet again and again: a week of the Pingxiang overload arrives in bursts,
 * and after each one the job reads every partition to its end and waits there until all of them are
 * released as idle. When the next burst wakes the sources, the operators behind the first shuffle
 * must still see every path's watermark before they judge time: the alert episodes merge findings
 * that come through utilisation, thresholds and CEP with findings that come through the customs
 * visits alone, and the second path wakes first. The figures, the waits and every alert transition
 * must be the known answers, each written once. Three partitions, parallelism 2.
 */
class IdleSpellsITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final Duration IDLENESS = Duration.ofSeconds(1);
  static final int BURSTS = 10;

  @Test
  void figuresAndAlertEpisodesStayExactWhenTheSourcesGoIdleBetweenBursts(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options = JobTestBed.idleOptions(KAFKA.broker(), topics, IDLENESS);
    List<Delivery> records =
        JobTestBed.records(topics, "pingxiang-overload", 7, InjectionSettings.none(), true);
    KnownAnswers answers = JobTestBed.answersFor(topics, records);

    JobClient job = JobTestBed.start(options);
    JobTestBed.Outputs out;
    int spells = 0;
    try {
      JobTestBed.awaitAllTasksRunning(cluster, job);
      int size = (records.size() + BURSTS - 1) / BURSTS;
      for (int from = 0; from < records.size(); from += size) {
        int to = Math.min(records.size(), from + size);
        JobTestBed.send(KAFKA.broker(), topics, records.subList(from, to), JobTestBed.PARTITIONS);
        // the burst is in: the readings its watermark passes are written
        long passed = JobTestBed.liveWatermark(records.subList(0, to), topics);
        long due =
            answers.utilisationReadings().stream()
                .filter(u -> u.windowEndMillis() <= passed)
                .count();
        KAFKA.broker().readAll(topics.utilisation(), true, (int) due, JobTestBed.DEADLINE);
        // the subject of the test: every crossings partition read to its end and released idle
        JobTestBed.awaitPartitionsReleased(cluster, job, topics.crossings(), JobTestBed.PARTITIONS);
        spells++;
      }
      KAFKA
          .broker()
          .readAll(
              topics.utilisation(),
              true,
              answers.utilisationReadings().size(),
              JobTestBed.DEADLINE);
      out = JobTestBed.readOutputs(KAFKA.broker(), topics);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }

    assertThat(spells).as("idle spells between bursts").isEqualTo(BURSTS);
    JobTestBed.assertExactlyTheKnownAnswers(out, answers);
    assertThat(out.waits()).as("waits").containsExactlyInAnyOrderElementsOf(answers.portWaits());
    List<ExpectedAlert> alerts = out.alerts().stream().map(ExpectedAlert::of).toList();
    assertThat(alerts).as("alerts").containsExactlyInAnyOrderElementsOf(answers.alerts());
    assertThat(answers.alerts())
        .as("the week holds one overload episode that escalates and clears")
        .filteredOn(a -> a.type() == AlertType.SUSTAINED_OVERLOAD)
        .extracting(ExpectedAlert::status)
        .containsExactly(AlertStatus.RAISED, AlertStatus.ESCALATED, AlertStatus.CLEARED);
  }
}
