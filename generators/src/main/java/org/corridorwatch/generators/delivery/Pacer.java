package org.corridorwatch.generators.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds each record back until its time to go: as fast as possible, at a fixed rate, at a multiple
 * of event time, or at wall-clock time for a live feed.
 */
public abstract class Pacer {
  /** Blocks until a record with this event time may be sent. */
  public abstract void await(long eventTime);

  /** No pacing at all. */
  public static Pacer unlimited() {
    return new Pacer() {
      @Override
      public void await(long eventTime) {}
    };
  }

  /** At most {@code eventsPerSecond} records a second, evenly spaced. */
  public static Pacer rate(double eventsPerSecond) {
    if (!(eventsPerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    long intervalNanos = Math.max(1, (long) (1e9 / eventsPerSecond));
    return new Pacer() {
      private long next = System.nanoTime();

      @Override
      public void await(long eventTime) {
        parkUntilNanos(next);
        // no catching up after a stall: keep the rate, not an average
        next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
      }
    };
  }

  /** Event time runs {@code factor} times faster than the wall clock, from the first record. */
  public static Pacer speedUp(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("speed-up must be positive");
    }
    return new Pacer() {
      private long firstEventTime = Long.MIN_VALUE;
      private long startNanos;

      @Override
      public void await(long eventTime) {
        if (firstEventTime == Long.MIN_VALUE) {
          firstEventTime = eventTime;
          startNanos = System.nanoTime();
          return;
        }
        double elapsedEventMillis = Math.max(0, eventTime - firstEventTime);
        parkUntilNanos(startNanos + (long) (elapsedEventMillis * 1e6 / factor));
      }
    };
  }

  /** Each record goes when the wall clock reaches its event time. */
  public static Pacer wallClock() {
    return new Pacer() {
      @Override
      public void await(long eventTime) {
        long wait = eventTime - System.currentTimeMillis();
        if (wait > 0) {
          parkNanosInterruptibly(TimeUnit.MILLISECONDS.toNanos(wait));
        }
      }
    };
  }

  private static void parkUntilNanos(long deadline) {
    long wait = deadline - System.nanoTime();
    // below a millisecond, parking costs more than it saves
    if (wait > 1_000_000) {
      parkNanosInterruptibly(wait);
    }
  }

  private static void parkNanosInterruptibly(long nanos) {
    long deadline = System.nanoTime() + nanos;
    long left = nanos;
    while (left > 0 && !Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(left);
      left = deadline - System.nanoTime();
    }
  }
}
