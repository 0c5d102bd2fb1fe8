package org.corridorwatch.bench.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.TradeBalance;

/**
 * Compares two outputs of trade-balance records, record for record: the same key, scope and {@code
 * asOf}, with the same three counts (ratio and shares derive from them), each exactly once.
 *
 * <p>One exception, because SQL cannot express it: a {@code ROLLING_30D} record with all counts
 * zero is left out on both sides. The job writes one when a key's last departure leaves the 30
 * days; a SQL window with no departure is never emitted. Every other record must match.
 */
public final class BalanceComparison {
  private BalanceComparison() {}

  /**
   * The differences between two outputs, empty when they agree; at most {@code limit} are listed.
   */
  public static List<String> differences(
      Collection<TradeBalance> ours, Collection<TradeBalance> sql, int limit) {
    List<String> found = new ArrayList<>();
    Map<String, String> expected = figures(ours, "ours", found);
    Map<String, String> actual = figures(sql, "sql", found);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String other = actual.get(e.getKey());
      if (!e.getValue().equals(other)) {
        found.add(
            e.getKey() + ": ours " + e.getValue() + ", sql " + (other == null ? "none" : other));
      }
    }
    for (Map.Entry<String, String> e : actual.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        found.add(e.getKey() + ": ours none, sql " + e.getValue());
      }
    }
    return found.size() > limit ? found.subList(0, limit) : found;
  }

  /** True for the job's record of a 30-day window that emptied. */
  static boolean emptiedWindow(TradeBalance b) {
    return b.scope() == BalanceScope.ROLLING_30D
        && b.outbound() == 0
        && b.inbound() == 0
        && b.emptyInbound() == 0;
  }

  /** Counts by "key scope as of"; a record emitted twice is a difference too. */
  private static Map<String, String> figures(
      Collection<TradeBalance> balances, String side, List<String> found) {
    Map<String, String> byRecord = new TreeMap<>();
    for (TradeBalance b : balances) {
      if (emptiedWindow(b)) {
        continue;
      }
      String record = b.key() + " " + b.scope() + " as of " + Instant.ofEpochMilli(b.asOfMillis());
      String counts =
          "out " + b.outbound() + " in " + b.inbound() + " empty in " + b.emptyInbound();
      if (byRecord.put(record, counts) != null) {
        found.add(record + ": " + side + " emitted it twice");
      }
    }
    return byRecord;
  }
}
