package org.corridorwatch.bench.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording of the job spent its CPU and its pauses, as a short markdown section: the
 * methods on top of the most execution samples, the same samples grouped by library, and the sum of
 * garbage-collection pauses. It is the evidence behind a throughput figure that misses its goal.
 *
 * <p>Samples are grouped by the top frame only: that is where the CPU was, whereas a frame further
 * down is merely on the way there and would be counted in every library at once. They are also
 * grouped by the thread that was sampled: Flink runs each chain of operators between two shuffles
 * in a task thread named after the chain, so that table gives each stage's whole share, whatever
 * library its time went to.
 */
final class HotMethods {
  private static final int TOP = 15;

  /** Package prefixes that name a library; the first that matches wins, so narrower ones first. */
  private static final List<String> LIBRARIES =
      List.of(
          "org.corridorwatch.",
          "com.fasterxml.jackson.",
          "org.apache.flink.cep.",
          "org.apache.flink.runtime.state.",
          "org.apache.flink.runtime.io.network.",
          "org.apache.flink.",
          "org.apache.kafka.",
          "org.rocksdb.",
          "java.",
          "jdk.",
          "sun.");

  /** The subtask suffix of a Flink task thread's name, " (1/2)#0": subtasks of one chain add up. */
  private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");

  private HotMethods() {}

  static String markdown(Path recording) throws IOException {
    return markdown(recording, Set.of());
  }

  /** Whether {@code sample} was taken on a thread of one of these names. */
  static boolean skipped(RecordedEvent sample, Set<String> threadNames) {
    if (threadNames.isEmpty()) {
      return false;
    }
    RecordedThread thread = sample.getThread("sampledThread");
    return thread != null && threadNames.contains(thread.getJavaName());
  }

  /** As {@link #markdown(Path)}, without the samples of threads of these names. */
  static String markdown(Path recording, Set<String> skipThreads) throws IOException {
    Map<String, Integer> methods = new HashMap<>();
    Map<String, Integer> libraries = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    long collections = 0;
    Duration paused = Duration.ZERO;
    Duration longestPause = Duration.ZERO;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          RecordedStackTrace stack = event.getStackTrace();
          if (stack == null || stack.getFrames().isEmpty() || skipped(event, skipThreads)) {
            continue;
          }
          RecordedFrame top = stack.getFrames().get(0);
          String owner = top.getMethod().getType().getName();
          methods.merge(owner + "." + top.getMethod().getName(), 1, Integer::sum);
          libraries.merge(library(owner), 1, Integer::sum);
          threads.merge(thread(event), 1, Integer::sum);
          samples++;
        } else if (type.equals("jdk.GarbageCollection")) {
          collections++;
          Duration pause = event.getDuration("sumOfPauses");
          paused = paused.plus(pause);
          if (pause.compareTo(longestPause) > 0) {
            longestPause = pause;
          }
        }
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%,d execution samples; %,d garbage collections, %,d ms paused in all, longest %d ms.%n%n",
            samples,
            collections,
            paused.toMillis(),
            longestPause.toMillis()));
    s.append("| library (top frame) | samples | share |\n|---|---:|---:|\n");
    appendRows(s, libraries, samples);
    s.append("\n| method (top frame) | samples | share |\n|---|---:|---:|\n");
    appendRows(s, methods, samples);
    s.append("\n| thread (a Flink task is its chain of operators) | samples | share |\n");
    s.append("|---|---:|---:|\n");
    appendRows(s, threads, samples);
    return s.toString();
  }

  private static void appendRows(StringBuilder s, Map<String, Integer> counts, int samples) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(TOP)
        .forEach(
            e ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "| `%s` | %,d | %.1f%% |%n",
                        e.getKey(),
                        e.getValue(),
                        100.0 * e.getValue() / Math.max(1, samples))));
  }

  private static String thread(RecordedEvent sample) {
    RecordedThread thread = sample.getThread("sampledThread");
    String name = thread == null ? null : thread.getJavaName();
    if (name == null) {
      return "(unnamed)";
    }
    // a table cell: a '|' in a name would split it
    return SUBTASK.matcher(name).replaceFirst("").replace('|', '/');
  }

  private static String library(String className) {
    for (String prefix : LIBRARIES) {
      if (className.startsWith(prefix)) {
        return prefix + "*";
      }
    }
    return "other";
  }
}
