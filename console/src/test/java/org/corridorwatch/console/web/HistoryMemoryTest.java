package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;
import org.junit.jupiter.api.Test;

/**
 * What the console's history costs: every catalogue port with a full 30 days of readings and waits
 * every 15 minutes and its balances every hour in both scopes, the heap measured after collections
 * before and after. The figure printed is the one console/README.md gives; the bound fails the
 * build if the layout grows several times over.
 */
class HistoryMemoryTest {
  static final long SLOT = 900_000L;
  static final long HOUR = 3_600_000L;
  static final int DAYS = 30;

  @Test
  void thirtyDaysOfEveryPortFitInAFewHundredKilobytesAPort() {
    CorridorCatalogue catalogue = CorridorCatalogue.standard();
    long start = Instant.parse("2019-07-01T00:00:00Z").toEpochMilli();
    long end = start + DAYS * 86_400_000L;
    long before = usedAfterCollections();
    ConsoleState state = new ConsoleState(catalogue);
    long records = 0;
    for (Node port : catalogue.ports()) {
      String id = port.id();
      for (long t = start + SLOT; t <= end; t += SLOT) {
        long trips = 300 + (t / SLOT) % 700;
        state.apply(new PortUtilisation(id, t - 86_400_000L, t, trips, 800, 1_000));
        long waiting = (t / SLOT) % 60;
        state.apply(
            new PortWaits(
                id,
                t - HOUR,
                t,
                waiting,
                waiting == 0 ? null : 20 + waiting * 3,
                40,
                30L + waiting,
                70L + waiting,
                200L + waiting,
                38,
                55L + waiting,
                90L + waiting));
        records += 2;
        if (t % HOUR == 0) {
          long n = (t - start) / HOUR;
          for (BalanceScope scope : BalanceScope.values()) {
            state.apply(new TradeBalance(BalanceLevel.PORT, id, scope, t, n * 7, n, n / 3));
            records++;
          }
        }
      }
    }
    long after = usedAfterCollections();
    int ports = catalogue.ports().size();
    long perPort = (after - before) / ports;
    System.out.printf(
        "[history] %d ports x %d days: %,d records held (of %,d applied), %.1f KiB a port, %.0f B"
            + " a record, %.1f MiB in all%n",
        ports,
        DAYS,
        state.historyRecords(),
        records,
        perPort / 1024.0,
        (after - before) / (double) state.historyRecords(),
        (after - before) / 1048576.0);
    assertThat(state.historyRecords()).as("30 days, all within the horizon").isEqualTo(records);
    assertThat(perPort).as("bytes a port").isBetween(1L, 2L * 1024 * 1024);
    assertThat(state.ports()).hasSize(ports); // keeps the state reachable until measured
  }

  private static long usedAfterCollections() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // a few rounds: a full collection may leave garbage a following one finds
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
