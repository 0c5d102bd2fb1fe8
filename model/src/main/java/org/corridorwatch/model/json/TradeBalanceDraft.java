package org.corridorwatch.model.json;

import java.io.IOException;
import java.math.BigDecimal;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.TradeBalance;

/**
 * Reads {@code trade-balance/1}, for consumers and tests. The written ratio and shares must agree
 * with the counts.
 */
final class TradeBalanceDraft extends RecordDraft<TradeBalance> {
  private static final EnumLookup<BalanceLevel> LEVELS = new EnumLookup<>(BalanceLevel.class);
  private static final EnumLookup<BalanceScope> SCOPES = new EnumLookup<>(BalanceScope.class);

  private BalanceLevel level;
  private String id;
  private BalanceScope scope;
  private Long asOf;
  private Long outbound;
  private Long inbound;
  private Long emptyInbound;
  private BigDecimal ratio;
  private BigDecimal inboundShare;
  private BigDecimal emptyInboundShare;

  TradeBalanceDraft() {
    super(TradeBalance.SCHEMA);
  }

  @Override
  void reset() {
    level = null;
    id = null;
    scope = null;
    asOf = outbound = inbound = emptyInbound = null;
    ratio = inboundShare = emptyInboundShare = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "level" -> level = in.enumValue(name, LEVELS);
      case "id" -> id = in.nonBlankString(name);
      case "scope" -> scope = in.enumValue(name, SCOPES);
      case "asOf" -> asOf = in.instant(name);
      case "outbound" -> outbound = in.wholeNumber(name, Long.MAX_VALUE);
      case "inbound" -> inbound = in.wholeNumber(name, Long.MAX_VALUE);
      case "emptyInbound" -> emptyInbound = in.wholeNumber(name, Long.MAX_VALUE);
      case "ratio" -> ratio = in.decimal(name);
      case "inboundShare" -> inboundShare = in.decimal(name);
      case "emptyInboundShare" -> emptyInboundShare = in.decimal(name);
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  TradeBalance build(FieldReader in) {
    in.require("level", level);
    in.require("id", id);
    in.require("scope", scope);
    in.require("asOf", asOf);
    in.require("outbound", outbound);
    in.require("inbound", inbound);
    in.require("emptyInbound", emptyInbound);
    if (in.hasProblem()) {
      return null;
    }
    if (emptyInbound > inbound) {
      in.problem(RejectReason.INVALID_VALUE, "emptyInbound is above inbound");
      return null;
    }
    TradeBalance balance =
        new TradeBalance(level, id, scope, asOf, outbound, inbound, emptyInbound);
    in.checkDerived("ratio", ratio, balance.ratio());
    in.checkDerived("inboundShare", inboundShare, balance.inboundShare());
    in.checkDerived("emptyInboundShare", emptyInboundShare, balance.emptyInboundShare());
    return in.hasProblem() ? null : balance;
  }
}
