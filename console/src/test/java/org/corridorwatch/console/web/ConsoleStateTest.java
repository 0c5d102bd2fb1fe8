package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
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

/**
 * What the console keeps: each port's newest waits (the newest slot end wins), the history of each
 * key, and cleared alert episodes folded per type and subject.
 */
class ConsoleStateTest {
  static final long SLOT = 900_000L;
  static final long HOUR = PortWaits.WINDOW_MILLIS;
  static final long T = Instant.parse("2019-07-03T08:15:00Z").toEpochMilli();

  private final ConsoleState state = new ConsoleState(CorridorCatalogue.standard());

  /** The contract's example figures at {@code windowEnd}. */
  static PortWaits busy(String port, long windowEnd, long waiting) {
    return new PortWaits(
        port, windowEnd - HOUR, windowEnd, waiting, 187L, 96, 35L, 71L, 140L, 90, 58L, 96L);
  }

  @Test
  void keepsTheNewestWaitsOfEachPortAndIgnoresAnOlderOneReadLater() {
    assertThat(state.apply(busy("CN-PINGXIANG", T, 42))).isNotNull();
    assertThat(state.apply(busy("CN-PINGXIANG", T - SLOT, 17))).as("older: not shown").isNull();
    assertThat(state.apply(busy("LA-BOTEN", T - SLOT, 3))).isNotNull();

    assertThat(state.waits())
        .extracting(PortWaits::portId, PortWaits::waiting)
        .containsExactly(tuple("CN-PINGXIANG", 42L), tuple("LA-BOTEN", 3L));
  }

  @Test
  void aRecordOfTheSameSlotEndReplacesTheOneShown() {
    state.apply(busy("CN-PINGXIANG", T, 42));
    PortWaits again = state.apply(busy("CN-PINGXIANG", T, 43));

    assertThat(again).isNotNull();
    assertThat(state.waits()).singleElement().extracting(PortWaits::waiting).isEqualTo(43L);
  }

  @Test
  void theQuietRecordThatEndsARunReplacesTheBusyOneWithNullFigures() {
    state.apply(busy("CN-PINGXIANG", T, 42));
    state.apply(PortWaits.quiet("CN-PINGXIANG", T, T + HOUR));

    PortWaits shown = state.waits().get(0);
    assertThat(shown.endsRun()).isTrue();
    assertThat(shown.waiting()).isZero();
    assertThat(shown.oldestWaitMinutes()).isNull();
    assertThat(shown.clearanceMinutesP50()).isNull();
    assertThat(shown.clearanceMinutesP90()).isNull();
    assertThat(shown.windowEndMillis()).isEqualTo(T + HOUR);
  }

  @Test
  void aPortCardCarriesItsWaitsWhicheverTopicWasReadFirst() {
    // waits before the port's first reading: listed with the waits, no card yet
    state.apply(busy("CN-PINGXIANG", T, 42));
    assertThat(state.ports()).isEmpty();
    assertThat(state.waits()).hasSize(1);

    state.apply(new PortUtilisation("CN-PINGXIANG", T - 86_400_000L, T, 1350, 800, 1000));
    ConsoleState.PortView card = state.ports().get(0);
    assertThat(card.waits()).isNotNull();
    assertThat(card.waits().waiting()).isEqualTo(42);
    assertThat(card.waits().clearanceMinutesP90()).isEqualTo(71L);

    state.apply(busy("CN-PINGXIANG", T + SLOT, 50));
    assertThat(state.ports().get(0).waits().waiting()).isEqualTo(50);
  }

  @Test
  void aPortWithoutWaitsHasNoneOnItsCard() {
    state.apply(new PortUtilisation("LA-BOTEN", T - 86_400_000L, T, 300, 250, 350));
    assertThat(state.ports().get(0).waits()).isNull();
  }

  @Test
  void waitsMoveTheEventTimeClockOn() {
    assertThat(state.clock(0).eventTimeReached()).isEqualTo(Long.MIN_VALUE);
    state.apply(busy("CN-PINGXIANG", T, 42));
    assertThat(state.clock(0).eventTimeReached()).isEqualTo(T);
  }

  @Test
  void namesAPortFromTheCatalogueAndAnUnknownOneByItsId() {
    assertThat(state.portName("CN-PINGXIANG")).contains("Pingxiang");
    assertThat(state.portName("XX-NOWHERE")).isEqualTo("XX-NOWHERE");
  }

  @Test
  void aReadingOfAPortThisConsoleDoesNotKnowIsShownUnderItsId() {
    // a job with a newer catalogue than the console's: its readings are shown, not refused
    ConsoleState.PortView shown =
        state.apply(new PortUtilisation("VN-HUU-NGHI", T - 86_400_000L, T, 10, 800, 1_000));
    state.apply(new PortUtilisation("CN-PINGXIANG", T - 86_400_000L, T, 1_350, 800, 1_000));

    assertThat(shown.name()).isEqualTo("VN-HUU-NGHI");
    assertThat(state.ports())
        .extracting(
            ConsoleState.PortView::portId,
            ConsoleState.PortView::name,
            ConsoleState.PortView::trips)
        .containsExactlyInAnyOrder(
            tuple("VN-HUU-NGHI", "VN-HUU-NGHI", 10L),
            tuple("CN-PINGXIANG", state.portName("CN-PINGXIANG"), 1_350L));
  }

  @Test
  void holdsThirtyDaysOfReadingsPerPortAndTheSparklineIsTheLastDay() {
    long day = 86_400_000L;
    long start = T - 40 * day;
    for (long end = start; end <= T; end += SLOT) {
      state.apply(new PortUtilisation("CN-PINGXIANG", end - day, end, 1_200, 800, 1_000));
    }

    List<PortUtilisation> held = state.utilisationHistory("CN-PINGXIANG", 0, Long.MAX_VALUE);
    assertThat(held).hasSize(30 * 96);
    assertThat(held.get(0).windowEndMillis()).isEqualTo(T - 30 * day + SLOT);
    assertThat(held.get(held.size() - 1).windowEndMillis()).isEqualTo(T);
    assertThat(state.utilisationHistory("CN-PINGXIANG", T - day + 1, T + 1)).hasSize(96);
    assertThat(state.ports().get(0).last24h()).hasSize(ConsoleState.SPARKLINE);
    assertThat(state.newestReading("CN-PINGXIANG")).isEqualTo(T);
    assertThat(state.utilisationHistory("LA-BOTEN", 0, Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void anOlderReadingReadLaterJoinsTheHistoryButNotTheCard() {
    state.apply(new PortUtilisation("CN-PINGXIANG", T - 86_400_000L, T, 1_350, 800, 1_000));
    assertThat(
            state.apply(
                new PortUtilisation(
                    "CN-PINGXIANG", T - SLOT - 86_400_000L, T - SLOT, 1_340, 800, 1_000)))
        .isNull();

    assertThat(state.utilisationHistory("CN-PINGXIANG", 0, Long.MAX_VALUE))
        .extracting(PortUtilisation::trips)
        .containsExactly(1_340L, 1_350L);
    assertThat(state.ports().get(0).trips()).isEqualTo(1_350);
  }

  @Test
  void waitsAndBalancesKeepTheirHistoryByKey() {
    state.apply(busy("CN-PINGXIANG", T, 42));
    state.apply(busy("CN-PINGXIANG", T + SLOT, 43));
    state.apply(busy("LA-BOTEN", T, 3));
    long hour = 3_600_000L;
    state.apply(
        new TradeBalance(
            BalanceLevel.LINE, "ILSTC-ROAD-EASTERN", BalanceScope.CUMULATIVE, T, 10, 1, 0));
    state.apply(
        new TradeBalance(
            BalanceLevel.LINE, "ILSTC-ROAD-EASTERN", BalanceScope.CUMULATIVE, T + hour, 12, 1, 0));
    state.apply(
        new TradeBalance(
            BalanceLevel.LINE, "ILSTC-ROAD-EASTERN", BalanceScope.ROLLING_30D, T + hour, 9, 1, 0));

    assertThat(state.waitsHistory("CN-PINGXIANG", 0, Long.MAX_VALUE))
        .extracting(PortWaits::waiting)
        .containsExactly(42L, 43L);
    assertThat(
            state.balanceHistory(
                BalanceLevel.LINE,
                "ILSTC-ROAD-EASTERN",
                BalanceScope.CUMULATIVE,
                0,
                Long.MAX_VALUE))
        .extracting(TradeBalance::outbound)
        .containsExactly(10L, 12L);
    assertThat(
            state.newestBalance(BalanceLevel.LINE, "ILSTC-ROAD-EASTERN", BalanceScope.ROLLING_30D))
        .isEqualTo(T + hour);
    assertThat(state.historyRecords()).isEqualTo(6);
  }

  @Test
  void clearedEpisodesFoldPerTypeAndSubjectWithTheirCountAndLastClear() {
    for (int i = 0; i < 8; i++) {
      long started = T + i * 4 * SLOT;
      state.apply(queueGrowth("CN-PINGXIANG", started, AlertStatus.RAISED, started));
      state.apply(queueGrowth("CN-PINGXIANG", started, AlertStatus.CLEARED, started + 2 * SLOT));
    }
    state.apply(queueGrowth("LA-BOTEN", T, AlertStatus.RAISED, T));
    state.apply(queueGrowth("LA-BOTEN", T, AlertStatus.CLEARED, T + SLOT));
    long reopened = T + 40 * SLOT;
    state.apply(queueGrowth("CN-PINGXIANG", reopened, AlertStatus.RAISED, reopened));

    assertThat(state.openAlerts())
        .extracting(ConsoleState.AlertView::subject)
        .containsExactly("CN-PINGXIANG");
    assertThat(state.clearedFolds())
        .extracting(ConsoleState.ClearedFold::subject, ConsoleState.ClearedFold::cleared)
        .containsExactly(tuple("CN-PINGXIANG", 8), tuple("LA-BOTEN", 1));
    assertThat(state.clearedFolds().get(0).last().detectedAt())
        .isEqualTo(T + 7 * 4 * SLOT + 2 * SLOT);
  }

  @Test
  void aRepeatedOrStaleTransitionNeitherClosesTheNextEpisodeNorCountsAgain() {
    Alert raisedA = queueGrowth("CN-PINGXIANG", T, AlertStatus.RAISED, T);
    Alert clearedA = queueGrowth("CN-PINGXIANG", T, AlertStatus.CLEARED, T + 2 * SLOT);
    long later = T + 8 * SLOT;
    state.apply(raisedA);
    state.apply(clearedA);
    state.apply(queueGrowth("CN-PINGXIANG", later, AlertStatus.RAISED, later));

    // a job restarted without state writes the old episode's records again
    assertThat(state.apply(clearedA)).as("a repeat is not shown again").isNull();
    assertThat(state.apply(raisedA)).as("nor is a RAISED after its episode cleared").isNull();

    assertThat(state.openAlerts())
        .extracting(ConsoleState.AlertView::alertId)
        .containsExactly("QUEUE_GROWTH:CN-PINGXIANG:" + Instant.ofEpochMilli(later));
    assertThat(state.clearedFolds())
        .extracting(ConsoleState.ClearedFold::cleared)
        .containsExactly(1);
  }

  private static Alert queueGrowth(
      String port, long startedAt, AlertStatus status, long detectedAt) {
    return new Alert(
        "QUEUE_GROWTH:" + port + ":" + Instant.ofEpochMilli(startedAt),
        AlertType.QUEUE_GROWTH,
        port,
        AlertSeverity.WARNING,
        status,
        startedAt,
        detectedAt,
        "queue at " + port,
        "{}");
  }
}
