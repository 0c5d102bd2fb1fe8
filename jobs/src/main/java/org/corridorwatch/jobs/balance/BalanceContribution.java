package org.corridorwatch.jobs.balance;

import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.InputRecord;

/**
 * One departure's share in a trade-balance key: a line or corridor for a shipment, a port for a
 * crossing.
 *
 * @param level line, corridor or port
 * @param id its id
 * @param eventTimeMillis when it departed
 * @param outbound outbound (shipment OUTBOUND, crossing EXPORT) or inbound
 * @param emptyInbound inbound and running empty
 * @param source the input record it comes from, for a LATE dead letter
 * @param <T> the input record type: crossings for ports, shipments for lines and corridors
 */
public record BalanceContribution<T extends InputRecord>(
    BalanceLevel level,
    String id,
    long eventTimeMillis,
    boolean outbound,
    boolean emptyInbound,
    Ingested<T> source) {

  /** The contract's key of the balance this contributes to, {@code LEVEL:id}. */
  public String key() {
    return level.name() + ":" + id;
  }
}
