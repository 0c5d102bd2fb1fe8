package org.corridorwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.corridorwatch.console.web.ConsoleState;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/** The terminal summary shows the newest of everything and how far event time has come. */
class CorridorSummaryTest {
  private static final long DAY = 86_400_000L;
  private static final long HOUR = PortWaits.WINDOW_MILLIS;
  private static final long T = Instant.parse("2019-07-03T08:15:00Z").toEpochMilli();

  private final ConsoleState summary = new ConsoleState(CorridorCatalogue.standard());

  private static PortUtilisation pingxiang(long windowEnd, long trips) {
    return new PortUtilisation("CN-PINGXIANG", windowEnd - DAY, windowEnd, trips, 800, 1000);
  }

  private static TradeBalance ilstc(long asOf, long out, long in, BalanceScope scope) {
    return new TradeBalance(BalanceLevel.CORRIDOR, "ILSTC-ROAD", scope, asOf, out, in, 0);
  }

  private static Alert overload(AlertStatus status) {
    return new Alert(
        "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T08:15:00Z",
        AlertType.SUSTAINED_OVERLOAD,
        "CN-PINGXIANG",
        AlertSeverity.CRITICAL,
        status,
        T - 2 * DAY,
        T,
        "Pingxiang Port (Guangxi) at 135% of designed capacity",
        "{}");
  }

  @Test
  void showsTheNewestReadingAndRunningBalanceWithTheLagBehindTheClock() {
    summary.apply(pingxiang(T, 1350));
    summary.apply(pingxiang(T - 900_000L, 1200)); // older, read later: ignored
    summary.apply(ilstc(T, 1353, 107, BalanceScope.CUMULATIVE));
    summary.apply(ilstc(T, 40, 2, BalanceScope.ROLLING_30D)); // not the running count

    List<String> lines =
        CorridorSummary.lines(summary, Instant.parse("2026-11-22T08:15:00Z").toEpochMilli());

    assertThat(lines.get(0)).contains("2019-07-03T08:15:00Z").contains("days behind the clock");
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("CN-PINGXIANG")
                    .contains("Pingxiang")
                    .contains("1,350 trips")
                    .contains("135%")
                    .contains("SEVERE"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("ILSTC-ROAD")
                    .contains("out 1,353")
                    .contains("in 107")
                    .contains("ratio 12.64"))
        .noneSatisfy(l -> assertThat(l).contains("1,200"))
        .noneSatisfy(l -> assertThat(l).contains("out 40"));
  }

  @Test
  void anOpenAlertIsListedUntilItClears() {
    summary.apply(pingxiang(T, 1350));
    summary.apply(overload(AlertStatus.RAISED));
    assertThat(CorridorSummary.lines(summary, T))
        .anySatisfy(l -> assertThat(l).contains("ALERT").contains("135%"));

    summary.apply(overload(AlertStatus.CLEARED));
    assertThat(CorridorSummary.lines(summary, T)).noneSatisfy(l -> assertThat(l).contains("ALERT"));
  }

  @Test
  void showsEachPortsWaitsAndSaysSoWhenThereWereNoDecisions() {
    summary.apply(pingxiang(T, 1350));
    summary.apply(
        new PortWaits("CN-PINGXIANG", T - HOUR, T, 42, 187L, 96, 35L, 71L, 140L, 90, 58L, 96L));
    summary.apply(
        new PortWaits("LA-BOTEN", T - HOUR, T, 5, 30L, 0, null, null, null, 0, null, null));

    List<String> lines = CorridorSummary.lines(summary, T);

    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("waits")
                    .contains("CN-PINGXIANG")
                    .contains("42 waiting")
                    .contains("oldest 187 min")
                    .contains("clearance p50 35 min, p90 71 min"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("LA-BOTEN")
                    .contains("Boten")
                    .contains("5 waiting")
                    .contains("oldest 30 min")
                    .contains("no customs decisions in the last hour"));
  }

  @Test
  void aPortWhoseWaitsWentQuietHasNoWaitsLine() {
    summary.apply(
        new PortWaits("CN-PINGXIANG", T - HOUR, T, 42, 187L, 96, 35L, 71L, 140L, 90, 58L, 96L));
    summary.apply(PortWaits.quiet("CN-PINGXIANG", T, T + HOUR));

    assertThat(CorridorSummary.lines(summary, T))
        .noneSatisfy(l -> assertThat(l).contains("waiting"));
  }

  @Test
  void saysSoBeforeTheFirstReading() {
    assertThat(CorridorSummary.lines(summary, T)).containsExactly("no readings yet");
  }
}
