package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.stream.Stream;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.Scenario;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.JsonLinesSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The same seed sends the same bytes, injection included; another seed sends other bytes. */
class SeedDeterminismTest {
  private static final InjectionSettings INJECTION =
      new InjectionSettings(
          2 * 60_000L, 0.02, 0.01, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0.01);

  static Stream<String> scenarios() {
    return Scenarios.all().stream().map(Scenario::name);
  }

  private static byte[] dryRun(String scenario, long seed) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLinesSink sink = new JsonLinesSink(bytes);
    Replay.of(
            CollectingSink.plan(scenario, 2, seed, INJECTION),
            CollectingSink.CATALOGUE,
            sink,
            Pacer.unlimited(),
            null)
        .run();
    sink.close();
    return bytes.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void sameSeedSameBytesOtherSeedOtherBytes(String scenario) {
    byte[] first = dryRun(scenario, 42L);
    byte[] again = dryRun(scenario, 42L);
    byte[] other = dryRun(scenario, 43L);

    assertThat(first).isNotEmpty();
    assertThat(Arrays.equals(first, again))
        .as("%s: two replays with seed 42 send identical bytes", scenario)
        .isTrue();
    assertThat(other).isNotEmpty();
    assertThat(Arrays.equals(first, other))
        .as("%s: seed 43 sends different bytes from seed 42", scenario)
        .isFalse();
  }

  @Test
  void everyScenarioIsCovered() {
    assertThat(scenarios())
        .containsExactly(
            "ilstc-2019", "pingxiang-overload", "baseline", "corridor-ports", "clearance-backlog");
  }
}
