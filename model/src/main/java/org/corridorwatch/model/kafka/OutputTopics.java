package org.corridorwatch.model.kafka;

import java.util.List;
import org.corridorwatch.model.Topics;

/**
 * The five output topics of the job, by the contract's names unless an operator renamed them.
 *
 * <p>The five must differ: readers tell an output by its topic.
 *
 * @param utilisation port utilisation readings
 * @param balance trade balance records
 * @param alerts alert transitions
 * @param portWaits customs waits per port
 * @param deadLetters dead letters
 */
public record OutputTopics(
    String utilisation, String balance, String alerts, String portWaits, String deadLetters) {
  public OutputTopics {
    TopicNaming.requireDistinct(
        "output", List.of(utilisation, balance, alerts, portWaits, deadLetters));
  }

  /** The contract's names. */
  public static OutputTopics contract() {
    return new OutputTopics(
        Topics.PORT_UTILISATION,
        Topics.TRADE_BALANCE,
        Topics.ALERTS,
        Topics.PORT_WAITS,
        Topics.DEAD_LETTER);
  }

  /**
   * The topics whose records must be kept for ever: a key's newest record there is its current
   * state, which a reader rebuilds by reading from the beginning. A quiet line's balance is written
   * once and stands for months, and so does an alert episode that stays open (a port over its
   * capacity for good, as Pingxiang is): time-based retention would delete the state that still
   * holds. Both are small, a record per key and hour at most.
   */
  public List<String> keptForEver() {
    return List.of(balance, alerts);
  }

  /** All five: utilisation, balance, alerts, port waits, dead letters. */
  public List<String> all() {
    return List.of(utilisation, balance, alerts, portWaits, deadLetters);
  }
}
