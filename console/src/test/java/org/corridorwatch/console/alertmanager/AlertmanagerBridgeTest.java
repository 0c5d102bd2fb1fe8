package org.corridorwatch.console.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.corridorwatch.console.alertmanager.PostableAlertTest.STARTED;
import static org.corridorwatch.console.alertmanager.PostableAlertTest.transition;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.corridorwatch.console.alertmanager.FakeAlertmanager.Received;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Unit test of the bridge's sender against {@link FakeAlertmanager}, a JDK HTTP server on loopback:
 * what it posts, when it re-sends, how it retries and stops, and that it loses nothing meanwhile.
 */
class AlertmanagerBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ID = "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T08:15:00Z";

  private FakeAlertmanager receiver;
  private final List<AlertmanagerBridge> bridges = new ArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = new FakeAlertmanager();
  }

  @AfterEach
  void stopAll() {
    bridges.forEach(AlertmanagerBridge::close);
    receiver.close();
  }

  /** Quick retries and a long re-send interval unless a test says otherwise. */
  private AlertmanagerSettings settings(URI url) {
    return AlertmanagerSettings.defaults()
        .withUrl(url)
        .withRetries(Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(400), WAIT);
  }

  private AlertmanagerBridge start(AlertmanagerSettings s) {
    AlertmanagerBridge bridge = AlertmanagerBridge.start(s);
    bridges.add(bridge);
    return bridge;
  }

  private static Alert raised(String id) {
    return transition(id, AlertStatus.RAISED, AlertSeverity.WARNING, STARTED);
  }

  private static Alert cleared(String id) {
    return transition(id, AlertStatus.CLEARED, AlertSeverity.WARNING, STARTED);
  }

  private Received next() throws InterruptedException {
    Received r = receiver.next(WAIT);
    assertThat(r).as("a POST within " + WAIT).isNotNull();
    return r;
  }

  private static List<String> statuses(Received r) {
    List<String> s = new ArrayList<>();
    r.body().forEach(a -> s.add(a.at("/annotations/status").asText()));
    return s;
  }

  @Test
  void postsARaisedAlertAsAJsonArrayToTheApiV2Endpoint() throws Exception {
    AlertmanagerBridge bridge = start(settings(receiver.url()));
    Instant before = Instant.now();

    bridge.accept(raised(ID));

    Received r = next();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v2/alerts");
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body().isArray()).isTrue();
    assertThat(r.body()).hasSize(1);
    JsonNode a = r.body().get(0);
    assertThat(a.at("/labels/alertname").asText()).isEqualTo("SUSTAINED_OVERLOAD");
    assertThat(a.at("/labels/severity").asText()).isEqualTo("warning");
    assertThat(a.at("/annotations/alertId").asText()).isEqualTo(ID);
    // firing: endsAt one lease (3 re-send intervals) ahead
    assertThat(Instant.parse(a.get("endsAt").asText()))
        .isAfter(before.plus(Duration.ofSeconds(170)));
    Poll.untilTrue("sentAlerts is 1", WAIT, () -> bridge.sentAlerts() == 1);
    assertThat(bridge.openAlerts()).isEqualTo(1);
    assertThat(bridge.failedAttempts()).isZero();
  }

  @Test
  void resendsEveryOpenAlertPeriodicallyAndStopsOnceItIsCleared() throws Exception {
    AlertmanagerBridge bridge =
        start(settings(receiver.url()).withResendInterval(Duration.ofMillis(200)));
    bridge.accept(raised(ID));

    Instant lastEndsAt = Instant.MIN;
    for (int i = 0; i < 3; i++) {
      Received r = next();
      assertThat(statuses(r)).containsExactly("RAISED");
      Instant endsAt = Instant.parse(r.body().get(0).get("endsAt").asText());
      assertThat(endsAt).as("each re-send pushes endsAt on").isAfter(lastEndsAt);
      lastEndsAt = endsAt;
    }

    bridge.accept(cleared(ID));
    Received resolution =
        Poll.until(
            "a POST resolving the alert",
            WAIT,
            () -> {
              Received r = poll();
              return r != null && statuses(r).contains("CLEARED") ? r : null;
            });
    assertThat(resolution.body())
        .allSatisfy(
            a ->
                assertThat(Instant.parse(a.get("endsAt").asText()))
                    .isBeforeOrEqualTo(Instant.now()));
    assertThat(bridge.openAlerts()).isZero();
    // more than a lease of re-send intervals: nothing left to re-send
    assertThat(receiver.next(Duration.ofMillis(800))).isNull();
  }

  private Received poll() {
    try {
      return receiver.next(Duration.ofMillis(50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void aRepeatedTransitionIsNotPostedAgain() throws Exception {
    AlertmanagerBridge bridge = start(settings(receiver.url()));

    bridge.accept(raised(ID));
    bridge.accept(raised(ID));
    bridge.accept(cleared(ID));
    bridge.accept(raised(ID)); // after its CLEARED: stale

    List<String> posted = new ArrayList<>();
    Poll.untilTrue(
        "the CLEARED posted",
        WAIT,
        () -> {
          Received r = poll();
          if (r != null) {
            posted.addAll(statuses(r));
          }
          return posted.contains("CLEARED");
        });
    assertThat(posted.stream().filter("RAISED"::equals)).hasSizeLessThanOrEqualTo(1);
    assertThat(bridge.ignoredRepeats()).isEqualTo(2);
    assertThat(receiver.next(Duration.ofMillis(300))).isNull();
  }

  @Test
  void retriesWithGrowingBackoffWhileAlertmanagerFailsThenDelivers() throws Exception {
    receiver.answer(503);
    AlertmanagerBridge bridge = start(settings(receiver.url()));

    bridge.accept(raised(ID));

    List<Long> at = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      at.add(next().nanos());
    }
    // waits of 50, 100, 200 and 400 ms; the first also holds the HTTP client's cold start, so the
    // second and the fourth are compared: about four times apart
    long second = at.get(2) - at.get(1);
    long fourth = at.get(4) - at.get(3);
    assertThat(Duration.ofNanos(second)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
    assertThat(fourth).isGreaterThan(2 * second);
    assertThat(bridge.alertmanagerReachable()).isFalse();
    assertThat(bridge.sentAlerts()).isZero();

    receiver.answer(200);
    Poll.untilTrue("delivered after recovery", WAIT, () -> bridge.sentAlerts() == 1);
    assertThat(bridge.alertmanagerReachable()).isTrue();
    // the receiver notes a request before it reads the status to answer with, so the fifth may
    // have been answered after the switch to 200: four surely failed
    assertThat(bridge.failedAttempts()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void anUnreachableAlertmanagerIsCountedAndNeverBlocksTheCaller() throws Exception {
    URI closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    AlertmanagerBridge bridge = start(settings(closedPort));

    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      bridge.accept(raised("id-" + i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));

    Poll.untilTrue("three failed attempts", WAIT, () -> bridge.failedAttempts() >= 3);
    assertThat(bridge.alertmanagerReachable()).isFalse();
    assertThat(bridge.sentAlerts()).isZero();
    assertThat(bridge.openAlerts()).isEqualTo(100);
  }

  @Test
  void aBatchAlertmanagerRefusesIsNotRetried() throws Exception {
    receiver.answer(400);
    AlertmanagerBridge bridge = start(settings(receiver.url()));

    bridge.accept(raised(ID));

    next();
    // with 50 ms backoff a retry would have come many times over
    assertThat(receiver.next(Duration.ofMillis(500))).isNull();
    assertThat(bridge.failedAttempts()).isEqualTo(1);
    assertThat(bridge.sentAlerts()).isZero();
  }

  @Test
  void aHungAlertmanagerLosesNoTransitionHoweverManyArriveMeanwhile() throws Exception {
    receiver.hold();
    AlertmanagerBridge bridge = start(settings(receiver.url()));
    bridge.accept(raised("A"));
    assertThat(receiver.awaitFirstRequest(WAIT)).isTrue();

    // the sender is stuck posting A's RAISED while the console reads a long alerts topic: A clears,
    // then far more transitions follow than any fixed queue would hold
    long t0 = System.nanoTime();
    bridge.accept(cleared("A"));
    int others = 5_000;
    for (int i = 0; i < others; i++) {
      bridge.accept(raised("other-" + i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

    receiver.release();
    Set<String> firing = new HashSet<>();
    Set<String> resolved = new HashSet<>();
    Poll.untilTrue(
        "A resolved and every other alert posted",
        WAIT,
        () -> {
          Received r = poll();
          if (r != null) {
            r.body()
                .forEach(
                    a ->
                        ("CLEARED".equals(a.at("/annotations/status").asText()) ? resolved : firing)
                            .add(a.at("/annotations/alertId").asText()));
          }
          return resolved.contains("A") && firing.size() == others + 1;
        });
    assertThat(bridge.droppedTransitions()).isZero();
    assertThat(bridge.openAlerts()).isEqualTo(others);
  }

  @Test
  void manyDueAlertsArePostedInBoundedRequestsAndAllArrive() throws Exception {
    receiver.hold();
    AlertmanagerBridge bridge = start(settings(receiver.url()));
    bridge.accept(raised("first"));
    assertThat(receiver.awaitFirstRequest(WAIT)).isTrue();
    // as after a console start: many episodes due at once, cleared ones and open ones
    int episodes = 600;
    for (int i = 0; i < episodes; i++) {
      bridge.accept(raised("episode-" + i));
      if (i % 2 == 0) {
        bridge.accept(cleared("episode-" + i));
      }
    }
    receiver.release();

    Set<String> firing = new HashSet<>();
    Set<String> resolved = new HashSet<>();
    int[] largest = {0};
    Poll.untilTrue(
        "every episode posted",
        WAIT,
        () -> {
          Received r = poll();
          if (r != null) {
            largest[0] = Math.max(largest[0], r.body().size());
            r.body()
                .forEach(
                    a ->
                        ("CLEARED".equals(a.at("/annotations/status").asText()) ? resolved : firing)
                            .add(a.at("/annotations/alertId").asText()));
          }
          return resolved.size() == episodes / 2 && firing.size() == episodes / 2 + 1;
        });
    assertThat(largest[0]).isLessThanOrEqualTo(AlertmanagerView.MAX_ALERTS_PER_POST);
  }

  @Test
  void closeStopsTheSenderEvenDuringAHungPost() throws Exception {
    receiver.hold();
    AlertmanagerBridge bridge = start(settings(receiver.url()));
    bridge.accept(raised(ID));
    assertThat(receiver.awaitFirstRequest(WAIT)).isTrue();

    long t0 = System.nanoTime();
    bridge.close();

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    assertThat(bridge.senderAlive()).isFalse();
    bridge.accept(cleared(ID));
    assertThat(bridge.droppedTransitions()).isEqualTo(1);
  }
}
