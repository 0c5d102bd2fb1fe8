package org.corridorwatch.console.web;

import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert stream for subscribers that act on transitions: every transition gets an SSE id, and a
 * subscriber that reconnects with {@code Last-Event-ID} is sent every transition it missed.
 *
 * <p>The feed keeps the last {@link #KEPT} transitions in the order the console applied them. Each
 * subscriber holds a cursor into them and its own sender thread, so a slow subscriber is never
 * dropped or skipped ahead: it falls behind, and only if it falls behind the oldest transition kept
 * does it lose its place. A connection that cannot resume (the first, one after the console
 * restarted, or one whose place is gone) starts with an {@code open} event: every open episode that
 * matches, as of that event's id. An episode the subscriber holds open and that is not in the list
 * has cleared meanwhile. This is list-then-watch: after it, the {@code alert} events carry on from
 * exactly that point.
 *
 * <p>The feed serves nobody until it is {@link #ready()}: a console that has just started reads the
 * alerts topic from the beginning, and until it has read what the topic held at its start, its open
 * episodes are not yet the current ones, and the transitions it applies are history, not news.
 *
 * <p>Ids are {@code <run>:<sequence>}. The run is this console's start time, so an id from another
 * run of the console is never mistaken for a place in this one.
 */
public final class AlertFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

  /** Transitions kept for subscribers to catch up on: about 5 MB of JSON. */
  static final int KEPT = 10_000;

  /** Transitions a sender takes from the feed per turn, so that it never holds the lock long. */
  private static final int BATCH = 256;

  /** One transition and where it stands in the feed. */
  record Entry(long sequence, ConsoleState.AlertView alert, String json) {}

  private final String run;
  // the newest transitions, each at its sequence modulo the length: no search to find a place
  private final Entry[] ring;
  private long nextSequence = 1;
  private boolean ready;
  private volatile boolean closed;
  private final Set<Thread> senders = ConcurrentHashMap.newKeySet();
  private final AtomicLong placesLost = new AtomicLong();

  public AlertFeed() {
    this(Long.toString(System.currentTimeMillis(), 36), KEPT);
  }

  AlertFeed(String run, int kept) {
    this.run = run;
    this.ring = new Entry[kept];
  }

  /** Adds a transition after every one before it and wakes the senders. */
  public synchronized void append(ConsoleState.AlertView alert, String json) {
    long sequence = nextSequence++;
    ring[(int) (sequence % ring.length)] = new Entry(sequence, alert, json);
    notifyAll();
  }

  /**
   * The console's state now holds every episode the alerts topic held when the console started:
   * subscribers are served from here on. Until then they wait.
   */
  public synchronized void ready() {
    if (!ready) {
      ready = true;
      LOG.info("alert stream serving, {} transitions read so far", nextSequence - 1);
      notifyAll();
    }
  }

  /**
   * Sends {@code client} every transition it {@code wants}: from just after its {@code
   * Last-Event-ID} when this feed still holds that place, else from now, after an {@code open}
   * event built from {@code openEpisodes}. The open episodes must be read from state at least as
   * new as the feed: the console applies a transition to its state before it appends it here.
   */
  public void subscribe(
      SseClient client,
      Predicate<ConsoleState.AlertView> wants,
      Supplier<List<ConsoleState.AlertView>> openEpisodes,
      ConsoleJson json) {
    client.keepAlive();
    // read while the request is being handled, not later on the sender's thread
    String lastEventId = client.ctx().header("Last-Event-ID");
    Subscriber subscriber = new Subscriber(client, wants, openEpisodes, json, lastEventId);
    Thread sender = new Thread(subscriber, "alert-feed-" + client.ctx().ip());
    sender.setDaemon(true);
    senders.add(sender);
    client.onClose(sender::interrupt);
    sender.start();
  }

  /** Subscribers being sent to now. */
  public int subscribers() {
    return senders.size();
  }

  /**
   * Times since start a subscriber lost its place, by falling behind the oldest transition kept or
   * by asking to resume where this console never was; each then started again from the open list.
   */
  public long placesLost() {
    return placesLost.get();
  }

  /** The id a subscriber would send back to resume after the transition at {@code sequence}. */
  String id(long sequence) {
    return run + ":" + sequence;
  }

  private long oldestKept() {
    return Math.max(1, nextSequence - ring.length);
  }

  /**
   * The sequence to send next after {@code lastEventId}, or -1 when this feed cannot resume there:
   * no id, another run's id, a malformed one, or a place older than the oldest transition kept.
   */
  synchronized long resumeAfter(String lastEventId) {
    if (lastEventId == null) {
      return -1;
    }
    int colon = lastEventId.lastIndexOf(':');
    if (colon < 0 || !lastEventId.substring(0, colon).equals(run)) {
      return -1;
    }
    long last;
    try {
      last = Long.parseLong(lastEventId.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
    return last + 1 < oldestKept() || last >= nextSequence ? -1 : last + 1;
  }

  /** Waits until the feed is ready; false when it closed first. */
  private boolean awaitReady(SseClient client) throws InterruptedException {
    while (true) {
      synchronized (this) {
        if (closed || ready) {
          return !closed;
        }
        wait(SseHub.KEEP_ALIVE_MILLIS);
        if (closed || ready) {
          continue;
        }
      }
      // written without the lock: a slow client must never hold up the reader's appends
      client.sendComment("reading the alerts topic");
    }
  }

  /**
   * Waits up to {@code waitMillis} for a transition at {@code cursor} or later, then copies up to
   * {@link #BATCH} of them, from {@code cursor} on, into {@code batch}. Returns true when {@code
   * cursor} is older than the oldest transition kept: that subscriber has lost its place.
   */
  synchronized boolean takeBatch(long cursor, long waitMillis, List<Entry> batch)
      throws InterruptedException {
    if (!closed && cursor == nextSequence && waitMillis > 0) {
      wait(waitMillis);
    }
    if (closed) {
      return false;
    }
    if (cursor < oldestKept()) {
      return true;
    }
    for (long s = cursor; s < nextSequence && batch.size() < BATCH; s++) {
      batch.add(ring[(int) (s % ring.length)]);
    }
    return false;
  }

  /** One subscriber and where it has got to; run by its own sender thread. */
  private final class Subscriber implements Runnable {
    private final SseClient client;
    private final Predicate<ConsoleState.AlertView> wants;
    private final Supplier<List<ConsoleState.AlertView>> openEpisodes;
    private final ConsoleJson json;
    private final String lastEventId;
    private long lastWriteMillis = System.currentTimeMillis();

    Subscriber(
        SseClient client,
        Predicate<ConsoleState.AlertView> wants,
        Supplier<List<ConsoleState.AlertView>> openEpisodes,
        ConsoleJson json,
        String lastEventId) {
      this.client = client;
      this.wants = wants;
      this.openEpisodes = openEpisodes;
      this.json = json;
      this.lastEventId = lastEventId;
    }

    @Override
    public void run() {
      try {
        if (!awaitReady(client)) {
          return;
        }
        long cursor = resumeAfter(lastEventId);
        if (cursor < 0) {
          cursor = startAfresh(lastEventId);
        }
        List<Entry> batch = new ArrayList<>(BATCH);
        while (!client.terminated() && !closed) {
          batch.clear();
          long quiet = System.currentTimeMillis() - lastWriteMillis;
          boolean lost = takeBatch(cursor, SseHub.KEEP_ALIVE_MILLIS - quiet, batch);
          if (lost) {
            placesLost.incrementAndGet();
            LOG.warn(
                "an alert subscriber at {} fell more than {} transitions behind; it starts again"
                    + " from the open episodes",
                client.ctx().ip(),
                ring.length);
            cursor = startAfresh(null);
            continue;
          }
          for (Entry e : batch) {
            if (client.terminated()) {
              return;
            }
            if (wants.test(e.alert())) {
              client.sendEvent("alert", e.json(), id(e.sequence()));
              lastWriteMillis = System.currentTimeMillis();
            }
            cursor = e.sequence() + 1;
          }
          // a filter may pass nothing for long while others' transitions flow: the comment keeps
          // proxies from closing the stream, and a failed write tells a client has gone
          if (System.currentTimeMillis() - lastWriteMillis >= SseHub.KEEP_ALIVE_MILLIS) {
            client.sendComment("keep-alive");
            lastWriteMillis = System.currentTimeMillis();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.debug("alert subscriber gone: {}", e.toString());
      } finally {
        senders.remove(Thread.currentThread());
        client.close();
      }
    }

    /**
     * Sends the open episodes as of the feed's newest transition; returns the sequence after it.
     * {@code unresumable} is the place the subscriber asked for, when it asked for one.
     */
    private long startAfresh(String unresumable) {
      long after;
      synchronized (AlertFeed.this) {
        after = nextSequence - 1;
      }
      // read after the place is fixed: the state is at least as new, so an episode that changes in
      // between is both in the list and in the transitions that follow, never in neither
      List<ConsoleState.AlertView> open = openEpisodes.get().stream().filter(wants).toList();
      if (unresumable != null) {
        placesLost.incrementAndGet();
        LOG.info(
            "an alert subscriber at {} asked to resume after {}, which this console does not hold;"
                + " it gets the open episodes instead",
            client.ctx().ip(),
            unresumable);
      }
      client.sendEvent("open", json.write(open), id(after));
      lastWriteMillis = System.currentTimeMillis();
      return after + 1;
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    senders.forEach(Thread::interrupt);
  }
}
