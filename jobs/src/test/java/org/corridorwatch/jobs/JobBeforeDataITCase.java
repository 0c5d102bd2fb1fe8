package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job deployed before its data: the real job graph at parallelism 2 waits, running, for several
 * idleness periods on empty input topics of 1 or 3 partitions, then a scenario with duplicates,
 * malformed and late records arrives on every partition at once. Idleness decided by silence would
 * have released every partition while the job waited, and the first one to resume would lead every
 * keyed operator behind a shuffle; decided by lag, every partition holds until it is read, so the
 * figures are exactly the known answers, each written once. The replay ends with its closing
 * records, on one partition of each topic: the others, read to their end, must then be released
 * after the idleness for the job to write its last figures.
 */
class JobBeforeDataITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final Duration IDLENESS = Duration.ofSeconds(2);
  static final int LATE_COPIES = 7;

  /**
   * @param partitions of each input topic: one (a single reader feeding the job's two subtasks) or
   *     more than the parallelism
   */
  @ParameterizedTest(name = "{0} partition(s)")
  @ValueSource(ints = {1, JobTestBed.PARTITIONS})
  void aJobWaitingForItsFirstDataCountsEveryRecordOnceAsTheKnownAnswersSay(
      int partitions, @InjectMiniCluster MiniCluster cluster) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options =
        JobTestBed.options(
            KAFKA.broker(),
            topics,
            "--idleness",
            IDLENESS.toSeconds() + "s",
            "--partitions",
            String.valueOf(partitions));
    List<Delivery> records =
        new ArrayList<>(
            JobTestBed.records(
                topics, "baseline", 1, JobTestBed.disorderDuplicatesAndMalformed(), true));
    // departures for the first slots, sent after everything else: late on every partition
    records.addAll(JobTestBed.lateCopies(records, topics, LATE_COPIES));
    KnownAnswers answers = JobTestBed.answersFor(topics, records);

    JobClient job = JobTestBed.start(options);
    JobTestBed.Outputs out;
    try {
      long runningAt = JobTestBed.awaitAllTasksRunning(cluster, job);
      // the waiting is the thing under test: the job idles on empty topics before its data
      JobTestBed.waitUntil(runningAt + 3 * IDLENESS.toNanos());
      assertThat(Duration.ofNanos(System.nanoTime() - runningAt))
          .as("the job ran without data for at least twice the idleness")
          .isGreaterThanOrEqualTo(IDLENESS.multipliedBy(2));

      JobTestBed.send(KAFKA.broker(), topics, records, partitions);
      KAFKA
          .broker()
          .readAll(
              topics.utilisation(),
              true,
              answers.utilisationReadings().size(),
              JobTestBed.DEADLINE);
      KAFKA
          .broker()
          .readAll(topics.balance(), true, answers.balanceRecords().size(), JobTestBed.DEADLINE);
      out = JobTestBed.readOutputs(KAFKA.broker(), topics);
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
    }

    assertThat(records.stream().map(Delivery::topic).distinct())
        .as("the replay wrote crossings and shipments")
        .contains(topics.crossings(), topics.shipments());
    JobTestBed.assertExactlyTheKnownAnswers(out, answers);
    assertThat(out.alerts().stream().map(ExpectedAlert::of).toList())
        .as("alerts")
        .containsExactlyInAnyOrderElementsOf(answers.alerts());
    assertThat(answers.deadLetters())
        .as("the scenario's injected faults reach the dead letters")
        .containsEntry(RejectReason.LATE, (long) LATE_COPIES)
        .hasEntrySatisfying(RejectReason.MALFORMED_JSON, n -> assertThat(n).isPositive());
    assertThat(answers.duplicates()).as("duplicates were sent").isPositive();
    List<String> ports = out.utilisation().stream().map(u -> u.portId()).distinct().toList();
    assertThat(ports).as("ports on every partition report").hasSizeGreaterThan(partitions);
  }
}
