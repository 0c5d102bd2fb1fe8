package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/** The waits in the API's and the stream's JSON: the topic's field names, nulls kept. */
class ConsoleJsonTest {
  private static final long T = ConsoleStateTest.T;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ConsoleState state = new ConsoleState(CorridorCatalogue.standard());
  private final ConsoleJson json = new ConsoleJson();

  @Test
  void portWaitsHaveTheTopicsFieldsWithTimesAsEpochMillis() throws Exception {
    JsonNode w =
        MAPPER.readTree(json.write(state.apply(ConsoleStateTest.busy("CN-PINGXIANG", T, 42))));

    assertThat(w.path("portId").asText()).isEqualTo("CN-PINGXIANG");
    assertThat(w.path("windowStart").asLong()).isEqualTo(T - PortWaits.WINDOW_MILLIS);
    assertThat(w.path("windowEnd").asLong()).isEqualTo(T);
    assertThat(w.path("waiting").asLong()).isEqualTo(42);
    assertThat(w.path("oldestWaitMinutes").asLong()).isEqualTo(187);
    assertThat(w.path("cleared").asLong()).isEqualTo(96);
    assertThat(w.path("clearanceMinutesP50").asLong()).isEqualTo(35);
    assertThat(w.path("clearanceMinutesP90").asLong()).isEqualTo(71);
    assertThat(w.path("clearanceMinutesMax").asLong()).isEqualTo(140);
    assertThat(w.path("departed").asLong()).isEqualTo(90);
    assertThat(w.path("dwellMinutesP50").asLong()).isEqualTo(58);
    assertThat(w.path("dwellMinutesP90").asLong()).isEqualTo(96);
    // the helper that tells the record ending a run is not part of the API
    assertThat(w.has("endsRun")).isFalse();
    assertThat(w.has("windowStartMillis")).isFalse();
    assertThat(w.size()).isEqualTo(12);
  }

  @Test
  void aFigureWithNothingToMeasureIsNullNotZero() throws Exception {
    JsonNode w =
        MAPPER.readTree(
            json.write(state.apply(PortWaits.quiet("LA-BOTEN", T - PortWaits.WINDOW_MILLIS, T))));

    assertThat(w.path("waiting").asLong()).isZero();
    for (String field :
        new String[] {
          "oldestWaitMinutes",
          "clearanceMinutesP50",
          "clearanceMinutesP90",
          "clearanceMinutesMax",
          "dwellMinutesP50",
          "dwellMinutesP90"
        }) {
      assertThat(w.get(field)).as(field).isNotNull();
      assertThat(w.get(field).isNull()).as(field).isTrue();
    }
  }

  @Test
  void aPortCardCarriesItsWaitsOrNull() throws Exception {
    state.apply(new PortUtilisation("CN-PINGXIANG", T - 86_400_000L, T, 1350, 800, 1000));
    JsonNode before = MAPPER.readTree(json.write(state.ports().get(0)));
    assertThat(before.get("waits").isNull()).isTrue();

    state.apply(ConsoleStateTest.busy("CN-PINGXIANG", T, 42));
    JsonNode after = MAPPER.readTree(json.write(state.ports().get(0)));
    assertThat(after.path("waits").path("waiting").asLong()).isEqualTo(42);
    assertThat(after.path("waits").path("clearanceMinutesP50").asLong()).isEqualTo(35);
    assertThat(after.path("trips").asLong()).isEqualTo(1350);
  }
}
