package org.corridorwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bands and the derived figures, at their boundaries and on the source's own numbers. */
class ContractFiguresTest {

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    "0, 1000, NORMAL",
    "849, 1000, NORMAL",
    "850, 1000, BUSY",
    "1000, 1000, BUSY",
    "1001, 1000, OVER",
    "1250, 1000, OVER",
    "1251, 1000, SEVERE",
    "1350, 1000, SEVERE",
    // 0.85 of 7 is 5.95: 5 is below, 6 is above
    "5, 7, NORMAL",
    "6, 7, BUSY",
  })
  void bandFollowsTheExactRatio(long trips, long max, UtilisationBand expected) {
    assertThat(UtilisationBand.of(trips, max)).isEqualTo(expected);
  }

  @Test
  void bandNeedsAPositiveCapacity() {
    assertThatThrownBy(() -> UtilisationBand.of(5, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shuttleImbalanceMatchesTheSourceFigures() {
    TradeBalance road =
        new TradeBalance(
            BalanceLevel.CORRIDOR, "ILSTC-ROAD", BalanceScope.CUMULATIVE, 0L, 1353, 107, 44);

    assertThat(road.ratio()).hasToString("12.64");
    assertThat(road.inboundShare()).hasToString("0.0733");
    assertThat(road.emptyInboundShare()).hasToString("0.4112");
    assertThat(road.key()).isEqualTo("CORRIDOR:ILSTC-ROAD");
  }

  @Test
  void ratioAndSharesAreNullWhereTheyWouldDivideByZero() {
    TradeBalance outOnly =
        new TradeBalance(
            BalanceLevel.LINE, "ILSTC-ROAD-MIDDLE", BalanceScope.ROLLING_30D, 0L, 5, 0, 0);
    TradeBalance nothing =
        new TradeBalance(BalanceLevel.PORT, "CN-PINGXIANG", BalanceScope.CUMULATIVE, 0L, 0, 0, 0);

    assertThat(outOnly.ratio()).isNull();
    assertThat(outOnly.emptyInboundShare()).isNull();
    assertThat(outOnly.inboundShare()).hasToString("0");
    assertThat(nothing.inboundShare()).isNull();
  }

  @ParameterizedTest(name = "{0}/{1} to {2} places = {3}")
  @CsvSource({
    "1350, 1000, 4, 1.35",
    "1000, 1000, 4, 1",
    "1, 3, 4, 0.3333",
    "2, 3, 4, 0.6667",
    // exactly half rounds up
    "1, 8, 2, 0.13",
    "5, 10000, 3, 0.001",
    "1, 20000, 4, 0.0001",
    "0, 9, 2, 0",
  })
  void roundsHalfUpWithoutTrailingZerosOrExponents(long num, long den, int places, String text) {
    assertThat(ContractDecimals.halfUp(num, den, places).toPlainString()).isEqualTo(text);
  }

  @Test
  void utilisationIsDerivedFromTheCounts() {
    PortUtilisation reading = new PortUtilisation("CN-PINGXIANG", 0L, 86_400_000L, 1350, 800, 1000);

    assertThat(reading.utilisation()).hasToString("1.35");
    assertThat(reading.band()).isEqualTo(UtilisationBand.SEVERE);
  }
}
