package org.corridorwatch.generators.scenario;

import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.corridorwatch.model.InputRecord;

/**
 * Puts the events of one or more scenarios in event-time order without holding a whole scenario in
 * memory. Scenarios generate in chunks (a day, say) and promise after each chunk that nothing they
 * add later is earlier than their {@code safeTime}; events before the smallest promise of all
 * running scenarios are released downstream.
 *
 * <p>Events outside {@code [from, to)} are dropped here, so a time range applies to every scenario
 * alike.
 */
public final class Timeline {
  private final PriorityQueue<ScenarioEvent> pending = new PriorityQueue<>(4096);
  private final long from;
  private final long to;
  private final Consumer<ScenarioEvent> downstream;
  private long sequence;

  public Timeline(long from, long to, Consumer<ScenarioEvent> downstream) {
    this.from = from;
    this.to = to;
    this.downstream = downstream;
  }

  public long from() {
    return from;
  }

  public long to() {
    return to;
  }

  /** Adds a crossing, shipment or control record at its own event time. */
  public void add(InputRecord record) {
    long time = record.eventTimeMillis();
    if (time >= from && time < to) {
      pending.add(new ScenarioEvent(time, sequence++, record));
    }
  }

  /** Releases, in order, every pending event earlier than {@code safeTime}. */
  public void releaseBefore(long safeTime) {
    while (!pending.isEmpty() && pending.peek().eventTime() < safeTime) {
      downstream.accept(pending.poll());
    }
  }

  /** Releases everything still pending. */
  public void releaseAll() {
    releaseBefore(Long.MAX_VALUE);
  }

  int pendingCount() {
    return pending.size();
  }
}
