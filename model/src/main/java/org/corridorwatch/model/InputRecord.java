package org.corridorwatch.model;

/**
 * A record of one of the three input topics. Producers, replays and the job's ingest treat them
 * alike through this: each has an id for dedup, a Kafka key and an event time.
 */
public sealed interface InputRecord permits BorderCrossing, Shipment, ControlRecord {
  /** Which input topic the record belongs on. */
  enum Kind {
    BORDER_CROSSING,
    SHIPMENT,
    CONTROL
  }

  Kind kind();

  /** Unique per event; the dedup key. */
  String eventId();

  /** The Kafka key the contract gives the record: port, line, or the control's subject. */
  String key();

  /** The event time it is ordered by, epoch milliseconds UTC. */
  long eventTimeMillis();
}
