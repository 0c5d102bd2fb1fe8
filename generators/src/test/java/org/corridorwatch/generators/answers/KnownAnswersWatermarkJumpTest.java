package org.corridorwatch.generators.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/**
 * The known answers hold the watermark back from a lone record years ahead exactly as the job does
 * (both follow {@code EventTimeFrontier}), and follow a jump once records spanning a slot confirm
 * it.
 */
class KnownAnswersWatermarkJumpTest {
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();
  private static final InputTopics TOPICS = InputTopics.contract();
  private static final long MINUTE = 60_000L;
  private static final long T0 = Instant.parse("2019-07-01T08:00:00Z").toEpochMilli();
  private static final long YEARS_AHEAD = Instant.parse("2025-06-01T08:07:00Z").toEpochMilli();

  private int ids;

  private KnownAnswers answers() {
    return new KnownAnswers(
        CATALOGUE,
        CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds())),
        TOPICS,
        5 * MINUTE,
        EventTimeRules.DAY_MILLIS);
  }

  private Delivery departure(long eventTime) {
    BorderCrossing c =
        new BorderCrossing(
            "c-" + ids++,
            "CN-PINGXIANG",
            "GX-" + ids,
            CrossingStage.DEPARTED,
            CrossingDirection.EXPORT,
            VehicleType.TRUCK,
            true,
            eventTime);
    return new Delivery(
        TOPICS.crossings(),
        "CN-PINGXIANG".getBytes(StandardCharsets.UTF_8),
        new byte[0],
        eventTime,
        Delivery.Kind.EVENT,
        c,
        null);
  }

  /** A departure a minute for two hours, with {@code inserted} after the first hour. */
  private List<Delivery> twoHoursWith(List<Long> inserted) {
    List<Delivery> stream = new ArrayList<>();
    for (int minute = 0; minute < 120; minute++) {
      if (minute == 60) {
        inserted.forEach(t -> stream.add(departure(t)));
      }
      stream.add(departure(T0 + minute * MINUTE));
    }
    return stream;
  }

  @Test
  void aLoneRecordYearsAheadIsCountedInItsSlotAndMakesNothingLate() {
    KnownAnswers clean = answers();
    twoHoursWith(List.of()).forEach(clean::observe);
    KnownAnswers poisoned = answers();
    twoHoursWith(List.of(YEARS_AHEAD, YEARS_AHEAD)).forEach(poisoned::observe);

    assertThat(poisoned.deadLetters().get(RejectReason.LATE)).isZero();
    List<PortUtilisation> readings = poisoned.utilisationReadings();
    assertThat(readings.stream().filter(u -> u.windowEndMillis() < YEARS_AHEAD))
        .containsExactlyElementsOf(clean.utilisationReadings());
    assertThat(readings.stream().filter(u -> u.windowEndMillis() > YEARS_AHEAD))
        .hasSize(EventTimeRules.SLOTS_PER_WINDOW + 1)
        .first()
        .extracting(PortUtilisation::trips)
        .isEqualTo(2L);
  }

  @Test
  void aJumpConfirmedByRecordsSpanningASlotIsFollowed() {
    KnownAnswers answers = answers();
    twoHoursWith(List.of(YEARS_AHEAD, YEARS_AHEAD + 15 * MINUTE)).forEach(answers::observe);

    // the new range is confirmed: the second hour of 2019 arrives after its slots were emitted
    assertThat(answers.deadLetters().get(RejectReason.LATE)).isEqualTo(60L);
  }
}
