package org.corridorwatch.generators;

import java.io.PrintStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.corridorwatch.generators.sink.DaemonThreads;

/**
 * A one-line progress bar on standard error for long replays: records sent, rate, and an ETA when
 * the total is known. Redrawn twice a second from its own thread, so a slow paced replay still
 * shows life; off unless asked for, which the command does only at a terminal.
 */
final class Progress implements AutoCloseable {
  private final AtomicLong sent = new AtomicLong();
  private final PrintStream out;
  private final long expectedTotal;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService redraw;

  private Progress(PrintStream out, long expectedTotal) {
    this.out = out;
    this.expectedTotal = expectedTotal;
    if (out == null) {
      redraw = null;
      return;
    }
    redraw = DaemonThreads.scheduler("replay-progress");
    redraw.scheduleAtFixedRate(this::draw, 500, 500, TimeUnit.MILLISECONDS);
  }

  static Progress off() {
    return new Progress(null, 0);
  }

  static Progress on(PrintStream out, long expectedTotal) {
    return new Progress(out, expectedTotal);
  }

  void tick() {
    sent.incrementAndGet();
  }

  private void draw() {
    long n = sent.get();
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    double rate = n / seconds;
    StringBuilder line = new StringBuilder(96).append(String.format("\r  sent %,d", n));
    if (expectedTotal > 0) {
      long pct = Math.min(100, n * 100 / expectedTotal);
      line.append(String.format(" of ~%,d (%d%%)", expectedTotal, pct));
    }
    line.append(String.format("  %,.0f records/s", rate));
    if (expectedTotal > n && rate > 0) {
      long eta = (long) ((expectedTotal - n) / rate);
      line.append(String.format("  ETA %d:%02d", eta / 60, eta % 60));
    }
    line.append("   ");
    out.print(line);
    out.flush();
  }

  @Override
  public void close() {
    if (redraw != null && !redraw.isShutdown()) {
      redraw.shutdownNow();
      draw();
      out.println();
    }
  }
}
