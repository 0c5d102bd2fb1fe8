package org.corridorwatch.console;

import java.util.List;

/**
 * When the terminal summary prints again: when any of its lines differs from what was last printed,
 * or when {@code repeatMillis} have passed since, so a quiet corridor still shows the summary is
 * alive without scrolling the same lines away every few seconds.
 */
final class SummaryReprint {
  private final long repeatMillis;
  private List<String> printed;
  private long printedAt;

  SummaryReprint(long repeatMillis) {
    if (repeatMillis <= 0) {
      throw new IllegalArgumentException("repeatMillis must be positive: " + repeatMillis);
    }
    this.repeatMillis = repeatMillis;
  }

  /** Whether {@code lines} are to be printed at {@code nowMillis}; if so, they count as printed. */
  boolean due(List<String> lines, long nowMillis) {
    if (printed != null && printed.equals(lines) && nowMillis - printedAt < repeatMillis) {
      return false;
    }
    printed = List.copyOf(lines);
    printedAt = nowMillis;
    return true;
  }
}
