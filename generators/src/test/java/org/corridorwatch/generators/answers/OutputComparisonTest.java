package org.corridorwatch.generators.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.junit.jupiter.api.Test;

/** An output key written twice fails the comparison, with equal values or not. */
class OutputComparisonTest {
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;

  private static PortUtilisation reading(String port, int slot, long trips) {
    long end = (slot + 96) * SLOT;
    return new PortUtilisation(port, end - EventTimeRules.DAY_MILLIS, end, trips, 800, 1000);
  }

  private static final List<PortUtilisation> WANT =
      List.of(reading("CN-PINGXIANG", 1, 10), reading("CN-PINGXIANG", 2, 12));

  private static OutputComparison compare(List<PortUtilisation> got) {
    return OutputComparison.of("u", WANT, got, Function.identity(), OutputKeys::reading);
  }

  @Test
  void eachKeyOnceIsEqual() {
    OutputComparison c = compare(WANT);
    assertThat(c.equal()).isTrue();
    assertThat(c.rewritten()).isZero();
  }

  @Test
  void keyWrittenTwiceWithEqualValues() {
    OutputComparison c = compare(List.of(WANT.get(0), WANT.get(1), WANT.get(1)));
    assertThat(c.equal()).isFalse();
    assertThat(c.rewritten()).isEqualTo(1);
    assertThat(c.duplicated()).isEqualTo(1);
    assertThat(c.examples())
        .anySatisfy(e -> assertThat(e).contains("key written 2x").contains("equal values"));
    assertThat(c.summary()).contains("1 rewritten");
  }

  @Test
  void keyWrittenTwiceWithDifferentValues() {
    OutputComparison c = compare(List.of(WANT.get(0), WANT.get(1), reading("CN-PINGXIANG", 2, 13)));
    assertThat(c.equal()).isFalse();
    assertThat(c.rewritten()).isEqualTo(1);
    assertThat(c.lost()).isZero();
    assertThat(c.unexpected()).isEqualTo(1);
    assertThat(c.examples())
        .anySatisfy(e -> assertThat(e).contains("key written 2x").contains("values differ"));
  }

  @Test
  void aKeyTheAnswersListTwiceMayBeReadTwice() {
    List<PortUtilisation> twice = List.of(WANT.get(0), WANT.get(0));
    OutputComparison c =
        OutputComparison.of("u", twice, twice, Function.identity(), OutputKeys::reading);
    assertThat(c.equal()).isTrue();
  }

  @Test
  void withoutAnOutputKeyNothingIsCountedRewritten() {
    OutputComparison c =
        OutputComparison.of(
            "u", WANT, List.of(WANT.get(0), WANT.get(1), reading("CN-PINGXIANG", 2, 13)));
    assertThat(c.rewritten()).isZero();
    assertThat(c.unexpected()).isEqualTo(1);
  }
}
