package org.corridorwatch.drills;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.generators.answers.OutputComparison;
import org.corridorwatch.generators.answers.OutputKeys;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.kafka.OutputTopics;

/**
 * A fault drill's verdict on the job's committed output: each output topic compared with the
 * replay's known answers (plus what a hostile-input run injected), with lost and duplicated records
 * counted apart, per topic, and every output key written more than once, equal values or not,
 * counted as rewritten (the contract writes each output record exactly once). The keys are {@link
 * OutputKeys}': (portId, windowEnd) for readings and port waits, (level, id, scope, asOf),
 * (alertId, status, severity) and (sourceTopic, partition, offset, reason).
 *
 * <ul>
 *   <li>utilisation readings: every reading of every port and slot, equal, each port in window
 *       order;
 *   <li>trade balance: every balance record the job writes for the input, equal;
 *   <li>port waits: every record of every port and slot, equal, each port in window order;
 *   <li>alerts: every transition of every episode, compared on what the answers predict (id, type,
 *       subject, status, severity, start), so a repeated transition record is a duplicate;
 *   <li>dead letters: a dead letter is identified by where its record came from (topic, partition,
 *       offset), so the same one written twice is a duplicate; per reason, the distinct ones must
 *       number exactly what the replay and the fuzz injected.
 * </ul>
 *
 * @param topics per output topic, the comparison
 * @param deadLettersByReason per reason, {expected, distinct read}
 * @param problems what is wrong beyond the counts (order), one line each
 */
public record DrillComparison(
    Map<String, OutputComparison> topics,
    Map<RejectReason, long[]> deadLettersByReason,
    List<String> problems) {

  /** Identity of a dead letter: the record it stands for. */
  private record Source(String topic, int partition, long offset) {}

  public static DrillComparison of(
      OutputTopics names,
      KnownAnswersFile expected,
      InjectedDeadLetters injected,
      CommittedOutputs read) {
    Map<String, OutputComparison> topics = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();

    topics.put(
        names.utilisation(),
        OutputComparison.of(
            names.utilisation(),
            expected.utilisation(),
            read.utilisation(),
            Function.identity(),
            OutputKeys::reading));
    windowOrder(read.utilisation(), PortUtilisation::portId, PortUtilisation::windowEndMillis)
        .ifPresent(problems::add);

    if (expected.balanceRecords().isEmpty() && !expected.balances().isEmpty()) {
      problems.add(
          "the expected answers list no balance records (tradeBalanceRecords): write them with"
              + " this version of 'corridor-watch replay --expected'");
    }
    topics.put(
        names.balance(),
        OutputComparison.of(
            names.balance(),
            expected.balanceRecords(),
            read.balances(),
            Function.identity(),
            OutputKeys::balance));

    topics.put(
        names.alerts(),
        OutputComparison.of(
            names.alerts(),
            expected.alerts(),
            read.alerts(),
            ExpectedAlert::of,
            OutputKeys::alert));

    if (expected.portWaits().isEmpty() && !expected.utilisation().isEmpty()) {
      // departures without a single arrival are not a replay's: the file predates the topic
      problems.add(
          "the expected answers list no port waits (portWaits): write them with this version of"
              + " 'corridor-watch replay --expected'");
    }
    topics.put(
        names.portWaits(),
        OutputComparison.of(
            names.portWaits(),
            expected.portWaits(),
            read.portWaits(),
            Function.identity(),
            OutputKeys::waits));
    windowOrder(read.portWaits(), PortWaits::portId, PortWaits::windowEndMillis)
        .map(p -> "port waits: " + p)
        .ifPresent(problems::add);

    Map<RejectReason, long[]> byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      long want = expected.deadLetters().getOrDefault(reason, 0L) + injected.of(reason);
      byReason.put(reason, new long[] {want, 0});
    }
    Set<Source> seen = new HashSet<>();
    Set<OutputKeys.DeadLetterSource> written = new HashSet<>();
    long duplicated = 0;
    long rewritten = 0;
    List<String> examples = new ArrayList<>();
    for (DeadLetter d : read.deadLetters()) {
      if (!written.add(OutputKeys.deadLetter(d))) {
        // the same record dead-lettered again for the same reason: its key written twice
        rewritten++;
      }
      if (seen.add(new Source(d.sourceTopic(), d.partition(), d.offset()))) {
        byReason.get(d.reason())[1]++;
      } else {
        duplicated++;
        if (examples.size() < 5) {
          examples.add(
              "again: "
                  + d.reason()
                  + " of "
                  + d.sourceTopic()
                  + "-"
                  + d.partition()
                  + "@"
                  + d.offset());
        }
      }
    }
    long lost = 0;
    long unexpected = 0;
    long want = 0;
    for (Map.Entry<RejectReason, long[]> e : byReason.entrySet()) {
      long[] c = e.getValue();
      want += c[0];
      if (c[1] < c[0]) {
        lost += c[0] - c[1];
        examples.add(0, e.getKey() + ": " + c[1] + " of " + c[0] + " expected");
      } else if (c[1] > c[0]) {
        unexpected += c[1] - c[0];
        examples.add(e.getKey() + ": " + c[1] + " where " + c[0] + " were expected");
      }
    }
    topics.put(
        names.deadLetters(),
        new OutputComparison(
            names.deadLetters(),
            want,
            read.deadLetters().size(),
            lost,
            duplicated,
            unexpected,
            rewritten,
            List.copyOf(examples)));
    return new DrillComparison(topics, byReason, List.copyOf(problems));
  }

  /** A port whose records are not in window order, if any. */
  private static <T> java.util.Optional<String> windowOrder(
      List<T> records, Function<T, String> port, Function<T, Long> windowEnd) {
    Map<String, Long> lastEnd = new HashMap<>();
    for (T r : records) {
      long end = windowEnd.apply(r);
      Long before = lastEnd.put(port.apply(r), end);
      if (before != null && before >= end) {
        return java.util.Optional.of(
            "port "
                + port.apply(r)
                + ": reading for "
                + Instant.ofEpochMilli(end)
                + " after the one for "
                + Instant.ofEpochMilli(before));
      }
    }
    return java.util.Optional.empty();
  }

  public long lost() {
    return topics.values().stream().mapToLong(OutputComparison::lost).sum();
  }

  public long duplicated() {
    return topics.values().stream().mapToLong(OutputComparison::duplicated).sum();
  }

  public long unexpected() {
    return topics.values().stream().mapToLong(OutputComparison::unexpected).sum();
  }

  /** Records written under an output key already written, equal values or not, all topics. */
  public long rewritten() {
    return topics.values().stream().mapToLong(OutputComparison::rewritten).sum();
  }

  public boolean equal() {
    return problems.isEmpty() && topics.values().stream().allMatch(OutputComparison::equal);
  }

  /** How many records of each topic the answers expect: the verifier reads until it has them. */
  public static Map<String, Long> expectedCounts(
      OutputTopics names, KnownAnswersFile expected, InjectedDeadLetters injected) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(names.utilisation(), (long) expected.utilisation().size());
    counts.put(names.balance(), (long) expected.balanceRecords().size());
    counts.put(names.alerts(), (long) expected.alerts().size());
    counts.put(names.portWaits(), (long) expected.portWaits().size());
    long deadLetters = injected.records();
    for (long n : expected.deadLetters().values()) {
      deadLetters += n;
    }
    counts.put(names.deadLetters(), deadLetters);
    return counts;
  }
}
