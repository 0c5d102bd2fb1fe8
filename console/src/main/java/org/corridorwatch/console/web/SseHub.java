package org.corridorwatch.console.web;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to Server-Sent Events subscribers without ever waiting for one.
 *
 * <p>Each subscriber has a bounded queue and its own sender thread: publishing only offers to the
 * queues. A subscriber whose queue is full is reading too slowly to keep up; it is disconnected (a
 * browser's EventSource reconnects by itself and gets a fresh snapshot), so one stalled client can
 * neither delay the others nor make the console buffer without bound.
 */
public final class SseHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SseHub.class);

  /** Events a subscriber may have waiting before it counts as too slow. */
  static final int QUEUE = 512;

  /** A comment sent when nothing else was, so dead connections are noticed and proxies stay. */
  static final long KEEP_ALIVE_MILLIS = 15_000;

  /** One event: its SSE name, its JSON data, and what filters look at. */
  public record Event(String name, String json, ConsoleState.AlertView alert) {}

  private final class Subscriber implements Runnable {
    final SseClient client;
    final Predicate<Event> wants;
    final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    volatile Thread sender;

    Subscriber(SseClient client, Predicate<Event> wants) {
      this.client = client;
      this.wants = wants;
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

  /**
   * Keeps {@code client} open and sends it {@code first} (e.g. a snapshot), then every published
   * event it {@code wants}. Returns at once; a thread of its own does the sending.
   */
  public void subscribe(SseClient client, Predicate<Event> wants, Iterable<Event> first) {
    client.keepAlive();
    Subscriber s = new Subscriber(client, wants);
    for (Event e : first) {
      if (!s.queue.offer(e)) {
        break; // a snapshot bigger than a queue: the client asks again on reconnect
      }
    }
    subscribers.add(s);
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
        slowClosed.incrementAndGet();
        LOG.info(
            "disconnecting an SSE client at {}: {} events waiting, it reads too slowly",
            s.client.ctx().ip(),
            QUEUE);
        subscribers.remove(s);
        Thread t = s.sender;
        if (t != null) {
          t.interrupt();
        }
      }
    }
  }

  public int subscribers() {
    return subscribers.size();
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
