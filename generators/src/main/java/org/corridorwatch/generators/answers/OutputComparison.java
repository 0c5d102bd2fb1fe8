package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a job wrote to one output topic against what it should have written, as multisets of
 * records: how many expected records are missing (lost), how many expected records appear more than
 * once (duplicated) and how many records appear that were never expected at all. Exactly-once
 * output has all three at zero; the split says which promise broke, which is what a fault drill
 * reports. The end-to-end check of the standalone cluster ({@link UtilisationCheck}) and the fault
 * drills' verifier both compare through this class, so they count the same way.
 *
 * @param topic the output topic compared
 * @param expected records that should be there
 * @param read records that were there
 * @param lost expected records not read (counting multiplicity)
 * @param duplicated extra copies of expected records
 * @param unexpected records read that were never expected, with their copies
 * @param examples a few of the differences, for the report
 */
public record OutputComparison(
    String topic,
    long expected,
    long read,
    long lost,
    long duplicated,
    long unexpected,
    List<String> examples) {
  private static final int SHOWN = 5;

  /** True when the topic holds exactly the expected records. */
  public boolean equal() {
    return lost == 0 && duplicated == 0 && unexpected == 0;
  }

  /**
   * Compares {@code read} with {@code expected} by the identity {@code key} gives each record (the
   * record itself when it has value equality, or the part of it the answers predict).
   */
  public static <T, K> OutputComparison of(
      String topic, List<K> expected, List<T> read, Function<T, K> key) {
    Map<K, long[]> counts = new LinkedHashMap<>(); // {expected, read}
    expected.forEach(k -> counts.computeIfAbsent(k, x -> new long[2])[0]++);
    read.forEach(r -> counts.computeIfAbsent(key.apply(r), x -> new long[2])[1]++);
    long lost = 0;
    long duplicated = 0;
    long unexpected = 0;
    List<String> missingExamples = new ArrayList<>();
    List<String> doubledExamples = new ArrayList<>();
    List<String> unexpectedExamples = new ArrayList<>();
    for (Map.Entry<K, long[]> e : counts.entrySet()) {
      long want = e.getValue()[0];
      long got = e.getValue()[1];
      if (want == 0) {
        unexpected += got;
        addExample(unexpectedExamples, got + "x not expected: " + e.getKey());
      } else if (got < want) {
        lost += want - got;
        addExample(missingExamples, (want - got) + "x missing: " + e.getKey());
      } else if (got > want) {
        duplicated += got - want;
        addExample(doubledExamples, got + "x (expected " + want + "x): " + e.getKey());
      }
    }
    List<String> examples = new ArrayList<>(missingExamples);
    examples.addAll(doubledExamples);
    examples.addAll(unexpectedExamples);
    return new OutputComparison(
        topic, expected.size(), read.size(), lost, duplicated, unexpected, List.copyOf(examples));
  }

  /** Compares records that are their own identity. */
  public static <T> OutputComparison of(String topic, List<T> expected, List<T> read) {
    return of(topic, expected, read, Function.identity());
  }

  private static void addExample(List<String> examples, String example) {
    if (examples.size() < SHOWN) {
      examples.add(example);
    }
  }

  /** One line: the counts, then the examples. */
  public String summary() {
    String counts =
        String.format(
            "%s: %d expected, %d read, %d lost, %d duplicated, %d unexpected",
            topic, expected, read, lost, duplicated, unexpected);
    return examples.isEmpty() ? counts : counts + "; e.g. " + String.join("; ", examples);
  }
}
