package org.corridorwatch.generators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.kafka.InputTopics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the injector adds to a clean stream, on two days of pingxiang-overload: exact proportions,
 * malformed records that get exactly their intended reason, late copies that are late, duplicates
 * that are byte copies, and disorder within its bound. The oracle must agree with all of it.
 */
class InjectionTest {
  private static final long DISORDER = 2 * 60_000L;
  private static final long OUT_OF_ORDERNESS = 5 * 60_000L;
  private static final InjectionSettings INJECTION =
      new InjectionSettings(DISORDER, 0.02, 0.01, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0.01);
  private static final long SEED = 7L;

  private static List<Delivery> deliveries;
  private static KnownAnswers answers;
  private static Map<Delivery.Kind, Long> perKind;
  private static long clean;

  @BeforeAll
  static void replay() {
    answers = CollectingSink.oracle();
    deliveries =
        CollectingSink.replay(
                CollectingSink.plan("pingxiang-overload", 2, SEED, INJECTION), answers)
            .deliveries;
    perKind = new EnumMap<>(Delivery.Kind.class);
    for (Delivery.Kind kind : Delivery.Kind.values()) {
      perKind.put(kind, 0L);
    }
    deliveries.forEach(d -> perKind.merge(d.kind(), 1L, Long::sum));
    clean = perKind.get(Delivery.Kind.EVENT);
  }

  /** floor(n × percent / 100) in whole numbers, free of floating-point doubt. */
  private static long floorShare(long n, int percent) {
    return n * percent / 100;
  }

  @Test
  void injectedCountsAreExactlyTheFloorOfTheirFraction() {
    // two days of 1,200-1,500 departures, three records a trip
    assertThat(clean).isBetween(2L * 1200 * 3, 2L * 1500 * 3 + 100);
    assertThat(perKind.get(Delivery.Kind.REPLAYED)).isZero();
    // FractionSelector picks exactly floor(n × fraction) of n; duplicates and malformed records
    // are picked once per clean event with no exceptions
    assertThat(perKind.get(Delivery.Kind.DUPLICATE)).isEqualTo(floorShare(clean, 2));
    assertThat(perKind.get(Delivery.Kind.MALFORMED)).isEqualTo(floorShare(clean, 1));
    // a late pick made before the stream has run late-by (3 h) is carried over to the next clean
    // event, one pick per event at most; the backlog of the first 3 h (about one pick) is made
    // good long before the end of a two-day stream, so the count is exact here too
    assertThat(perKind.get(Delivery.Kind.LATE)).isEqualTo(floorShare(clean, 1));
  }

  @Test
  void everyMalformedRecordGetsExactlyItsIntendedReason() {
    Map<RejectReason, Integer> seen = assertIntendedReasons(deliveries);
    // the rotation cycles through the five reasons, so none is more than one ahead of another
    assertThat(
            seen.values().stream().mapToInt(Integer::intValue).max().getAsInt()
                - seen.values().stream().mapToInt(Integer::intValue).min().getAsInt())
        .isLessThanOrEqualTo(1);
  }

  @Test
  void atFullRateEveryWayOfBreakingARecordGetsItsIntendedReason() {
    // one malformed record per clean event: thousands, so every variant of every reason occurs
    InjectionSettings allMalformed =
        new InjectionSettings(DISORDER, 0, 0, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 1.0);
    List<Delivery> stream =
        CollectingSink.replay(
                CollectingSink.plan("pingxiang-overload", 1, SEED, allMalformed), null)
            .deliveries;
    Map<RejectReason, Integer> seen = assertIntendedReasons(stream);
    assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThan(500));
  }

  /** Decodes every MALFORMED delivery by its topic's type; returns how many got each reason. */
  private static Map<RejectReason, Integer> assertIntendedReasons(List<Delivery> stream) {
    CorridorCodec codec = CollectingSink.inputCodec();
    InputTopics topics = InputTopics.contract();
    Map<RejectReason, Integer> seen = new EnumMap<>(RejectReason.class);
    for (Delivery d : stream) {
      if (d.kind() != Delivery.Kind.MALFORMED) {
        continue;
      }
      assertThat(d.intendedReason()).isNotNull().isNotEqualTo(RejectReason.LATE);
      Decoded<? extends InputRecord> decoded = decode(codec, topics.kindOf(d.topic()), d.value());
      assertThat(decoded.accepted()).as("malformed record %s accepted", text(d)).isFalse();
      assertThat(decoded.reason())
          .as("reason of %s (%s)", text(d), decoded.detail())
          .isEqualTo(d.intendedReason());
      seen.merge(d.intendedReason(), 1, Integer::sum);
    }
    assertThat(seen)
        .containsOnlyKeys(
            RejectReason.MALFORMED_JSON,
            RejectReason.MISSING_FIELD,
            RejectReason.INVALID_VALUE,
            RejectReason.UNKNOWN_PORT,
            RejectReason.UNKNOWN_LINE);
    return seen;
  }

  @Test
  void everyLateCopyIsValidAndBehindTheWatermarkOfWhatWasDeliveredBeforeIt() {
    CorridorCodec codec = CollectingSink.inputCodec();
    InputTopics topics = InputTopics.contract();
    long newestClean = Long.MIN_VALUE;
    int late = 0;
    for (Delivery d : deliveries) {
      if (d.kind() == Delivery.Kind.EVENT) {
        newestClean = Math.max(newestClean, d.eventTime());
      } else if (d.kind() == Delivery.Kind.LATE) {
        late++;
        Decoded<? extends InputRecord> decoded = decode(codec, topics.kindOf(d.topic()), d.value());
        assertThat(decoded.accepted()).as("late copy %s: %s", text(d), decoded.detail()).isTrue();
        assertThat(decoded.value()).isEqualTo(d.record());
        assertThat(decoded.value().eventTimeMillis()).isEqualTo(d.eventTime());
        long watermark = newestClean - OUT_OF_ORDERNESS - 1;
        assertThat(EventTimeRules.isLate(d.eventTime(), watermark))
            .as("late copy %s against watermark %d", text(d), watermark)
            .isTrue();
        // stamped late-by behind the newest clean event, not just anywhere in the past
        assertThat(d.eventTime()).isEqualTo(newestClean - InjectionSettings.DEFAULT_LATE_BY_MILLIS);
      }
    }
    assertThat(late).isPositive();
  }

  @Test
  void everyDuplicateIsAByteCopyOfACleanEvent() {
    Map<String, byte[]> cleanById = new HashMap<>();
    for (Delivery d : deliveries) {
      if (d.kind() == Delivery.Kind.EVENT) {
        assertThat(cleanById.put(d.record().eventId(), d.value()))
            .as("clean event ids are unique")
            .isNull();
      }
    }
    int duplicates = 0;
    for (Delivery d : deliveries) {
      if (d.kind() == Delivery.Kind.DUPLICATE) {
        duplicates++;
        assertThat(cleanById.get(d.record().eventId()))
            .as("duplicate %s", text(d))
            .isNotNull()
            .isEqualTo(d.value());
      }
    }
    assertThat(duplicates).isPositive();
  }

  @Test
  void cleanEventsNeverTrailTheNewestDeliveredByMoreThanTheDisorder() {
    long newest = Long.MIN_VALUE;
    long worstLag = 0;
    for (Delivery d : deliveries) {
      if (d.kind() != Delivery.Kind.EVENT && d.kind() != Delivery.Kind.DUPLICATE) {
        continue;
      }
      if (newest != Long.MIN_VALUE) {
        long lag = newest - d.eventTime();
        assertThat(lag).as("%s trails the newest delivered", text(d)).isLessThanOrEqualTo(DISORDER);
        worstLag = Math.max(worstLag, lag);
      }
      newest = Math.max(newest, d.eventTime());
    }
    // the stream is really out of order, or the bound above proves nothing
    assertThat(worstLag).isGreaterThan(DISORDER / 2);
  }

  @Test
  void withoutDisorderCleanEventsAreInTimeOrder() {
    InjectionSettings ordered =
        new InjectionSettings(0, 0.02, 0.01, InjectionSettings.DEFAULT_LATE_BY_MILLIS, 0.01);
    List<Long> times = new ArrayList<>();
    for (Delivery d :
        CollectingSink.replay(CollectingSink.plan("pingxiang-overload", 2, SEED, ordered), null)
            .deliveries) {
      if (d.kind() == Delivery.Kind.EVENT) {
        times.add(d.eventTime());
      }
    }
    assertThat(times).hasSize((int) clean).isSorted();
  }

  @Test
  void theOracleCountsWhatWasInjected() {
    Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      expected.put(reason, 0L);
    }
    for (Delivery d : deliveries) {
      if (d.kind() == Delivery.Kind.MALFORMED) {
        expected.merge(d.intendedReason(), 1L, Long::sum);
      } else if (d.kind() == Delivery.Kind.LATE) {
        expected.merge(RejectReason.LATE, 1L, Long::sum);
      }
    }
    assertThat(answers.deadLetters()).isEqualTo(expected);
    assertThat(answers.deadLetters().get(RejectReason.LATE))
        .isEqualTo(perKind.get(Delivery.Kind.LATE));
    assertThat(answers.duplicates()).isEqualTo(perKind.get(Delivery.Kind.DUPLICATE));
    assertThat(answers.counted()).isEqualTo(clean);
    assertThat(answers.sentPerTopic().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(deliveries.size());
  }

  private static Decoded<? extends InputRecord> decode(
      CorridorCodec codec, InputRecord.Kind kind, byte[] value) {
    assertThat(kind).as("a record on a topic the job does not read").isNotNull();
    return switch (kind) {
      case BORDER_CROSSING -> codec.readBorderCrossing(value);
      case SHIPMENT -> codec.readShipment(value);
      case CONTROL -> codec.readControl(value);
    };
  }

  private static String text(Delivery d) {
    return d.kind() + " " + d.topic() + " " + new String(d.value(), StandardCharsets.UTF_8);
  }
}
