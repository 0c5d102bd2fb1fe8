package org.corridorwatch.jobs.alerts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.PatternStream;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;

/**
 * A CEP pattern for "N consecutive readings that meet a condition" where N can change while the job
 * runs. {@code times(N)} is compiled into the pattern, so instead each reading carries the N in
 * force at its time, and the pattern counts: readings gather in {@code run} while the run is
 * shorter than N-1, and the reading that makes it N is taken as {@code last}, which completes the
 * match. Contiguity is strict, so a reading that does not meet the condition ends every partial
 * run.
 *
 * <p>A run completes once it is as long as the N of its newest reading. At most N-1 partial runs
 * (one per possible start) are open per key, and skipping past the last reading after a match
 * discards the others, so state stays bounded.
 */
final class ConsecutiveRun {
  private ConsecutiveRun() {}

  static final String RUN = "run";
  static final String LAST = "last";

  /** Whether a reading counts towards the run. */
  @FunctionalInterface
  interface Condition<T> extends Serializable {
    boolean meets(T reading);
  }

  /** How many consecutive readings complete a run, as in force at a reading's time. */
  @FunctionalInterface
  interface Length<T> extends Serializable {
    int of(T reading);
  }

  static <T> Pattern<T, T> of(Condition<T> condition, Length<T> length) {
    return Pattern.<T>begin(RUN, AfterMatchSkipStrategy.skipPastLastEvent())
        .where(new Counting<>(condition, length, false))
        .oneOrMore()
        .consecutive()
        .optional()
        .next(LAST)
        .where(new Counting<>(condition, length, true));
  }

  /**
   * Takes a reading that meets the condition into {@code run} while the run stays shorter than N,
   * or as {@code last} when it makes the run N long; never both, so partial runs do not branch.
   */
  private static final class Counting<T> extends IterativeCondition<T> {
    private static final long serialVersionUID = 1L;
    private final Condition<T> condition;
    private final Length<T> length;
    private final boolean completes;

    Counting(Condition<T> condition, Length<T> length, boolean completes) {
      this.condition = condition;
      this.length = length;
      this.completes = completes;
    }

    @Override
    public boolean filter(T reading, Context<T> ctx) throws Exception {
      if (!condition.meets(reading)) {
        return false;
      }
      int withThis = countOf(ctx.getEventsForPattern(RUN)) + 1;
      int needed = length.of(reading);
      return completes ? withThis >= needed : withThis < needed;
    }
  }

  /**
   * {@code patterns} matched in the order readings arrive rather than in event time. A port's
   * readings come from one upstream subtask over one channel, which keeps order, in slot order, so
   * the order is the same; but an event-time pattern drops silently any reading that arrives behind
   * its watermark, and after an idle spell of the whole corridor the first channel to turn active
   * can lead that watermark while a reading is still on its way on another: the run breaks and an
   * episode opens late (seen after a restore on 3 partitions). The runs have no time bound, so
   * event time buys them nothing; the findings keep the readings' own times.
   */
  static <T> PatternStream<T> inArrivalOrder(PatternStream<T> patterns) {
    return patterns.inProcessingTime();
  }

  /** The matched readings in order. */
  static <T> List<T> readingsOf(Map<String, List<T>> match) {
    List<T> run = new ArrayList<>(match.getOrDefault(RUN, List.of()));
    run.addAll(match.get(LAST));
    return run;
  }

  private static int countOf(Iterable<?> readings) {
    int n = 0;
    for (Object ignored : readings) {
      n++;
    }
    return n;
  }
}
