package org.corridorwatch.generators.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The broker wait's producer settings, its messages, and when the waiting notices are given. */
class BrokerWaitTest {
  private final List<String> notices = new ArrayList<>();
  private final BrokerWait wait =
      new BrokerWait(
          Duration.ofMinutes(15), "127.0.0.1:9092", "corridor-watch replay", notices::add);

  @Test
  void producerTimeoutsFollowTheWaitAndKeepIdempotenceAndOrder() {
    Properties p = new Properties();
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // a properties file cannot undo it
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "20");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    wait.configure(p);
    assertThat(p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo(true);
    assertThat(p.get(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
    assertThat(p.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isEqualTo(5);
    assertThat(p.get(ProducerConfig.RETRIES_CONFIG)).isEqualTo(Integer.MAX_VALUE);
    assertThat(p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(900_000);
    assertThat(p.get(ProducerConfig.MAX_BLOCK_MS_CONFIG)).isEqualTo(900_000L);
    assertThat(p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(30_000);

    Properties small = new Properties();
    small.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    new BrokerWait(Duration.ofSeconds(2), "x", "p", s -> {}).configure(small);
    assertThat(small.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isEqualTo(1);
    assertThat(small.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(1_000);
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
    assertThat((Integer) small.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).isEqualTo(2_000);
  }

  @Test
  void boundsAreCheckedWithOneLineNamingTheOption() {
    assertThat(BrokerWait.check(Duration.ofSeconds(2))).isNull();
    assertThat(BrokerWait.check(Duration.ofDays(24))).isNull();
    assertThat(BrokerWait.check(Duration.ofSeconds(1)))
        .startsWith("--broker-wait must be from 2s to 24d")
        .endsWith("was 1s");
    assertThat(BrokerWait.check(Duration.ofDays(25))).contains("--broker-wait must be from");
  }

  @Test
  void aFailureAfterTheWaitSaysWhatToFixInOneLine() {
    assertThat(wait.failure(new TimeoutException("Expiring 3 record(s)\nfor t-0"), "no answers"))
        .isEqualTo(
            "gave up on Kafka at 127.0.0.1:9092 after waiting 15m (--broker-wait): Expiring 3"
                + " record(s) for t-0. Bring the broker back (or raise --broker-wait) and run"
                + " again; no answers");
    // with unlimited retries, a retriable error reaches us only when the wait is over
    assertThat(wait.failure(new NetworkException("disconnected"), "")).startsWith("gave up on");
    assertThat(wait.failure(new RecordTooLargeException("too big"), ""))
        .isEqualTo("Kafka at 127.0.0.1:9092 rejected a record: too big");
  }

  @Test
  void saysOnceWhenItStartsWaitingThenEveryTenSecondsThenThatItResumed() {
    AtomicLong now = new AtomicLong(0);
    AtomicInteger connections = new AtomicInteger(1);
    OutageReporter reporter = new OutageReporter(wait, now::get, connections::get);

    reporter.sending();
    reporter.acknowledged();
    reporter.sending(); // then the broker goes away
    connections.set(0);
    for (int s = 1; s <= 4; s++) {
      now.set(seconds(s));
      reporter.check();
    }
    assertThat(notices).isEmpty(); // 4 s without an answer is not yet an outage
    for (int s = 5; s <= 40; s++) {
      now.set(seconds(s));
      reporter.sending();
      reporter.check();
    }
    assertThat(notices)
        .containsExactly(
            "corridor-watch replay: waiting for Kafka at 127.0.0.1:9092: broker unreachable for"
                + " 5 s, 2 records waiting (gives up after 15m; --broker-wait)",
            "corridor-watch replay: waiting for Kafka at 127.0.0.1:9092: broker unreachable for"
                + " 15 s, 12 records waiting (gives up after 15m; --broker-wait)",
            "corridor-watch replay: waiting for Kafka at 127.0.0.1:9092: broker unreachable for"
                + " 25 s, 22 records waiting (gives up after 15m; --broker-wait)",
            "corridor-watch replay: waiting for Kafka at 127.0.0.1:9092: broker unreachable for"
                + " 35 s, 32 records waiting (gives up after 15m; --broker-wait)");

    notices.clear();
    now.set(seconds(42));
    connections.set(1);
    reporter.acknowledged();
    reporter.check();
    now.set(seconds(43));
    reporter.check();
    assertThat(notices)
        .containsExactly(
            "corridor-watch replay: Kafka at 127.0.0.1:9092 answers again after 42 s: sending"
                + " resumed");
  }

  @Test
  void recordsThatFailedAreNotCalledAResume() {
    AtomicLong now = new AtomicLong(0);
    OutageReporter reporter = new OutageReporter(wait, now::get, () -> -1);
    reporter.sending();
    now.set(seconds(6));
    reporter.check();
    assertThat(notices).singleElement().asString().contains("no acknowledgement for 6 s");
    reporter.abandoned();
    now.set(seconds(7));
    reporter.check();
    assertThat(notices).hasSize(1);
  }

  private static long seconds(long s) {
    return Duration.ofSeconds(s).toNanos();
  }
}
