package org.corridorwatch.bench.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the rolling counts of two window designs on the windows that held a departure.
 *
 * <p>Why only those: {@code PortUtilisationFunction} also emits a port's final {@code trips: 0}
 * reading, the first slot after its window emptied, which a Flink window cannot emit because no
 * element falls into it. Every window with a departure must be emitted by both, with the same
 * count, exactly once.
 */
public final class WindowComparison {
  private WindowComparison() {}

  /**
   * The differences between two outputs, empty when they agree; at most {@code limit} are listed.
   */
  public static List<String> differences(
      Collection<WindowCount> ours, Collection<WindowCount> flink, int limit) {
    List<String> found = new ArrayList<>();
    Map<String, Long> expected = countsWithTrips(ours, "ours", found);
    Map<String, Long> actual = countsWithTrips(flink, "flink", found);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      Long other = actual.get(e.getKey());
      if (!e.getValue().equals(other)) {
        found.add(
            e.getKey() + ": ours " + e.getValue() + ", flink " + (other == null ? "none" : other));
      }
    }
    for (Map.Entry<String, Long> e : actual.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        found.add(e.getKey() + ": ours none, flink " + e.getValue());
      }
    }
    return found.size() > limit ? found.subList(0, limit) : found;
  }

  /** Windows with trips, by "port at windowEnd"; a window emitted twice is a difference too. */
  private static Map<String, Long> countsWithTrips(
      Collection<WindowCount> counts, String side, List<String> found) {
    Map<String, Long> byWindow = new TreeMap<>();
    for (WindowCount c : counts) {
      if (c.trips() == 0) {
        continue;
      }
      String window = c.portId() + " at " + Instant.ofEpochMilli(c.windowEnd());
      if (byWindow.put(window, c.trips()) != null) {
        found.add(window + ": " + side + " emitted it twice");
      }
    }
    return byWindow;
  }
}
