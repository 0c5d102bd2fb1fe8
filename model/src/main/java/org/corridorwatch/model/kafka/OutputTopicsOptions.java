package org.corridorwatch.model.kafka;

import java.util.List;
import org.corridorwatch.model.Topics;

/** The options that name the five output topics, alike in every command: a picocli mixin. */
public final class OutputTopicsOptions extends TopicOptions<OutputTopics> {
  public OutputTopicsOptions() {
    super(
        List.of(
            new Row("--topic-utilisation", "port utilisation readings", Topics.PORT_UTILISATION),
            new Row("--topic-balance", "trade balances", Topics.TRADE_BALANCE),
            new Row("--topic-alerts", "alerts", Topics.ALERTS),
            new Row("--topic-port-waits", "customs waits per port", Topics.PORT_WAITS),
            new Row("--topic-dead-letters", "dead letters", Topics.DEAD_LETTER)),
        named ->
            new OutputTopics(named.get(0), named.get(1), named.get(2), named.get(3), named.get(4)));
  }
}
