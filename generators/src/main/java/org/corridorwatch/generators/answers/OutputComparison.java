package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a job wrote to one output topic against what it should have written, as multisets of
 * records: how many expected records are missing (lost), how many expected records appear more than
 * once (duplicated), how many records appear that were never expected at all, and how many times an
 * output key was written again after its first record (rewritten). Exactly-once output has all four
 * at zero; the split says which promise broke, which is what a fault drill reports. The end-to-end
 * check of the standalone cluster ({@link UtilisationCheck}) and the fault drills' verifier both
 * compare through this class, so they count the same way.
 *
 * <p><b>Rewritten</b> is the contract's "no output record is ever written twice", judged by the
 * record's output key (for a reading or a port-waits record its port and window end, see {@link
 * OutputKeys}), whatever the values: a key written twice with equal values counts here and in
 * {@code duplicated}; written twice with different values, here and (the wrong one) in {@code
 * unexpected}, so a slot written again with a changed figure is named as such rather than passing
 * for one wrong figure. A key the answers themselves list n times may be read n times.
 *
 * @param topic the output topic compared
 * @param expected records that should be there
 * @param read records that were there
 * @param lost expected records not read (counting multiplicity)
 * @param duplicated extra copies of expected records
 * @param unexpected records read that were never expected, with their copies
 * @param rewritten records whose output key had already been written (0 when no key is known)
 * @param examples a few of the differences, for the report
 */
public record OutputComparison(
    String topic,
    long expected,
    long read,
    long lost,
    long duplicated,
    long unexpected,
    long rewritten,
    List<String> examples) {
  private static final int SHOWN = 5;

  /** True when the topic holds exactly the expected records, each key written once. */
  public boolean equal() {
    return lost == 0 && duplicated == 0 && unexpected == 0 && rewritten == 0;
  }

  /**
   * Compares {@code read} with {@code expected} by the identity {@code key} gives each record (the
   * record itself when it has value equality, or the part of it the answers predict). Counts no
   * rewritten keys: prefer {@link #of(String, List, List, Function, Function)}.
   */
  public static <T, K> OutputComparison of(
      String topic, List<K> expected, List<T> read, Function<T, K> key) {
    return of(topic, expected, read, key, null);
  }

  /**
   * Compares {@code read} with {@code expected} by the identity {@code key} gives each record, and
   * counts every record whose output key ({@code outputKey} of its identity) was already written.
   *
   * @param outputKey the key the contract writes each record under once, from a record's identity;
   *     null to count nothing as rewritten
   */
  public static <T, K> OutputComparison of(
      String topic,
      List<K> expected,
      List<T> read,
      Function<T, K> key,
      Function<? super K, ?> outputKey) {
    Map<K, long[]> counts = new LinkedHashMap<>(); // {expected, read}
    expected.forEach(k -> counts.computeIfAbsent(k, x -> new long[2])[0]++);
    List<K> identities = new ArrayList<>(read.size());
    for (T r : read) {
      K k = key.apply(r);
      identities.add(k);
      counts.computeIfAbsent(k, x -> new long[2])[1]++;
    }
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
    List<String> rewrittenExamples = new ArrayList<>();
    long rewritten =
        outputKey == null ? 0 : rewritten(expected, identities, outputKey, rewrittenExamples);
    List<String> examples = new ArrayList<>(missingExamples);
    examples.addAll(doubledExamples);
    examples.addAll(rewrittenExamples);
    examples.addAll(unexpectedExamples);
    return new OutputComparison(
        topic,
        expected.size(),
        read.size(),
        lost,
        duplicated,
        unexpected,
        rewritten,
        List.copyOf(examples));
  }

  /** Compares records that are their own identity; counts no rewritten keys. */
  public static <T> OutputComparison of(String topic, List<T> expected, List<T> read) {
    return of(topic, expected, read, Function.identity());
  }

  /**
   * Writes of an output key beyond the first (or beyond as many as the answers list it), in the
   * order read, with examples that say whether the values were equal.
   */
  private static <K> long rewritten(
      List<K> expected, List<K> read, Function<? super K, ?> outputKey, List<String> examples) {
    Map<Object, Long> allowed = new LinkedHashMap<>();
    expected.forEach(k -> allowed.merge(outputKey.apply(k), 1L, Long::sum));
    Map<Object, List<K>> written = new LinkedHashMap<>();
    long rewritten = 0;
    for (K k : read) {
      Object o = outputKey.apply(k);
      List<K> before = written.computeIfAbsent(o, x -> new ArrayList<>());
      before.add(k);
      if (before.size() > Math.max(1, allowed.getOrDefault(o, 0L))) {
        rewritten++;
      }
    }
    for (Map.Entry<Object, List<K>> e : written.entrySet()) {
      List<K> values = e.getValue();
      if (values.size() > Math.max(1, allowed.getOrDefault(e.getKey(), 0L))) {
        boolean equal = values.stream().distinct().count() == 1;
        addExample(
            examples,
            "key written "
                + values.size()
                + "x: "
                + e.getKey()
                + (equal
                    ? " (equal values)"
                    : " (values differ: first " + values.get(0) + ", then " + values.get(1) + ")"));
      }
    }
    return rewritten;
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
            "%s: %d expected, %d read, %d lost, %d duplicated, %d unexpected, %d rewritten",
            topic, expected, read, lost, duplicated, unexpected, rewritten);
    return examples.isEmpty() ? counts : counts + "; e.g. " + String.join("; ", examples);
  }
}
