package org.corridorwatch.generators.sink;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RetriableException;

/**
 * How long our producers wait for a broker that stops answering while they run, and where they say
 * so. A producer configured here keeps every record it was given for up to {@link #limit()}: its
 * {@code max.block.ms} (a send waiting for metadata or buffer space) and {@code
 * delivery.timeout.ms} (a batch waiting to be acknowledged) follow the limit instead of Kafka's 60
 * s and 2 min, with idempotence, {@code acks=all}, unlimited retries and at most 5 requests in
 * flight, so a retry across the outage neither doubles nor reorders a record. Past the limit the
 * first failed record stops the program ({@link #failure}).
 *
 * @param limit how long to wait for the broker; from {@link #MINIMUM} to {@link #MAXIMUM}
 * @param servers the bootstrap servers, for the messages
 * @param program the program's name, which starts every notice ("corridor-watch replay")
 * @param notices where the waiting and resumed lines go (standard error)
 */
public record BrokerWait(Duration limit, String servers, String program, Consumer<String> notices) {

  /** The default of {@code --broker-wait}. */
  public static final Duration DEFAULT = Duration.ofMinutes(15);

  /** Below this the producer's own request timeout leaves no room to retry. */
  public static final Duration MINIMUM = Duration.ofSeconds(2);

  /** {@code delivery.timeout.ms} is an int of milliseconds: about 24.8 days. */
  public static final Duration MAXIMUM = Duration.ofDays(24);

  /** The option that sets the limit, named in every message. */
  public static final String OPTION = "--broker-wait";

  public BrokerWait {
    String problem = check(limit);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Notices to standard error, each prefixed with {@code program}. */
  public static BrokerWait toStandardError(Duration limit, String servers, String program) {
    return new BrokerWait(limit, servers, program, line -> System.err.println(line));
  }

  /** What is wrong with {@code limit} as a value of {@value #OPTION}, or null when it is fine. */
  public static String check(Duration limit) {
    if (limit == null || limit.compareTo(MINIMUM) < 0 || limit.compareTo(MAXIMUM) > 0) {
      return OPTION
          + " must be from "
          + format(MINIMUM)
          + " to "
          + format(MAXIMUM)
          + " (Kafka's delivery timeout is an int of milliseconds), such as 15m; was "
          + (limit == null ? "nothing" : format(limit));
    }
    return null;
  }

  /**
   * Sets what waiting for the broker and keeping every record exactly once rest on. Call it after
   * the user's properties are in, so these win; a user's smaller {@code
   * max.in.flight.requests.per.connection} is kept.
   */
  public void configure(Properties producer) {
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    int inFlight = 5; // idempotence keeps order with up to 5 requests in flight per connection
    Object given = producer.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    if (given != null) {
      try {
        inFlight = Math.max(1, Math.min(5, Integer.parseInt(given.toString().strip())));
      } catch (NumberFormatException e) {
        // not a number: ours stands
      }
    }
    producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, inFlight);
    long limitMs = limit.toMillis();
    // a request that gets no answer is retried, so one must time out well inside the limit
    long requestTimeout =
        Math.max(1_000, Math.min(30_000, limitMs / 2)); // Kafka's default, or half the limit
    producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout);
    long linger = longOf(producer.get(ProducerConfig.LINGER_MS_CONFIG), 5);
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
    long delivery = Math.max(limitMs, linger + requestTimeout);
    producer.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, limitMs);
  }

  /** True when {@code error} is the producer giving up after waiting for the broker. */
  public static boolean gaveUp(Throwable error) {
    // retries are unlimited, so a retriable error reaches the caller only once the wait is over:
    // a TimeoutException (metadata, buffer space, batch expiry), or the last retry's own error
    return error instanceof RetriableException;
  }

  /**
   * One line for a record Kafka did not take: what happened and what to fix. {@code consequence}
   * (may be empty) says what the program did not do because of it.
   */
  public String failure(Throwable error, String consequence) {
    String detail = error.getMessage() == null ? error.toString() : error.getMessage().strip();
    String line;
    if (gaveUp(error)) {
      line =
          "gave up on Kafka at "
              + servers
              + " after waiting "
              + format(limit)
              + " ("
              + OPTION
              + "): "
              + detail
              + ". Bring the broker back (or raise "
              + OPTION
              + ") and run again";
    } else {
      line = "Kafka at " + servers + " rejected a record: " + detail;
    }
    return (consequence == null || consequence.isEmpty() ? line : line + "; " + consequence)
        .replace('\n', ' ');
  }

  /** {@code 15m}, {@code 20s}, {@code 1500ms}: as an option would be written. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0 && ms > 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }

  private static long longOf(Object value, long otherwise) {
    if (value == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
