package org.corridorwatch.console.alertmanager;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.corridorwatch.console.AlertRepeats;
import org.corridorwatch.model.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the transitions of {@code corridor.alerts.v1} to a Prometheus Alertmanager through its API
 * v2, so the alerts reach people through the routes, groups and silences operators already keep
 * there. RAISED and ESCALATED fire an alert; CLEARED resolves it.
 *
 * <p>The topic reader must never wait for Alertmanager, and no transition may be lost while it is
 * slow or down. So {@link #accept} applies each transition at once to the bridge's view of the
 * episodes (under a lock held only for that), and one sender thread posts what changed. The view
 * keeps each episode's latest state, not a list of transitions, so however long Alertmanager hangs,
 * a CLEARED is never lost behind later transitions; it holds the open episodes and the cleared ones
 * not yet confirmed, a few per port and day. While Alertmanager is unreachable the sender retries
 * with exponential backoff until {@link AlertmanagerSettings#retryDeadline()}, then once per
 * re-send interval; it logs one WARN when an outage begins and one INFO when it ends. Every open
 * alert is posted again each {@link AlertmanagerSettings#resendInterval()}, because Alertmanager
 * resolves a firing alert on its own once its {@code endsAt} passes. A POST carries at most {@link
 * AlertmanagerView#MAX_ALERTS_PER_POST} alerts; what is left is posted straight after.
 *
 * <p>Delivery is at least once: a POST whose answer is lost is sent again, which Alertmanager
 * absorbs, since the same label set is the same alert there.
 */
public final class AlertmanagerBridge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerBridge.class);

  private final AlertmanagerSettings settings;
  private final URI endpoint;
  private final Clock clock;
  private final HttpClient http;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AlertmanagerView episodes = new AlertmanagerView(); // guarded by lock
  private boolean unseenChange; // guarded by lock; a transition changed the view since last looked
  private boolean closed; // guarded by lock

  private final Thread sender;

  private final AtomicLong sentAlerts = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private final AtomicLong droppedTransitions = new AtomicLong();
  private final AtomicLong ignoredRepeats = new AtomicLong();
  private volatile boolean reachable = true;
  private String lastFailure = ""; // sender thread only; what the outage WARN reports

  private AlertmanagerBridge(AlertmanagerSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.endpoint = settings.alertsEndpoint();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = settings.newHttpClient();
    this.sender = new Thread(this::run, "alertmanager-bridge");
    sender.setDaemon(true);
  }

  /** Starts the sender thread; {@link #close()} stops it. */
  public static AlertmanagerBridge start(AlertmanagerSettings settings) {
    return start(settings, Clock.systemUTC());
  }

  static AlertmanagerBridge start(AlertmanagerSettings settings, Clock clock) {
    AlertmanagerBridge bridge = new AlertmanagerBridge(settings, clock);
    bridge.sender.start();
    LOG.info(
        "Alertmanager bridge posting to {} (every open alert again each {} s)",
        bridge.endpoint,
        settings.resendInterval().toSeconds());
    return bridge;
  }

  /**
   * Hands one transition to Alertmanager and returns at once: it is applied to the episodes now and
   * posted by the sender thread. After {@link #close()} the transition is counted as dropped: the
   * topic reader may still be shutting down.
   */
  public void accept(Alert transition) {
    Objects.requireNonNull(transition, "transition");
    lock.lock();
    try {
      if (closed) {
        droppedTransitions.incrementAndGet();
        return;
      }
      if (episodes.apply(transition) != AlertRepeats.Verdict.NEW) {
        ignoredRepeats.incrementAndGet();
        return;
      }
      unseenChange = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Alerts Alertmanager accepted, re-sends included. */
  public long sentAlerts() {
    return sentAlerts.get();
  }

  /** POSTs that failed: unreachable, timed out, or refused with an error status. */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /** Transitions that came after {@link #close()}. */
  public long droppedTransitions() {
    return droppedTransitions.get();
  }

  /** Transitions not posted because they repeated an earlier one or came after their CLEARED. */
  public long ignoredRepeats() {
    return ignoredRepeats.get();
  }

  /**
   * Episodes that fire in Alertmanager as far as the bridge knows; counted when asked (a scrape),
   * not at every transition, which would cost the topic reader a walk over every episode.
   */
  public int openAlerts() {
    lock.lock();
    try {
      return episodes.openCount();
    } finally {
      lock.unlock();
    }
  }

  /** False from the first failed POST of an outage until a POST succeeds again. */
  public boolean alertmanagerReachable() {
    return reachable;
  }

  /** Stops the sender thread. Open alerts stay in Alertmanager until their {@code endsAt}. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    // a POST in flight is abandoned rather than waited for: HttpClient.send is interruptible
    sender.interrupt();
    try {
      sender.join(settings.requestTimeout().toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sender.isAlive()) {
      LOG.warn("Alertmanager bridge sender did not stop in time");
    }
  }

  /** For tests: whether the sender thread still runs. */
  boolean senderAlive() {
    return sender.isAlive();
  }

  private enum Result {
    DELIVERED,
    REJECTED,
    UNREACHABLE
  }

  private void run() {
    long resendNanos = settings.resendInterval().toNanos();
    long nextResend = System.nanoTime() + resendNanos;
    long nextAttempt = System.nanoTime();
    long backoff = settings.initialBackoff().toNanos();
    long outageStart = 0;
    long outageFailures = 0;
    try {
      while (true) {
        AlertmanagerView.Batch batch;
        long now;
        lock.lock();
        try {
          long wakeAt = episodes.hasPending() ? Math.min(nextAttempt, nextResend) : nextResend;
          while (!closed && !unseenChange) {
            long left = wakeAt - System.nanoTime();
            if (left <= 0) {
              break;
            }
            changed.awaitNanos(left);
          }
          if (closed) {
            return;
          }
          unseenChange = false;
          now = System.nanoTime();
          if (now - nextResend >= 0) {
            episodes.markAllPending();
            nextResend = now + resendNanos;
          }
          if (!episodes.hasPending() || now - nextAttempt < 0) {
            continue;
          }
          batch =
              episodes.pending(
                  clock.instant(),
                  settings.firingLease(),
                  settings.generatorUrl(),
                  AlertmanagerView.MAX_ALERTS_PER_POST);
        } finally {
          lock.unlock();
        }
        // the POST runs without the lock, so the topic reader goes on applying transitions
        Result result = batch.isEmpty() ? Result.DELIVERED : post(batch);
        if (result == Result.UNREACHABLE) {
          failedAttempts.incrementAndGet();
          if (reachable) {
            reachable = false;
            outageStart = now;
            outageFailures = 0;
            LOG.warn(
                "Alertmanager at {} is unreachable ({}); {} open alert(s) wait, retrying for up"
                    + " to {} s with backoff, then every {} s",
                endpoint,
                lastFailure,
                openAlerts(),
                settings.retryDeadline().toSeconds(),
                settings.resendInterval().toSeconds());
          }
          outageFailures++;
          if (now - outageStart < settings.retryDeadline().toNanos()) {
            nextAttempt = now + backoff;
            backoff = Math.min(backoff * 2, settings.maxBackoff().toNanos());
          } else {
            // past the deadline, hammering a dead Alertmanager helps nobody: fall back to the
            // re-send cadence, which also re-posts everything that is still pending
            nextAttempt = nextResend;
          }
          continue;
        }
        if (result == Result.REJECTED) {
          // Alertmanager judged the alerts invalid; the same body would be refused again, so it is
          // not retried. The open alerts are still re-sent on schedule.
          failedAttempts.incrementAndGet();
        } else {
          sentAlerts.addAndGet(batch.alerts().size());
        }
        lock.lock();
        try {
          episodes.delivered(batch);
        } finally {
          lock.unlock();
        }
        nextAttempt = now;
        backoff = settings.initialBackoff().toNanos();
        if (!reachable) {
          reachable = true;
          LOG.info(
              "Alertmanager at {} is reachable again after {} s and {} failed attempt(s)",
              endpoint,
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageStart),
              outageFailures);
        }
      }
    } catch (InterruptedException e) {
      // close() interrupts; the thread ends here
    } catch (RuntimeException e) {
      LOG.error(
          "Alertmanager bridge sender stopped by a bug; alerts no longer reach {}", endpoint, e);
    }
  }

  private Result post(AlertmanagerView.Batch batch) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    PostableAlert.toJson(batch.alerts()), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      lastFailure =
          e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      return Result.UNREACHABLE;
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return Result.DELIVERED;
    }
    lastFailure = "HTTP " + status + " " + abbreviate(response.body());
    // 408 and 429 say "later"; 5xx is Alertmanager or a proxy in trouble: all worth retrying
    if (status == 408 || status == 429 || status >= 500) {
      return Result.UNREACHABLE;
    }
    LOG.error(
        "Alertmanager at {} refused {} alert(s): {}", endpoint, batch.alerts().size(), lastFailure);
    return Result.REJECTED;
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
  }
}
