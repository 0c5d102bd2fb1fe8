package org.corridorwatch.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording's samples counted per task thread, subtasks of one chain of operators together. */
class HotMethodsTest {
  private static final Duration BUSY_CPU = Duration.ofMillis(400);

  @TempDir Path dir;

  @Test
  void twoSubtasksOfOneChainAddUpToOneRowWithoutTheirSuffix() throws Exception {
    Path file =
        recordBusy(
            "busy.jfr",
            "Customs visits -> Sink: waits (1/2)#0",
            "Customs visits -> Sink: waits (2/2)#0");

    String markdown = HotMethods.markdown(file);

    Matcher row =
        Pattern.compile("\\| `Customs visits -> Sink: waits` \\| ([\\d,]+) \\|").matcher(markdown);
    assertThat(row.find()).as(markdown).isTrue();
    // 2 × 400 ms of CPU at one sample per 10 ms: far more than one thread's worth
    assertThat(Integer.parseInt(row.group(1).replace(",", ""))).isGreaterThan(40);
    assertThat(markdown).doesNotContain("(1/2)#0").doesNotContain("(2/2)#0");
  }

  @Test
  void aSkippedThreadLeavesNoSamplesInTheTablesOrTheFlameGraph() throws Exception {
    Path file = recordBusy("two.jfr", "input generator", "Port utilisation (1/1)#0");

    String all = HotMethods.markdown(file);
    String skipped = HotMethods.markdown(file, Set.of("input generator"));

    assertThat(all).contains("`input generator`").contains("`Port utilisation`");
    assertThat(skipped).doesNotContain("input generator").contains("`Port utilisation`");
    // each thread spun the same CPU time: without one, the graph holds clearly fewer samples
    long everySample = FlameGraph.read(file, Set.of()).samples;
    long withoutInput = FlameGraph.read(file, Set.of("input generator")).samples;
    assertThat(withoutInput).isPositive().isLessThan(everySample * 3 / 4);
  }

  /**
   * A recording, sampled every 10 ms, of one busy thread per name (see {@link #busy}) running at
   * once until each has spun its CPU time.
   */
  private Path recordBusy(String fileName, String... threadNames) throws Exception {
    Path file = dir.resolve(fileName);
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
      recording.start();
      List<Thread> threads = new ArrayList<>();
      for (String name : threadNames) {
        threads.add(busy(name));
      }
      for (Thread t : threads) {
        t.join();
      }
      recording.stop();
      recording.dump(file);
    }
    return file;
  }

  /**
   * A thread that spins until it has used BUSY_CPU of CPU time, so it is sampled whatever the load.
   */
  private static Thread busy(String name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicLong sink = new AtomicLong();
    Thread t =
        new Thread(
            () -> {
              long x = 1;
              while (threads.getCurrentThreadCpuTime() < BUSY_CPU.toNanos()) {
                for (int i = 0; i < 100_000; i++) {
                  x = x * 6364136223846793005L + 1442695040888963407L;
                }
              }
              sink.set(x);
            },
            name);
    t.start();
    return t;
  }
}
