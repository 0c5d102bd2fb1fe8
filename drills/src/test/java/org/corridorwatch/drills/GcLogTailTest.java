package org.corridorwatch.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap left after each collection, as JDK 17's -Xlog:gc writes it, read as it grows. */
class GcLogTailTest {
  private static final String YOUNG =
      "[2026-12-06T16:56:40.373+0000][1000373ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause)"
          + " 19M->16M(388M) 30.843ms\n";
  private static final String FULL =
      "[2026-12-06T17:01:40.000+0000][1300000ms] GC(7) Pause Full (System.gc()) 300M->81M(1024M)"
          + " 150.123ms\n";

  @Test
  void aFullCollectionGivesTheLiveHeapAndAYoungOneIsMarkedAsSuch() {
    assertThat(GcLogTail.parse(FULL.strip()))
        .isEqualTo(new GcLogTail.Collection(1_300_000, true, 81L << 20));
    assertThat(GcLogTail.parse(YOUNG.strip()))
        .isEqualTo(new GcLogTail.Collection(1_000_373, false, 16L << 20));
    assertThat(GcLogTail.parse("[...][1ms] Using G1")).isNull();
  }

  @Test
  void eachReadReturnsOnlyWhatWasLoggedSinceAndWaitsForAHalfWrittenLine(@TempDir Path dir)
      throws IOException {
    Path log = dir.resolve("taskmanager-1-gc.log");
    GcLogTail tail = new GcLogTail(log);
    assertThat(tail.read()).isEmpty(); // not there yet

    Files.writeString(log, YOUNG + FULL.substring(0, 40));
    assertThat(tail.read()).extracting(GcLogTail.Collection::full).containsExactly(false);

    Files.writeString(log, FULL.substring(40), StandardOpenOption.APPEND);
    assertThat(tail.read())
        .extracting(GcLogTail.Collection::heapAfterBytes)
        .containsExactly(81L << 20);
    assertThat(tail.read()).isEmpty();
  }
}
