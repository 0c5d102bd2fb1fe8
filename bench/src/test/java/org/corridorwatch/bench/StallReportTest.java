package org.corridorwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow decisions set beside the pauses and checkpoints of the logs, as the JVM and Flink write
 * them.
 */
class StallReportTest {
  private static final List<String> GC_LOG =
      List.of(
          "[2026-12-06T16:56:40.373+0000][1000373ms] GC(0) Pause Young (Normal) (G1 Evacuation"
              + " Pause) 19M->16M(388M) 30.843ms",
          "[2026-12-06T16:56:40.373+0000][1000373ms] Safepoint \"G1CollectForAllocation\", Time"
              + " since last: 207425105 ns, Reaching safepoint: 4629 ns, Cleanup: 46990 ns, At"
              + " safepoint: 30981422 ns, Total: 31033041 ns",
          "[2026-12-06T16:56:41.000+0000][1001000ms] Safepoint \"Cleanup\", Time since last:"
              + " 1000 ns, Reaching safepoint: 200 ns, Cleanup: 10 ns, At safepoint: 300 ns, Total:"
              + " 500000 ns");

  private static final List<String> JOB_LOG =
      List.of(
          "16:56:51.617 INFO  CheckpointCoordinator - Triggering checkpoint 1"
              + " (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD})"
              + " @ 1002000 for job d256025e9f168f2ad948966fca91dde9.",
          "16:56:52.338 INFO  CheckpointCoordinator - Completed checkpoint 1 for job"
              + " d256025e9f168f2ad948966fca91dde9 (321639 bytes, checkpointDuration=728 ms,"
              + " finalizationTime=22 ms).",
          "16:56:53.000 INFO  CheckpointCoordinator - Triggering checkpoint 2"
              + " (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD})"
              + " @ 1005000 for job d256025e9f168f2ad948966fca91dde9.");

  @Test
  void aSafepointStopsTheJvmForItsTotalEndingWhenItIsLogged() {
    List<StallReport.Span> pauses = StallReport.pauses(GC_LOG);

    assertThat(pauses).hasSize(2);
    assertThat(pauses.get(0).what()).isEqualTo("G1CollectForAllocation");
    assertThat(pauses.get(0).to()).isEqualTo(1_000_373);
    assertThat(pauses.get(0).from())
        .isCloseTo(1_000_341.967, org.assertj.core.data.Offset.offset(0.001));
    assertThat(pauses.get(1).to() - pauses.get(1).from())
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aCheckpointRunsFromItsTriggerForItsDurationAndOneNeverCompletedIsLeftOut() {
    List<StallReport.Span> checkpoints = StallReport.checkpoints(JOB_LOG);

    assertThat(checkpoints)
        .containsExactly(new StallReport.Span("checkpoint 1", 1_002_000, 1_002_728));
  }

  @Test
  void theSlowestAreSetBesideThePausesAndCheckpointsOnTheirWay() {
    List<OutputLatencies.Decision> decisions = new ArrayList<>();
    // 49 quick ones far from any pause or checkpoint, two of them decided by one trigger
    for (int i = 0; i < 49; i++) {
      long produced = 900_000 + i * 1_000L;
      decisions.add(
          new OutputLatencies.Decision("quick " + i, produced, produced + 60, produced + 400));
    }
    decisions.add(new OutputLatencies.Decision("quick twin", 900_000, 900_060, 900_400));
    // the slow one: on its way across the GC pause and into checkpoint 1
    decisions.add(new OutputLatencies.Decision("slow", 1_000_300, 1_002_100, 1_002_800));

    String report =
        StallReport.report(
            decisions, StallReport.pauses(GC_LOG), StallReport.checkpoints(JOB_LOG), 2);

    assertThat(report)
        .contains("51 alert decisions; the slowest 2 % (2, from 60 ms) against the rest (49)")
        .contains("| slowest | 2 |")
        .contains("| rest | 49 | 60 | 0 % | 0 % | 0.0 | 1 |")
        .contains("| 1800 | 32 | checkpoint 1 (+1700 → +2428) | 1 | slow |")
        .contains("| none | 50 | 60 | 60 | 60 | 60 |")
        .contains("| one lasting 400 ms or more | 1 | 1800 | 1800 | 1800 | 1800 |")
        .doesNotContain("under 200 ms");
  }

  @Test
  void aFileThatIsNotTheProbesDecisionsIsRefusedByName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("d.csv");
    Files.writeString(file, DecisionsCsv.HEADER + "\n1,2,x,alert\n");

    assertThatThrownBy(() -> DecisionsCsv.read(file)).hasMessageContaining("d.csv line 2");
  }

  @Test
  void decisionsSurviveTheirCsvLabelsWithCommasIncluded(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("d.csv");
    List<OutputLatencies.Decision> written =
        List.of(new OutputLatencies.Decision("QUEUE_GROWTH:CN-X, RAISED", 1, 2, 3));
    DecisionsCsv.write(file, written);

    assertThat(DecisionsCsv.read(file)).isEqualTo(written);
  }
}
