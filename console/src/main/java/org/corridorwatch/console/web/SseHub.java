package org.corridorwatch.console.web;

import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to Server-Sent Events subscribers without ever waiting for one.
 *
 * <p>Each subscriber has a bounded queue and its own sender thread: publishing only offers to the
 * queues. When a queue is full there are two cases. A subscriber whose sender has not finished a
 * write for {@link #STALLED_MILLIS} is stalled: it is disconnected (a browser's EventSource
 * reconnects and starts again from a snapshot). One that is still reading, but fell behind a burst
 * (the topics read from the beginning at start, say), has its queue replaced by a fresh snapshot
 * when its stream has one; a stream without snapshots cannot skip events, so it is disconnected
 * too. Either way one client can neither delay the others nor make the console buffer without
 * bound. This suits the dashboard, which shows state; subscribers that act on every alert
 * transition read the {@link AlertFeed} instead.
 */
public final class SseHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);

  /** Events a subscriber may have waiting before it counts as too slow. */
  static final int QUEUE = 1024;

  /** A subscriber whose last write is older than this, with a full queue, is stalled. */
  static final long STALLED_MILLIS = 5_000;

  /** A comment sent when nothing else was, so dead connections are noticed and proxies stay. */
  static final long KEEP_ALIVE_MILLIS = 15_000;

  /** One event: its SSE name, its JSON data, and what filters look at. */
  public record Event(String name, String json, ConsoleState.AlertView alert) {}

  private final class Subscriber implements Runnable {
    final SseClient client;
    final Predicate<Event> wants;
    final Supplier<List<Event>> snapshot;
    final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    volatile Thread sender;
    volatile long lastWrite = System.currentTimeMillis();

    Subscriber(SseClient client, Predicate<Event> wants, Supplier<List<Event>> snapshot) {
      this.client = client;
      this.wants = wants;
      this.snapshot = snapshot;
    }

    @Override
    public void run() {
      try {
        while (!client.terminated()) {
          Event e = queue.poll(KEEP_ALIVE_MILLIS, TimeUnit.MILLISECONDS);
          if (e == null) {
            client.sendComment("keep-alive");
          } else {
            client.sendEvent(e.name(), e.json());
          }
          lastWrite = System.currentTimeMillis();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.debug("SSE subscriber gone: {}", e.toString());
      } finally {
        subscribers.remove(this);
        client.close();
      }
    }
  }

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicLong slowClosed = new AtomicLong();
  private final AtomicLong resynced = new AtomicLong();

  /**
   * Keeps {@code client} open and sends it every published event it {@code wants}, after a {@code
   * snapshot} of the state (which may be empty). Returns at once; a thread of its own does the
   * sending.
   */
  public void subscribe(SseClient client, Predicate<Event> wants, Supplier<List<Event>> snapshot) {
    client.keepAlive();
    Subscriber s = new Subscriber(client, wants, snapshot);
    // registered before the snapshot is taken: an event published meanwhile is queued, and the
    // snapshot after it is at least as new, so nothing between the two is lost
    subscribers.add(s);
    snapshot.get().forEach(s.queue::offer);
    client.onClose(
        () -> {
          subscribers.remove(s);
          Thread t = s.sender;
          if (t != null) {
            t.interrupt();
          }
        });
    Thread t = new Thread(s, "sse-" + client.ctx().ip());
    t.setDaemon(true);
    s.sender = t;
    t.start();
  }

  /** Offers {@code event} to every subscriber that wants it; never blocks. */
  public void publish(Event event) {
    for (Subscriber s : subscribers) {
      if (s.wants.test(event) && !s.queue.offer(event)) {
        behind(s);
      }
    }
  }

  private void behind(Subscriber s) {
    boolean stalled = System.currentTimeMillis() - s.lastWrite > STALLED_MILLIS;
    if (!stalled) {
      List<Event> fresh = s.snapshot.get();
      if (!fresh.isEmpty()) {
        // still reading, just behind a burst: skip to the present
        s.queue.clear();
        fresh.forEach(s.queue::offer);
        resynced.incrementAndGet();
        return;
      }
    }
    slowClosed.incrementAndGet();
    LOG.info(
        "disconnecting an SSE client at {}: {} events waiting{}",
        s.client.ctx().ip(),
        QUEUE,
        stalled ? ", nothing written for over " + STALLED_MILLIS / 1000 + " s" : "");
    subscribers.remove(s);
    Thread t = s.sender;
    if (t != null) {
      t.interrupt();
    }
  }

  public int subscribers() {
    return subscribers.size();
  }

  /** Times a subscriber behind a burst skipped to a fresh snapshot. */
  public long resyncs() {
    return resynced.get();
  }

  /** Subscribers disconnected because they fell a whole queue behind. */
  public long slowClientsClosed() {
    return slowClosed.get();
  }

  @Override
  public void close() {
    for (Subscriber s : subscribers) {
      Thread t = s.sender;
      if (t != null) {
        t.interrupt();
      }
    }
    subscribers.clear();
  }
}
