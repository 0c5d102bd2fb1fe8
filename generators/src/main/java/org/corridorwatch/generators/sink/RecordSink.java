package org.corridorwatch.generators.sink;

import org.corridorwatch.generators.delivery.Delivery;

/** Where a replay's records go: Kafka, or standard output for a dry run. */
public interface RecordSink extends AutoCloseable {
  /** Sends one record; may buffer. Throws if an earlier send failed, so nothing is lost quietly. */
  void send(Delivery delivery);

  /** Sends everything buffered and waits until it is acknowledged. */
  void flush();

  @Override
  void close();
}
