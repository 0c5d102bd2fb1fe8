package org.corridorwatch.generators.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.PINGXIANG;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.readings;
import static org.corridorwatch.generators.answers.SustainedOverloadScenarios.times;

import java.util.List;
import org.corridorwatch.generators.answers.SustainedOverloadScenarios.Scenario;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The counting oracle against the hand-written {@link SustainedOverloadScenarios}, the same
 * expectations the job's CEP patterns and lifecycle are held to.
 */
class SustainedOverloadOracleTest {

  static List<Scenario> scenarios() {
    return SustainedOverloadScenarios.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void givesTheHandWrittenTransitions(Scenario scenario) {
    for (String port : scenario.ports()) {
      assertThat(SustainedOverloadOracle.alerts(scenario.readingsOf(port)))
          .as("%s: %s", scenario, port)
          .containsExactlyElementsOf(scenario.expectedOf(port));
    }
  }

  @Test
  void theScenariosCoverEveryTransitionAndSeverity() {
    List<ExpectedAlert> all = scenarios().stream().flatMap(s -> s.expected().stream()).toList();
    assertThat(all)
        .extracting(ExpectedAlert::status)
        .contains(AlertStatus.RAISED, AlertStatus.ESCALATED, AlertStatus.CLEARED);
    assertThat(all)
        .extracting(ExpectedAlert::severity)
        .contains(AlertSeverity.WARNING, AlertSeverity.CRITICAL);
    assertThat(scenarios()).anySatisfy(s -> assertThat(s.ports()).hasSize(2));
  }

  @Test
  void raisesOnTheFourthConsecutiveReadingNotTheThird() {
    assertThat(SustainedOverloadOracle.alerts(readings(PINGXIANG, 1100, 1100, 1100))).isEmpty();
    assertThat(SustainedOverloadOracle.alerts(readings(PINGXIANG, 1100, 1100, 1100, 1100)))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.RAISED);
              assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
              assertThat(a.alertId())
                  .isEqualTo("SUSTAINED_OVERLOAD:CN-PINGXIANG:2026-11-22T06:15:00Z");
              assertThat(a.startedAtMillis()).isEqualTo(SustainedOverloadScenarios.FIRST_END);
            });
  }

  @Test
  void aLongOverloadIsOneEpisodeAndANewOneAfterClearingHasANewId() {
    List<ExpectedAlert> alerts =
        SustainedOverloadOracle.alerts(
            readings(
                PINGXIANG,
                SustainedOverloadScenarios.then(
                    times(12, 1100), times(4, 800), times(4, 1300), times(4, 800))));

    assertThat(alerts)
        .extracting(ExpectedAlert::status, ExpectedAlert::severity)
        .containsExactly(
            tuple(AlertStatus.RAISED, AlertSeverity.WARNING),
            tuple(AlertStatus.CLEARED, AlertSeverity.WARNING),
            tuple(AlertStatus.RAISED, AlertSeverity.CRITICAL),
            tuple(AlertStatus.CLEARED, AlertSeverity.CRITICAL));
    assertThat(alerts.get(0).alertId()).isEqualTo(alerts.get(1).alertId());
    assertThat(alerts.get(2).alertId())
        .isEqualTo(alerts.get(3).alertId())
        .isNotEqualTo(alerts.get(0).alertId())
        .isEqualTo(SustainedOverloadScenarios.alertId(PINGXIANG, 16));
  }
}
