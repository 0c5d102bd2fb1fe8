package org.corridorwatch.generators.delivery;

import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.corridorwatch.generators.scenario.ScenarioEvent;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.kafka.InputTopics;

/**
 * Turns a scenario's clean, ordered events into what a real producer fleet delivers: bounded
 * disorder, duplicates, late events and malformed records, each in exactly the fraction asked.
 *
 * <p>Disorder: each record gets a delivery time up to {@code disorder} after its event time and
 * goes out once the stream reaches that time, so no record trails the newest one by more than
 * {@code disorder}. Kept within the job's out-of-orderness, no clean record is ever late.
 * Duplicates are exact copies delivered within the same bound. Late copies and malformed records
 * are extra records; the clean events are never altered, so the known answer is the clean one.
 */
public final class Injector implements Consumer<ScenarioEvent> {
  private record Pending(long deliverAt, long sequence, Delivery delivery)
      implements Comparable<Pending> {
    @Override
    public int compareTo(Pending other) {
      return ScenarioEvent.chronological(deliverAt, sequence, other.deliverAt, other.sequence);
    }
  }

  private final PriorityQueue<Pending> pending = new PriorityQueue<>();
  private final InjectionSettings settings;
  private final InputTopics topics;
  private final CorridorCodec codec;
  private final SplittableRandom random;
  private final Consumer<Delivery> downstream;
  private final FractionSelector duplicates;
  private final FractionSelector late;
  private final FractionSelector malformed;
  private final Malformations malformations;
  private long sequence;
  private long firstSent = Long.MIN_VALUE;
  private long newestSent = Long.MIN_VALUE;
  private int lateMade;

  public Injector(
      InjectionSettings settings,
      InputTopics topics,
      CorridorCodec codec,
      SplittableRandom random,
      Consumer<Delivery> downstream) {
    this.settings = settings;
    this.topics = topics;
    this.codec = codec;
    this.random = random;
    this.downstream = downstream;
    this.duplicates = new FractionSelector(settings.duplicateFraction());
    this.late = new FractionSelector(settings.lateFraction());
    this.malformed = new FractionSelector(settings.malformedFraction());
    this.malformations = new Malformations(codec, topics, random);
  }

  @Override
  public void accept(ScenarioEvent event) {
    releaseUpTo(event.eventTime());
    InputRecord record = event.record();
    Delivery clean =
        Delivery.of(topics.topicOf(record), record, codec.write(record), Delivery.Kind.EVENT);
    schedule(clean);
    if (duplicates.next()) {
      // the very same bytes: a producer retry, not a second event
      schedule(Delivery.of(clean.topic(), record, clean.value(), Delivery.Kind.DUPLICATE));
    }
  }

  /** Delivers everything still held back. Call once the scenarios are done. */
  public void finish() {
    releaseUpTo(Long.MAX_VALUE);
  }

  private void schedule(Delivery delivery) {
    if (settings.disorderMillis() == 0 && pending.isEmpty()) {
      send(delivery); // in order already: nothing to hold back
      return;
    }
    long delay = settings.disorderMillis() > 0 ? random.nextLong(settings.disorderMillis() + 1) : 0;
    pending.add(new Pending(delivery.eventTime() + delay, sequence++, delivery));
  }

  private void releaseUpTo(long time) {
    while (!pending.isEmpty() && pending.peek().deliverAt() <= time) {
      send(pending.poll().delivery());
    }
  }

  private void send(Delivery delivery) {
    downstream.accept(delivery);
    if (delivery.kind() != Delivery.Kind.EVENT) {
      return;
    }
    if (firstSent == Long.MIN_VALUE) {
      firstSent = delivery.eventTime();
    }
    newestSent = Math.max(newestSent, delivery.eventTime());
    malformations.observe(delivery.record());
    if (late.next()) {
      sendLateCopy(delivery);
    }
    if (malformed.next()) {
      downstream.accept(malformations.next(newestSent));
    }
  }

  /**
   * A valid copy of {@code model}, stamped {@code lateBy} behind the newest event sent, with a new
   * event id. Until the stream has run for {@code lateBy}, such a copy would fall before the
   * replay's first slot, so the pick waits for a later record.
   */
  private void sendLateCopy(Delivery model) {
    long lateTime = newestSent - settings.lateByMillis();
    if (lateTime < firstSent
        || !(model.record() instanceof BorderCrossing || model.record() instanceof Shipment)) {
      late.carryOver();
      return;
    }
    String eventId = "late-" + lateMade++;
    InputRecord copy =
        model.record() instanceof BorderCrossing c
            ? c.withEventIdAndTime(eventId, lateTime)
            : ((Shipment) model.record()).withEventIdAndTime(eventId, lateTime);
    downstream.accept(Delivery.of(model.topic(), copy, codec.write(copy), Delivery.Kind.LATE));
  }
}
