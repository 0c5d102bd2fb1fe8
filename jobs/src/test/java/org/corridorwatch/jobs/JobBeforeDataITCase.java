package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job deployed before its data: the real job graph at parallelism 2 waits, running, for several
 * idleness periods on empty input topics of 3 partitions, then a scenario with duplicates and
 * malformed records arrives on every partition at once. Idleness decided by silence would have
 * released every partition while the job waited, and the first one to resume would lead every keyed
 * operator behind a shuffle; decided by lag, every partition holds until it is read, so the figures
 * are exactly the known answers, each written once.
 */
class JobBeforeDataITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final Duration IDLENESS = Duration.ofSeconds(2);

  @Test
  void aJobWaitingForItsFirstDataCountsEveryRecordOnceAsTheKnownAnswersSay(
      @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options =
        JobTestBed.options(
            KAFKA.broker(),
            topics,
            "--idleness",
            IDLENESS.toSeconds() + "s",
            "--partitions",
            String.valueOf(JobTestBed.PARTITIONS));
    JobClient job = JobTestBed.start(options);
    JobTestBed.Replayed replay;
    try {
      long runningAt = JobTestBed.awaitAllTasksRunning(cluster, job);
      // the waiting is the thing under test: the job idles on empty topics before its data
      JobTestBed.waitUntil(runningAt + 3 * IDLENESS.toNanos());
      assertThat(Duration.ofNanos(System.nanoTime() - runningAt))
          .as("the job ran without data for at least twice the idleness")
          .isGreaterThanOrEqualTo(IDLENESS.multipliedBy(2));

      replay =
          JobTestBed.replay(
              KAFKA.broker(),
              topics,
              "baseline",
              1,
              new InjectionSettings(
                  InjectionSettings.DEFAULT_DISORDER_MILLIS,
                  0.02,
                  0,
                  InjectionSettings.DEFAULT_LATE_BY_MILLIS,
                  0.01),
              JobTestBed.PARTITIONS,
              Pacer.unlimited());
      JobTestBed.awaitInputsRead(KAFKA.broker(), options, topics);
    } finally {
      JobTestBed.drain(job, savepoints);
    }
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(replay.sent().stream().map(d -> d.topic()).distinct())
        .as("the replay wrote crossings and shipments")
        .contains(topics.crossings(), topics.shipments());
    JobTestBed.assertExactlyTheKnownAnswers(
        out, replay.answers(), JobTestBed.liveWatermark(replay.sent(), topics));
    assertThat(replay.answers().deadLetters())
        .as("the scenario's injected faults reach the dead letters")
        .containsEntry(RejectReason.LATE, 0L)
        .hasEntrySatisfying(RejectReason.MALFORMED_JSON, n -> assertThat(n).isPositive());
    assertThat(out.deadLetters()).noneMatch(d -> d.reason() == RejectReason.LATE);
    List<String> ports = out.utilisation().stream().map(u -> u.portId()).distinct().toList();
    assertThat(ports).as("ports on every partition report").hasSizeGreaterThan(3);
  }
}
