package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/** {@code /metrics} exports each port's waits; a figure with nothing to measure has no sample. */
class ConsoleMetricsTest {
  private static final long T = ConsoleStateTest.T;

  private final ConsoleState state = new ConsoleState(CorridorCatalogue.standard());
  private final ConsoleMetrics metrics =
      new ConsoleMetrics(state, () -> 0, () -> true, () -> 0, new SseHub());

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exportsWaitingOldestWaitAndClearanceQuantilesPerPort() throws Exception {
    state.apply(ConsoleStateTest.busy("CN-PINGXIANG", T, 42));

    assertThat(scrape())
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"CN-PINGXIANG\"} 42.0")
        .contains("corridorwatch_console_port_oldest_wait_minutes{port=\"CN-PINGXIANG\"} 187.0")
        .contains(
            "corridorwatch_console_port_clearance_minutes{port=\"CN-PINGXIANG\",quantile=\"0.5\"}"
                + " 35.0")
        .contains(
            "corridorwatch_console_port_clearance_minutes{port=\"CN-PINGXIANG\",quantile=\"0.9\"}"
                + " 71.0");
  }

  @Test
  void aNullFigureHasNoSampleWhileTheCountsStillDo() throws Exception {
    state.apply(ConsoleStateTest.busy("CN-PINGXIANG", T, 42));
    // waiting, but no decision in the hour: an oldest wait and no clearance times
    state.apply(
        new PortWaits(
            "LA-BOTEN",
            T - PortWaits.WINDOW_MILLIS,
            T,
            5,
            30L,
            0,
            null,
            null,
            null,
            0,
            null,
            null));
    state.apply(PortWaits.quiet("CN-MOHAN", T - PortWaits.WINDOW_MILLIS, T));

    String text = scrape();
    assertThat(text)
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"LA-BOTEN\"} 5.0")
        .contains("corridorwatch_console_port_oldest_wait_minutes{port=\"LA-BOTEN\"} 30.0")
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"CN-MOHAN\"} 0.0")
        .doesNotContain("clearance_minutes{port=\"LA-BOTEN\"")
        .doesNotContain("oldest_wait_minutes{port=\"CN-MOHAN\"")
        .doesNotContain("clearance_minutes{port=\"CN-MOHAN\"")
        .doesNotContain("NaN");
  }
}
