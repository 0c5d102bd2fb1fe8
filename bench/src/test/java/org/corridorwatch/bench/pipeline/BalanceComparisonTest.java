package org.corridorwatch.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.TradeBalance;
import org.junit.jupiter.api.Test;

/** P3's balance check: record for record, except the emptied 30 days SQL cannot emit. */
class BalanceComparisonTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String MOHAN = "CN-MOHAN";

  private static TradeBalance balance(
      String port, BalanceScope scope, String asOf, long out, long in, long emptyIn) {
    return new TradeBalance(
        BalanceLevel.PORT,
        port,
        scope,
        Instant.parse("2019-07-02T" + asOf + "Z").toEpochMilli(),
        out,
        in,
        emptyIn);
  }

  private static TradeBalance cumulative(String port, String asOf, long out, long in, long e) {
    return balance(port, BalanceScope.CUMULATIVE, asOf, out, in, e);
  }

  private static TradeBalance rolling(String port, String asOf, long out, long in, long e) {
    return balance(port, BalanceScope.ROLLING_30D, asOf, out, in, e);
  }

  @Test
  void equalRecordsAgreeWhateverTheOrder() {
    List<TradeBalance> ours =
        List.of(
            cumulative(PINGXIANG, "01:00:00", 3, 2, 1),
            rolling(PINGXIANG, "01:00:00", 3, 2, 1),
            cumulative(MOHAN, "01:00:00", 1, 0, 0));
    List<TradeBalance> sql = List.of(ours.get(2), ours.get(0), ours.get(1));

    assertThat(BalanceComparison.differences(ours, sql, 10)).isEmpty();
  }

  @Test
  void ourRecordOfEmptied30DaysIsNotADifference() {
    List<TradeBalance> ours =
        List.of(rolling(PINGXIANG, "01:00:00", 3, 2, 1), rolling(PINGXIANG, "02:00:00", 0, 0, 0));

    assertThat(BalanceComparison.differences(ours, List.of(ours.get(0)), 10)).isEmpty();
  }

  @Test
  void aZeroCumulativeRecordIsStillCompared() {
    // only a rolling window can empty; a cumulative zero SQL lacks is a real difference
    List<TradeBalance> ours = List.of(cumulative(PINGXIANG, "01:00:00", 0, 0, 0));

    assertThat(BalanceComparison.differences(ours, List.of(), 10))
        .containsExactly(
            "PORT:CN-PINGXIANG CUMULATIVE as of 2019-07-02T01:00:00Z: ours out 0 in 0 empty in 0,"
                + " sql none");
  }

  @Test
  void eachCountIsCompared() {
    TradeBalance ours = rolling(PINGXIANG, "01:00:00", 3, 2, 1);

    assertThat(
            BalanceComparison.differences(
                List.of(ours), List.of(rolling(PINGXIANG, "01:00:00", 3, 2, 0)), 10))
        .containsExactly(
            "PORT:CN-PINGXIANG ROLLING_30D as of 2019-07-02T01:00:00Z: ours out 3 in 2 empty in 1,"
                + " sql out 3 in 2 empty in 0");
    assertThat(
            BalanceComparison.differences(
                List.of(ours), List.of(rolling(PINGXIANG, "01:00:00", 3, 1, 1)), 10))
        .hasSize(1);
    assertThat(
            BalanceComparison.differences(
                List.of(ours), List.of(rolling(PINGXIANG, "01:00:00", 4, 2, 1)), 10))
        .hasSize(1);
  }

  @Test
  void theSameCountsInTheOtherScopeOrHourAreADifference() {
    List<TradeBalance> ours = List.of(cumulative(PINGXIANG, "01:00:00", 3, 2, 1));
    List<TradeBalance> sql =
        List.of(
            rolling(PINGXIANG, "01:00:00", 3, 2, 1), cumulative(PINGXIANG, "02:00:00", 3, 2, 1));

    assertThat(BalanceComparison.differences(ours, sql, 10))
        .containsExactlyInAnyOrder(
            "PORT:CN-PINGXIANG CUMULATIVE as of 2019-07-02T01:00:00Z: ours out 3 in 2 empty in 1,"
                + " sql none",
            "PORT:CN-PINGXIANG CUMULATIVE as of 2019-07-02T02:00:00Z: ours none, sql out 3 in 2"
                + " empty in 1",
            "PORT:CN-PINGXIANG ROLLING_30D as of 2019-07-02T01:00:00Z: ours none, sql out 3 in 2"
                + " empty in 1");
  }

  @Test
  void aRecordEmittedTwiceIsADifference() {
    TradeBalance record = cumulative(MOHAN, "01:00:00", 1, 0, 0);

    assertThat(BalanceComparison.differences(List.of(record), List.of(record, record), 10))
        .containsExactly(
            "PORT:CN-MOHAN CUMULATIVE as of 2019-07-02T01:00:00Z: sql emitted it twice");
  }

  @Test
  void atMostTheLimitIsListed() {
    List<TradeBalance> ours =
        List.of(
            cumulative(MOHAN, "01:00:00", 1, 0, 0),
            cumulative(MOHAN, "02:00:00", 2, 0, 0),
            cumulative(MOHAN, "03:00:00", 3, 0, 0));

    assertThat(BalanceComparison.differences(ours, List.of(), 2)).hasSize(2);
  }
}
