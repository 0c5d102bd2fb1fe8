package org.corridorwatch.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.VehicleType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL balances against the job's on the cases a few generated days never reach: an hour leaving
 * the 30 days as an equal hour joins them (the job writes no rolling record), a port's 30 days
 * emptying (the job writes zeros, SQL cannot), and new departures after that gap with the same
 * counts as before it (a change for the job, so SQL must not drop it as unchanged).
 */
class SqlPortBalancesTest {
  private static final String PINGXIANG = "CN-PINGXIANG";
  private static final String MOHAN = "CN-MOHAN";
  private static final long HOUR = 3_600_000L;
  private static final long START = Instant.parse("2019-07-01T00:00:00Z").toEpochMilli();

  private static List<TradeBalance> ours;
  private static List<TradeBalance> sql;

  @BeforeAll
  static void runBoth() throws Exception {
    HeldInput.hold(
        RollingWindows.CROSSINGS,
        new Ingested<?>[] {
          departure(0, PINGXIANG, 0, CrossingDirection.EXPORT, true),
          arrival(1, PINGXIANG, 1),
          departure(2, MOHAN, 5, CrossingDirection.EXPORT, true),
          departure(3, MOHAN, 5, CrossingDirection.EXPORT, false),
          departure(4, MOHAN, 5, CrossingDirection.IMPORT, true),
          departure(5, MOHAN, 5, CrossingDirection.IMPORT, false),
          // 30 days after hour 0: hour 0 leaves the rolling window as this equal hour joins it
          departure(6, PINGXIANG, 720, CrossingDirection.EXPORT, true),
          // long after hour 720 left the window: the same rolling counts as before the gap
          departure(7, PINGXIANG, 2000, CrossingDirection.EXPORT, true)
        });
    ours = ThroughputBench.collect(PortBalances::ours, "ours");
    sql = ThroughputBench.collect(SqlPortBalances::balances, "sql");
  }

  @Test
  void theJobWritesWhatTheContractSays() {
    assertThat(ours)
        .containsExactlyInAnyOrder(
            cumulative(PINGXIANG, 1, 1, 0, 0),
            rolling(PINGXIANG, 1, 1, 0, 0),
            cumulative(PINGXIANG, 721, 2, 0, 0), // rolling unchanged: no record
            rolling(PINGXIANG, 1441, 0, 0, 0), // hour 720 left the 30 days
            cumulative(PINGXIANG, 2001, 3, 0, 0),
            rolling(PINGXIANG, 2001, 1, 0, 0),
            rolling(PINGXIANG, 2721, 0, 0, 0),
            cumulative(MOHAN, 6, 2, 2, 1),
            rolling(MOHAN, 6, 2, 2, 1),
            rolling(MOHAN, 726, 0, 0, 0));
  }

  @Test
  void sqlWritesTheSameExceptTheEmptiedWindows() {
    assertThat(BalanceComparison.differences(ours, sql, 10)).isEmpty();
    assertThat(sql).hasSize(7).noneMatch(BalanceComparison::emptiedWindow);
    assertThat(sql).contains(rolling(PINGXIANG, 2001, 1, 0, 0));
  }

  private static TradeBalance cumulative(String port, long hour, long out, long in, long e) {
    return balance(port, BalanceScope.CUMULATIVE, hour, out, in, e);
  }

  private static TradeBalance rolling(String port, long hour, long out, long in, long e) {
    return balance(port, BalanceScope.ROLLING_30D, hour, out, in, e);
  }

  private static TradeBalance balance(
      String port, BalanceScope scope, long hour, long out, long in, long emptyIn) {
    return new TradeBalance(BalanceLevel.PORT, port, scope, START + hour * HOUR, out, in, emptyIn);
  }

  /** A crossing departing ten minutes into {@code hour}, counted from the start. */
  private static Ingested<BorderCrossing> departure(
      int offset, String port, long hour, CrossingDirection direction, boolean laden) {
    return crossing(offset, port, hour, CrossingStage.DEPARTED, direction, laden);
  }

  /** Not a departure: neither side may count it. */
  private static Ingested<BorderCrossing> arrival(int offset, String port, long hour) {
    return crossing(offset, port, hour, CrossingStage.ARRIVED, CrossingDirection.IMPORT, false);
  }

  private static Ingested<BorderCrossing> crossing(
      int offset,
      String port,
      long hour,
      CrossingStage stage,
      CrossingDirection direction,
      boolean laden) {
    BorderCrossing c =
        new BorderCrossing(
            "e" + offset,
            port,
            "v" + offset,
            stage,
            direction,
            VehicleType.TRUCK,
            laden,
            START + hour * HOUR + 10 * 60_000L);
    return Ingested.accepted(c, Topics.BORDER_CROSSINGS, 0, offset, null, null);
  }
}
