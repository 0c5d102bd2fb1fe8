package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/** Each port's customs waits as the console keeps them: the newest slot end wins. */
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
        .extracting(ConsoleState.WaitsView::portId, ConsoleState.WaitsView::waiting)
        .containsExactly(tuple("CN-PINGXIANG", 42L), tuple("LA-BOTEN", 3L));
  }

  @Test
  void aRecordOfTheSameSlotEndReplacesTheOneShown() {
    state.apply(busy("CN-PINGXIANG", T, 42));
    ConsoleState.WaitsView again = state.apply(busy("CN-PINGXIANG", T, 43));

    assertThat(again).isNotNull();
    assertThat(state.waits())
        .singleElement()
        .extracting(ConsoleState.WaitsView::waiting)
        .isEqualTo(43L);
  }

  @Test
  void theQuietRecordThatEndsARunReplacesTheBusyOneWithNullFigures() {
    state.apply(busy("CN-PINGXIANG", T, 42));
    state.apply(PortWaits.quiet("CN-PINGXIANG", T, T + HOUR));

    ConsoleState.WaitsView shown = state.waits().get(0);
    assertThat(shown.quiet()).isTrue();
    assertThat(shown.waiting()).isZero();
    assertThat(shown.oldestWaitMinutes()).isNull();
    assertThat(shown.clearanceMinutesP50()).isNull();
    assertThat(shown.clearanceMinutesP90()).isNull();
    assertThat(shown.windowEnd()).isEqualTo(T + HOUR);
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
}
