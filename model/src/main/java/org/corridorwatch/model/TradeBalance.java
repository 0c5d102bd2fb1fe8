package org.corridorwatch.model;

import java.math.BigDecimal;

/**
 * Outbound and inbound counts for one key and scope ({@code corridor.trade-balance.v1}, keyed by
 * {@code level:id}). The ratio and shares are derived here and nowhere else.
 *
 * @param level line, corridor or port
 * @param id the line, corridor or port id
 * @param scope cumulative or rolling 30 days
 * @param asOfMillis the whole hour of event time the figures are complete up to
 * @param outbound departures outbound (shipments {@code OUTBOUND}, crossings {@code EXPORT})
 * @param inbound departures inbound (shipments {@code RETURN}, crossings {@code IMPORT})
 * @param emptyInbound the inbound departures that ran empty ({@code laden: false}); written to JSON
 *     as an added field so that {@code emptyInboundShare} can be checked
 */
public record TradeBalance(
    BalanceLevel level,
    String id,
    BalanceScope scope,
    long asOfMillis,
    long outbound,
    long inbound,
    long emptyInbound) {

  public static final String SCHEMA = "trade-balance/1";

  /** The contract's Kafka key, {@code level:id}. */
  public String key() {
    return level.name() + ":" + id;
  }

  /** {@code outbound / inbound} to 2 decimals, or {@code null} when nothing came back. */
  public BigDecimal ratio() {
    return inbound == 0
        ? null
        : ContractDecimals.halfUp(outbound, inbound, ContractDecimals.RATIO_PLACES);
  }

  /** {@code inbound / (outbound + inbound)} to 4 decimals, or {@code null} when both are 0. */
  public BigDecimal inboundShare() {
    long total = outbound + inbound;
    return total == 0
        ? null
        : ContractDecimals.halfUp(inbound, total, ContractDecimals.SHARE_PLACES);
  }

  /** {@code emptyInbound / inbound} to 4 decimals, or {@code null} when nothing came back. */
  public BigDecimal emptyInboundShare() {
    return inbound == 0
        ? null
        : ContractDecimals.halfUp(emptyInbound, inbound, ContractDecimals.SHARE_PLACES);
  }
}
