package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once through a real failure: the TaskManager is killed while records still flow in, the
 * job restarts from its last checkpoint, and a {@code read_committed} reader sees every reading
 * once, none missing, none twice.
 */
class ExactlyOnceITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  @Test
  void killedTaskManagerNeitherLosesNorDoublesOutput(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    // running, not bounded: the input arrives while the job runs, and the kill lands mid-stream
    JobClient job =
        JobTestBed.start(
            JobTestBed.options(KAFKA.broker(), topics, "--checkpoint-interval", "300ms"));
    CompletableFuture<JobTestBed.Replayed> replay =
        CompletableFuture.supplyAsync(
            () ->
                JobTestBed.replay(
                    KAFKA.broker(),
                    topics,
                    "pingxiang-overload",
                    2,
                    InjectionSettings.none(),
                    1,
                    Pacer.rate(2_500)));

    // some readings committed, and the replay still sending: now fail
    KAFKA.broker().readAll(topics.utilisation(), true, 20, JobTestBed.DEADLINE);
    assertThat(replay).as("the replay is still running when the TaskManager dies").isNotDone();
    cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
    cluster.startTaskManager();

    JobTestBed.Replayed sent = replay.get(JobTestBed.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    // without an end of input the job reads only slots its watermark has passed
    long newest =
        sent.sent().stream()
            .filter(d -> d.kind() == Delivery.Kind.EVENT)
            .mapToLong(Delivery::eventTime)
            .max()
            .orElseThrow();
    long watermark = newest - JobTestBed.OUT_OF_ORDERNESS - 1;
    List<PortUtilisation> expected =
        sent.answers().utilisationReadings().stream()
            .filter(u -> u.windowEndMillis() - 1 <= watermark)
            .toList();
    assertThat(expected).hasSizeGreaterThan(100);

    KAFKA.broker().readAll(topics.utilisation(), true, expected.size(), JobTestBed.DEADLINE);
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);
    job.cancel().get(30, TimeUnit.SECONDS);

    JobTestBed.assertRestarted(cluster, job);
    assertThat(out.utilisation()).containsExactlyInAnyOrderElementsOf(expected);
    Set<String> balanceRecords = new HashSet<>();
    for (TradeBalance b : out.balances()) {
      assertThat(balanceRecords.add(b.key() + " " + b.scope() + " " + b.asOfMillis()))
          .as("balance record %s written once", b)
          .isTrue();
    }
    assertThat(out.balances()).isNotEmpty();
  }
}
