package org.corridorwatch.generators.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.Topics;
import org.junit.jupiter.api.Test;

/** The comparison behind the standalone cluster's end-to-end test must catch every way to fail. */
class UtilisationCheckTest {
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;

  private static PortUtilisation reading(String port, int slot, long trips) {
    long end = (slot + 96) * SLOT;
    return new PortUtilisation(port, end - EventTimeRules.DAY_MILLIS, end, trips, 800, 1000);
  }

  private static final List<PortUtilisation> WANT =
      List.of(reading("pingxiang", 1, 10), reading("pingxiang", 2, 12), reading("hekou", 1, 3));

  @Test
  void equalInAnyInterleavingOfPorts() {
    List<PortUtilisation> got = List.of(WANT.get(2), WANT.get(0), WANT.get(1));
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, got)).isEmpty();
  }

  @Test
  void missingReading() {
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, WANT.subList(0, 2)))
        .singleElement()
        .asString()
        .startsWith("1 expected readings missing");
  }

  @Test
  void doubledReading() {
    List<PortUtilisation> got = List.of(WANT.get(0), WANT.get(1), WANT.get(2), WANT.get(2));
    // a doubled reading also repeats its port's window end: both are reported
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, got))
        .first()
        .asString()
        .startsWith("1 readings not expected (or doubled)");
  }

  @Test
  void aWindowWrittenTwiceWithEqualFiguresFails() {
    List<PortUtilisation> got = List.of(WANT.get(0), WANT.get(1), WANT.get(1), WANT.get(2));
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, got))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("1 readings rewrote a port's window already written")
                    .contains("1 rewritten")
                    .contains("(equal values)"));
  }

  @Test
  void aWindowWrittenTwiceWithDifferentFiguresFails() {
    // first a wrong figure, then the right one: nothing is missing, yet the slot was written twice
    List<PortUtilisation> got =
        List.of(WANT.get(0), reading("pingxiang", 2, 13), WANT.get(1), WANT.get(2));
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, got))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("1 readings rewrote a port's window already written")
                    .contains("values differ"));
  }

  @Test
  void wrongFigure() {
    List<PortUtilisation> got = List.of(WANT.get(0), reading("pingxiang", 2, 13), WANT.get(2));
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, got)).hasSize(2);
  }

  @Test
  void portOutOfWindowOrder() {
    List<PortUtilisation> got = List.of(WANT.get(1), WANT.get(0), WANT.get(2));
    assertThat(UtilisationCheck.compare(Topics.PORT_UTILISATION, WANT, got))
        .singleElement()
        .asString()
        .startsWith("port pingxiang: reading for");
  }
}
