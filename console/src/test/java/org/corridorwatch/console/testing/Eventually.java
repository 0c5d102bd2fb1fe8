package org.corridorwatch.console.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, then fails with what was last seen. The
 * deadline bounds every wait in the console's tests; the short pause between polls only keeps them
 * from spinning a core.
 */
public final class Eventually {
  private static final long PAUSE_NANOS = Duration.ofMillis(20).toNanos();

  private Eventually() {}

  /**
   * Returns the first value {@code probe} yields that is not null.
   *
   * @throws AssertionError naming {@code what} when the deadline passes first
   */
  public static <T> T await(String what, Duration deadline, Supplier<T> probe) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
  }

  public static void until(
      String what, Duration deadline, java.util.function.BooleanSupplier condition) {
    await(what, deadline, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }
}
