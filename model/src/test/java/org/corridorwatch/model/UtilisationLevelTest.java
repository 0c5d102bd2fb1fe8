package org.corridorwatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code trips / designedMax} against a level, exactly, in integers. */
class UtilisationLevelTest {

  @Test
  void exactlyAtTheLevelIsNeitherExceededNorNotReached() {
    UtilisationLevel one = UtilisationLevel.of("1.00");

    assertThat(one.exceededBy(1000, 1000)).isFalse();
    assertThat(one.notReachedBy(1000, 1000)).isFalse();
  }

  @Test
  void oneTripOverOrUnderTheLevelCounts() {
    UtilisationLevel one = UtilisationLevel.of("1.00");

    assertThat(one.exceededBy(1001, 1000)).isTrue();
    assertThat(one.notReachedBy(1001, 1000)).isFalse();
    assertThat(one.exceededBy(999, 1000)).isFalse();
    assertThat(one.notReachedBy(999, 1000)).isTrue();
  }

  @Test
  void severeLevelIsExceededOnlyAboveOneTwentyFive() {
    UtilisationLevel severe = UtilisationLevel.of("1.25");

    assertThat(severe.exceededBy(1250, 1000)).isFalse();
    assertThat(severe.exceededBy(1251, 1000)).isTrue();
    // 5/4 is 1.25 exactly, however the fraction is written
    assertThat(severe.exceededBy(5, 4)).isFalse();
    assertThat(severe.exceededBy(1_250_001, 1_000_000)).isTrue();
  }

  @Test
  void clearLevelIsNotReachedOnlyBelowPointNine() {
    UtilisationLevel clear = UtilisationLevel.of("0.90");

    assertThat(clear.notReachedBy(899, 1000)).isTrue();
    assertThat(clear.notReachedBy(900, 1000)).isFalse();
    assertThat(clear.exceededBy(900, 1000)).isFalse();
    assertThat(clear.exceededBy(901, 1000)).isTrue();
    // 9/10 is 0.90 exactly
    assertThat(clear.notReachedBy(9, 10)).isFalse();
  }

  @Test
  void aLevelThatNoDoubleHoldsExactlyIsStillComparedExactly() {
    // 0.3 has no exact double; 3 trips of 10 are exactly 0.3
    UtilisationLevel level = UtilisationLevel.of("0.3");

    assertThat(level.exceededBy(3, 10)).isFalse();
    assertThat(level.notReachedBy(3, 10)).isFalse();
    // one third is under 0.3334 and over 0.3333
    assertThat(UtilisationLevel.of("0.3334").notReachedBy(1, 3)).isTrue();
    assertThat(UtilisationLevel.of("0.3333").exceededBy(1, 3)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"1", "1.0", "1.00", "1.000", "1.0000000"})
  void levelsWrittenWithDifferentScalesBehaveTheSame(String written) {
    UtilisationLevel level = UtilisationLevel.of(written);

    assertThat(level).isEqualTo(UtilisationLevel.of("1.00"));
    assertThat(level.value()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(level.exceededBy(1000, 1000)).isFalse();
    assertThat(level.notReachedBy(1000, 1000)).isFalse();
    assertThat(level.exceededBy(1001, 1000)).isTrue();
    assertThat(level.notReachedBy(999, 1000)).isTrue();
    assertThat(level.exceededBy(10_000_001, 10_000_000)).isTrue();
  }

  @Test
  void aLevelWithTrailingZerosBeforeThePointKeepsItsValue() {
    UtilisationLevel ten = UtilisationLevel.of("10");

    assertThat(ten.value()).isEqualByComparingTo("10");
    assertThat(ten.exceededBy(10_000, 1000)).isFalse();
    assertThat(ten.exceededBy(10_001, 1000)).isTrue();
    assertThat(ten.notReachedBy(9_999, 1000)).isTrue();
  }

  @Test
  void aLevelFinerThanFourDecimalsOrAbsurdlyLargeIsRefused() {
    assertThat(UtilisationLevel.of("1.0001").value()).isEqualByComparingTo("1.0001");
    assertThatThrownBy(() -> UtilisationLevel.of("1.00001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 4 decimal places");
    assertThatThrownBy(() -> UtilisationLevel.of("1e300"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void theDefaultsAreTheContractsLevels() {
    AlertThresholds t = AlertThresholds.defaults();

    assertThat(t.overloadLevel().value()).isEqualByComparingTo("1.00");
    assertThat(t.severeLevel().value()).isEqualByComparingTo("1.25");
    assertThat(t.clearLevel().value()).isEqualByComparingTo("0.90");
    assertThat(t.overloadReadings()).isEqualTo(4);
    assertThat(t.backlogWarningCount()).isEqualTo(10);
    assertThat(t.backlogCriticalCount()).isEqualTo(30);
    assertThat(t.queueLevel().value()).isEqualByComparingTo("0.85");
    assertThat(t.queueReadings()).isEqualTo(4);
    assertThat(t.problem()).isNull();
  }
}
