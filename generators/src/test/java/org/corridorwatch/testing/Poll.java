package org.corridorwatch.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits for a condition by asking again until it holds or a deadline passes, then fails saying what
 * was awaited and what was last seen. Every wait in the tests goes through here: the deadline
 * bounds it, and the short pause between asks only keeps it from spinning a core.
 */
public final class Poll {
  private static final long PAUSE_NANOS = Duration.ofMillis(50).toNanos();

  private Poll() {}

  /** A probe that may throw; null means "not yet". */
  @FunctionalInterface
  public interface Probe<T> {
    T get() throws Exception;
  }

  /** A condition that may throw. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /**
   * The first value {@code probe} yields that is not null.
   *
   * @param what what is awaited, and what was last seen, for the failure
   * @throws AssertionError when the deadline passes first
   */
  public static <T> T until(Supplier<String> what, Duration deadline, Probe<T> probe)
      throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + deadline + ": " + what.get());
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }

  public static <T> T until(String what, Duration deadline, Probe<T> probe) throws Exception {
    return until(() -> what, deadline, probe);
  }

  /** Returns once {@code condition} holds; fails when the deadline passes first. */
  public static void untilTrue(String what, Duration deadline, Condition condition)
      throws Exception {
    untilTrue(() -> what, deadline, condition);
  }

  public static void untilTrue(Supplier<String> what, Duration deadline, Condition condition)
      throws Exception {
    until(what, deadline, () -> condition.holds() ? Boolean.TRUE : null);
  }
}
