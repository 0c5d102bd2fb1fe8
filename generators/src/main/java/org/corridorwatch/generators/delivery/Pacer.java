package org.corridorwatch.generators.delivery;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

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

  /**
   * {@code eventsPerSecond} records a second on average, evenly spaced. After a stall (a slow send,
   * a GC pause, a busy machine) it sends the records that fell behind at once, so the rate asked is
   * the rate achieved; a stall longer than a second is forgotten rather than made up in one burst.
   */
  public static Pacer rate(double eventsPerSecond) {
    return new Rate(eventsPerSecond, System::nanoTime, Pacer::parkUntilNanos);
  }

  /** The fixed-rate pacer, with its clock and its wait given, so tests can drive time. */
  static final class Rate extends Pacer {
    /** How far behind schedule the pacer may fall and still catch up. */
    static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final LongSupplier clock;
    private final LongConsumer waitUntil;
    private long next = Long.MIN_VALUE;

    Rate(double eventsPerSecond, LongSupplier clock, LongConsumer waitUntil) {
      if (!(eventsPerSecond > 0)) {
        throw new IllegalArgumentException("rate must be positive");
      }
      this.intervalNanos = Math.max(1, (long) (1e9 / eventsPerSecond));
      this.clock = clock;
      this.waitUntil = waitUntil;
    }

    @Override
    public void await(long eventTime) {
      long now = clock.getAsLong();
      if (next == Long.MIN_VALUE) {
        next = now;
      }
      waitUntil.accept(next);
      // the schedule, not the moment this record went, sets the next one: that is what catches up
      next = Math.max(next, now - MAX_CATCH_UP_NANOS) + intervalNanos;
    }
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
