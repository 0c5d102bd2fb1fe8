package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.junit.jupiter.api.Test;

/** Stopping a replay (Ctrl-C) takes effect at once, even while it waits to send its next record. */
class ReplayStopTest {

  @Test
  void stopWakesAReplayWaitingOnItsPacer() throws Exception {
    CollectingSink sink = new CollectingSink();
    // one record per 1,000 s: after the first, the replay parks for a long time
    Replay replay =
        Replay.of(
            CollectingSink.plan("pingxiang-overload", 1, 1, InjectionSettings.none()),
            CollectingSink.CATALOGUE,
            sink,
            Pacer.rate(0.001),
            null);
    CompletableFuture<Replay.Summary> running = CompletableFuture.supplyAsync(replay::run);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (sink.size() < 1 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    assertThat(sink.size()).as("first record sent").isEqualTo(1);

    long stoppedAt = System.nanoTime();
    replay.stop();
    Replay.Summary summary = running.get(10, TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
    assertThat(summary.stopped()).isTrue();
    assertThat(summary.total()).isEqualTo(1);
    assertThat(sink.size()).isEqualTo(1);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
