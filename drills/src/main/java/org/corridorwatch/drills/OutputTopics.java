package org.corridorwatch.drills;

import java.util.List;
import org.corridorwatch.model.Topics;

/**
 * The job's five output topics, by the contract's names unless an operator renamed them.
 *
 * @param utilisation port utilisation readings
 * @param balance trade balance records
 * @param alerts alert transitions
 * @param deadLetters dead letters
 * @param portWaits customs waits per port
 */
public record OutputTopics(
    String utilisation, String balance, String alerts, String deadLetters, String portWaits) {
  public static OutputTopics contract() {
    return new OutputTopics(
        Topics.PORT_UTILISATION,
        Topics.TRADE_BALANCE,
        Topics.ALERTS,
        Topics.DEAD_LETTER,
        Topics.PORT_WAITS);
  }

  public List<String> all() {
    return List.of(utilisation, balance, alerts, deadLetters, portWaits);
  }
}
