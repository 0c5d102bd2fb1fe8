package org.corridorwatch.generators.sink;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Tells the person at the terminal that a producer is waiting for Kafka: once when records have
 * waited {@link #FIRST_NOTICE} without an acknowledgement, then every {@link #EVERY}, and once more
 * when the broker answers again. It only watches: the producer itself keeps the records and retries
 * them ({@link BrokerWait}).
 *
 * <p>A record counts from {@link #sending()} until its acknowledgement or failure. The stall is
 * timed from the last progress: the last acknowledgement, or the first record sent after everything
 * was acknowledged. {@link #check()} is called from a timer thread; the producer's threads call the
 * rest.
 */
final class OutageReporter {
  /** A healthy broker acknowledges within milliseconds; 5 s without one is an outage. */
  static final Duration FIRST_NOTICE = Duration.ofSeconds(5);

  /** How often a continuing wait is reported. */
  static final Duration EVERY = Duration.ofSeconds(10);

  private final BrokerWait wait;
  private final LongSupplier nanoTime;
  private final IntSupplier connections; // open connections to the cluster; -1: not known
  private final AtomicLong outstanding = new AtomicLong();
  private final AtomicLong lastProgress;
  private final AtomicLong lastAcknowledged = new AtomicLong(Long.MIN_VALUE);
  private long stallReportedAt = Long.MIN_VALUE; // only check() touches these two
  private long stallStartedAt;

  OutageReporter(BrokerWait wait, LongSupplier nanoTime, IntSupplier connections) {
    this.wait = wait;
    this.nanoTime = nanoTime;
    this.connections = connections;
    this.lastProgress = new AtomicLong(nanoTime.getAsLong());
  }

  /** A record is about to be handed to the producer. */
  void sending() {
    if (outstanding.getAndIncrement() == 0) {
      lastProgress.set(nanoTime.getAsLong()); // nothing was waiting: the clock starts now
    }
  }

  /** The broker acknowledged a record. */
  void acknowledged() {
    long now = nanoTime.getAsLong();
    lastAcknowledged.set(now);
    lastProgress.set(now);
    outstanding.decrementAndGet();
  }

  /** A record failed, or never reached the producer. */
  void abandoned() {
    outstanding.decrementAndGet();
  }

  long outstanding() {
    return outstanding.get();
  }

  /** Says what changed since the last check, if anything. */
  synchronized void check() {
    long now = nanoTime.getAsLong();
    long since = lastProgress.get();
    long waiting = outstanding.get();
    boolean stalled = waiting > 0 && now - since >= FIRST_NOTICE.toNanos();
    if (stallReportedAt != Long.MIN_VALUE) {
      long acknowledgedAt = lastAcknowledged.get();
      if (acknowledgedAt != Long.MIN_VALUE && acknowledgedAt > stallStartedAt) {
        // an acknowledgement after the last notice: the broker is back
        wait.notices()
            .accept(
                String.format(
                    "%s: Kafka at %s answers again after %d s: sending resumed",
                    wait.program(), wait.servers(), seconds(acknowledgedAt - stallStartedAt)));
        stallReportedAt = Long.MIN_VALUE;
      } else if (waiting == 0) {
        stallReportedAt = Long.MIN_VALUE; // every waiting record failed: the producer says why
      } else if (now - stallReportedAt >= EVERY.toNanos()) {
        report(now, since, waiting);
      }
      return;
    }
    if (stalled) {
      stallStartedAt = since;
      report(now, since, waiting);
    }
  }

  private void report(long now, long since, long waiting) {
    int open = connections.getAsInt();
    String state = open == 0 ? "broker unreachable" : "no acknowledgement";
    wait.notices()
        .accept(
            String.format(
                "%s: waiting for Kafka at %s: %s for %d s, %,d records waiting (gives up after %s;"
                    + " %s)",
                wait.program(),
                wait.servers(),
                state,
                seconds(now - since),
                waiting,
                BrokerWait.format(wait.limit()),
                BrokerWait.OPTION));
    stallReportedAt = now;
  }

  private static long seconds(long nanos) {
    return Math.max(0, Math.round(nanos / 1e9));
  }
}
