package org.corridorwatch.seeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Proves the catalogue carries the source documents' figures exactly, on the lines it cites. */
class SourceFiguresTest {
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  @Test
  void pingxiangDesignedCapacityIsTheSources800To1000() {
    Capacity capacity = CATALOGUE.port("CN-PINGXIANG").capacity();

    assertThat(capacity.designedTripsPerDayMin()).isEqualTo(800);
    assertThat(capacity.designedTripsPerDayMax()).isEqualTo(1000);
    assertThat(capacity.provenance().assumed()).isFalse();
    assertCitedLineContains(capacity.provenance(), capacity.designedTripsPerDayMin());
    assertCitedLineContains(capacity.provenance(), capacity.designedTripsPerDayMax());
  }

  @Test
  void pingxiangActualTripsAreTheSources1200To1500() {
    assertFigure("pingxiang-actual-trips-min", "CN-PINGXIANG", 1200);
    assertFigure("pingxiang-actual-trips-max", "CN-PINGXIANG", 1500);
  }

  @Test
  void ilstcRoadShuttlesAreTheSources1460Split1353And107() {
    assertFigure("ilstc-road-shuttles-total", "ILSTC-ROAD", 1460);
    assertFigure("ilstc-road-shuttles-outbound", "ILSTC-ROAD", 1353);
    assertFigure("ilstc-road-shuttles-return", "ILSTC-ROAD", 107);
    assertThat(CATALOGUE.corridors()).extracting(Corridor::id).contains("ILSTC-ROAD");
  }

  @Test
  void ilstcRoadShuttlesOutboundAndReturnAddUpToTheTotal() {
    BigDecimal outbound = CATALOGUE.figure("ilstc-road-shuttles-outbound").value();
    BigDecimal back = CATALOGUE.figure("ilstc-road-shuttles-return").value();
    BigDecimal total = CATALOGUE.figure("ilstc-road-shuttles-total").value();

    assertThat(outbound.add(back)).isEqualByComparingTo(total).isEqualByComparingTo("1460");
  }

  @ParameterizedTest(name = "{0} is {1} km")
  @CsvSource({
    "ILSTC-ROAD-EASTERN,        3400",
    "ILSTC-ROAD-SECOND-EASTERN, 4300",
    "ILSTC-ROAD-MIDDLE,         2800",
    "ILSTC-ROAD-WESTERN,        2700",
    "ILSTC-ROAD-ASIA-EUROPE,    12400"
  })
  void roadLineLengthsAreTheSources(String lineId, int km) {
    Line line = CATALOGUE.line(lineId);

    assertThat(line.lengthKm()).isEqualTo(km);
    assertCitedLineContains(line.provenance(), line.lengthKm());
  }

  static Stream<Arguments> figures() {
    return CATALOGUE.figures().stream().map(f -> Arguments.of(Named.of(f.id(), f)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("figures")
  void everyFigureIsOnTheLineItCites(ReportedFigure figure) {
    assertCitedLineContains(figure.provenance(), figure.value());
  }

  private static void assertFigure(String id, String subject, long value) {
    ReportedFigure figure = CATALOGUE.figure(id);

    assertThat(figure.value()).as(id).isEqualByComparingTo(BigDecimal.valueOf(value));
    assertThat(figure.subject()).as(id + " subject").isEqualTo(subject);
    assertCitedLineContains(figure.provenance(), figure.value());
  }

  private static void assertCitedLineContains(Provenance provenance, long value) {
    assertCitedLineContains(provenance, BigDecimal.valueOf(value));
  }

  /**
   * The cited line holds {@code value} as the documents write it, as a whole number: "107" is not
   * found inside "1,107" or "107.5".
   */
  private static void assertCitedLineContains(Provenance provenance, BigDecimal value) {
    assertThat(provenance.assumed()).as("%s is assumed, not cited", value).isFalse();
    String written = asWritten(value);
    String line = SourceDocuments.line(provenance);
    Pattern number = Pattern.compile("(?<![\\d.,])" + Pattern.quote(written) + "(?![\\d]|[.,]\\d)");

    assertThat(line)
        .as("%s (%s) should be on %s", written, value, provenance.label())
        .containsPattern(number);
  }

  /** {@code 1460} as "1,460", {@code 56.55} as "56.55": thousands separators, no other change. */
  static String asWritten(BigDecimal value) {
    return String.format(Locale.ROOT, "%,." + Math.max(0, value.scale()) + "f", value);
  }
}
