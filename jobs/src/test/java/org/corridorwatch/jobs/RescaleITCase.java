package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rescale loses nothing and counts nothing twice: two days of the whole catalogue's traffic, with
 * duplicates, disorder, malformed and late records, on input topics of 3 partitions, read in three
 * legs. Each leg ends with a savepoint (no drain) once its readings are written, and the next
 * resumes from it at another parallelism, 2 → 1 → 2: keyed state and the watermark floors are
 * redistributed each time, and every watermark starts again from nothing. The readings, balances,
 * waits, dead letters and alert transitions are then exactly the known answers, each written once.
 */
class RescaleITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  private static final int[] PARALLELISM = {2, 1, 2};
  private static final int LATE_COPIES = 5;

  @Test
  void aReplayReadAcrossTwoRescalesCountsEveryRecordOnceAsTheKnownAnswersSay(
      @InjectMiniCluster MiniCluster cluster, @TempDir Path savepoints) throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    List<Delivery> replay =
        JobTestBed.records(
            topics, "baseline", 2, JobTestBed.disorderDuplicatesAndMalformed(), true);
    int legSize = (replay.size() + PARALLELISM.length - 1) / PARALLELISM.length;
    List<List<Delivery>> legs = new ArrayList<>();
    for (int from = 0; from < replay.size(); from += legSize) {
      legs.add(new ArrayList<>(replay.subList(from, Math.min(replay.size(), from + legSize))));
    }
    // departures for slots written in the first leg, sent first after the first rescale: only the
    // watermark floor restored from the savepoint can tell they are late
    legs.get(1).addAll(0, JobTestBed.lateCopies(legs.get(0), topics, LATE_COPIES));
    List<Delivery> records = legs.stream().flatMap(List::stream).toList();
    KnownAnswers answers = JobTestBed.answersFor(topics, records);
    assertThat(answers.deadLetters()).containsEntry(RejectReason.LATE, (long) LATE_COPIES);

    Path savepoint = null;
    JobTestBed.Outputs out = null;
    List<Integer> ranAt = new ArrayList<>();
    int sent = 0;
    for (int leg = 0; leg < PARALLELISM.length; leg++) {
      JobTestBed.send(KAFKA.broker(), topics, legs.get(leg), JobTestBed.PARTITIONS);
      sent += legs.get(leg).size();
      int to = sent;
      AnalyticsOptions options =
          JobTestBed.options(
              KAFKA.broker(),
              topics,
              "--parallelism",
              String.valueOf(PARALLELISM[leg]),
              "--partitions",
              String.valueOf(JobTestBed.PARTITIONS));
      JobClient job = JobTestBed.start(options, savepoint);
      JobTestBed.awaitAllTasksRunning(cluster, job);
      ranAt.add(keyedParallelism(cluster, job));
      boolean last = leg == PARALLELISM.length - 1;
      // the readings this leg's watermark surely passes; the last leg's closing records pass all
      long passed =
          last ? Long.MAX_VALUE : JobTestBed.liveWatermark(records.subList(0, to), topics);
      long due =
          answers.utilisationReadings().stream().filter(u -> u.windowEndMillis() <= passed).count();
      KAFKA.broker().readAll(topics.utilisation(), true, (int) due, JobTestBed.DEADLINE);
      if (last) {
        out = JobTestBed.readOutputs(KAFKA.broker(), topics);
        job.cancel().get(30, TimeUnit.SECONDS);
      } else {
        String taken =
            job.stopWithSavepoint(
                    false,
                    savepoints.resolve("leg-" + leg).toUri().toString(),
                    SavepointFormatType.CANONICAL)
                .get(JobTestBed.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        savepoint = Paths.get(URI.create(taken));
      }
    }

    assertThat(ranAt).as("the keyed operators' parallelism, leg by leg").containsExactly(2, 1, 2);
    JobTestBed.assertExactlyTheKnownAnswers(out, answers);
    assertThat(out.waits()).as("waits").containsExactlyInAnyOrderElementsOf(answers.portWaits());
    assertThat(out.alerts().stream().map(ExpectedAlert::of).toList())
        .as("alerts")
        .containsExactlyInAnyOrderElementsOf(answers.alerts());
    assertThat(answers.deadLetters())
        .as("the scenario's injected faults reach the dead letters")
        .hasEntrySatisfying(RejectReason.MALFORMED_JSON, n -> assertThat(n).isPositive());
    assertThat(answers.duplicates()).as("duplicates were sent").isPositive();
    assertThat(out.utilisation().stream().map(u -> u.portId()).distinct())
        .as("ports on every partition report")
        .hasSizeGreaterThan(JobTestBed.PARTITIONS);
  }

  /** The parallelism of the job's port utilisation operator, as the cluster runs it. */
  private static int keyedParallelism(MiniCluster cluster, JobClient job) throws Exception {
    for (AccessExecutionJobVertex v :
        cluster.getExecutionGraph(job.getJobID()).get().getAllVertices().values()) {
      if (v.getName().startsWith("Port utilisation")) {
        return v.getParallelism();
      }
    }
    throw new AssertionError("no port utilisation vertex in the job graph");
  }
}
