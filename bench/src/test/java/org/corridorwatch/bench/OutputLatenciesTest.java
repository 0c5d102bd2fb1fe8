package org.corridorwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.corridorwatch.model.latency.CrossingWatermarks;
import org.junit.jupiter.api.Test;

/** Outputs paired with their triggers: what is recorded, and what is set aside and why. */
class OutputLatenciesTest {
  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  private static CrossingWatermarks watermarks() {
    CrossingWatermarks w = new CrossingWatermarks(Duration.ofMinutes(5));
    w.onCrossing(0, 10_000, at("07:50:00"));
    w.onCrossing(1, 20_000, at("08:05:00")); // decides up to 07:59:59.999
    w.onCrossing(2, 30_000, at("08:20:00")); // decides up to 08:14:59.999
    return w;
  }

  @Test
  void latencyRunsFromTheTriggersProduceTimeToReadable() {
    List<ReadableOutput> outputs =
        List.of(
            new ReadableOutput(
                ReadableOutput.Kind.READING, "08:00", at("08:00:00") - 1, 21_500, Long.MIN_VALUE),
            new ReadableOutput(
                ReadableOutput.Kind.READING, "08:15", at("08:15:00") - 1, 30_250, Long.MIN_VALUE),
            new ReadableOutput(
                ReadableOutput.Kind.ALERT, "overload", at("08:15:00") - 1, 31_000, 30_040));

    OutputLatencies l = OutputLatencies.of(outputs, watermarks());

    assertThat(l.readings().readable().getTotalCount()).isEqualTo(2);
    assertThat(l.readings().readable().getMinValue()).isEqualTo(250);
    assertThat(l.readings().readable().getMaxValue()).isEqualTo(1_500);
    assertThat(l.alerts().readable().getTotalCount()).isEqualTo(1);
    assertThat(l.alerts().readable().getMaxValue()).isEqualTo(1_000);
    assertThat(l.alerts().decided().getMaxValue()).isEqualTo(40);
    assertThat(l.readings().decided().getTotalCount()).isZero();
  }

  @Test
  void eachAlertTypesDecisionsAreAlsoRecordedApart() {
    List<ReadableOutput> outputs =
        List.of(
            new ReadableOutput(
                ReadableOutput.Kind.ALERT,
                "SUSTAINED_OVERLOAD:CN-PINGXIANG:2019-07-01T06:00:00Z RAISED WARNING",
                at("08:15:00") - 1,
                31_000,
                30_040),
            new ReadableOutput(
                ReadableOutput.Kind.ALERT,
                "CLEARANCE_BACKLOG:CN-PINGXIANG:2019-07-01T07:00:00Z RAISED WARNING",
                at("08:15:00") - 1,
                31_000,
                30_300));

    OutputLatencies l = OutputLatencies.of(outputs, watermarks());

    assertThat(l.alerts().decidedByType())
        .containsOnlyKeys("SUSTAINED_OVERLOAD", "CLEARANCE_BACKLOG");
    assertThat(l.alerts().decidedByType().get("SUSTAINED_OVERLOAD").getMaxValue()).isEqualTo(40);
    assertThat(l.alerts().decidedByType().get("CLEARANCE_BACKLOG").getMaxValue())
        .isBetween(299L, 301L);
    assertThat(l.alerts().decided().getTotalCount()).isEqualTo(2);
  }

  @Test
  void anAlertDecidedBeforeItsTriggerWasProducedIsSetAsideNotRecorded() {
    // decided at 25_000, but the rule says the job could not decide before 30_000
    List<ReadableOutput> outputs =
        List.of(
            new ReadableOutput(
                ReadableOutput.Kind.ALERT, "too early", at("08:15:00") - 1, 31_000, 25_000));

    OutputLatencies l = OutputLatencies.of(outputs, watermarks());

    assertThat(l.alerts().readable().getTotalCount()).isZero();
    assertThat(l.alerts().beforeTrigger()).containsExactly("too early");
  }

  @Test
  void anOutputTheReplayedCrossingsNeverDecidedHasNoTrigger() {
    List<ReadableOutput> outputs =
        List.of(
            new ReadableOutput(
                ReadableOutput.Kind.READING, "09:00", at("09:00:00") - 1, 40_000, Long.MIN_VALUE));

    OutputLatencies l = OutputLatencies.of(outputs, watermarks());

    assertThat(l.readings().readable().getTotalCount()).isZero();
    assertThat(l.readings().withoutTrigger()).containsExactly("09:00");
  }

  @Test
  void fewAlertsAreFlaggedAsTooFewForP99() {
    OutputLatencies l =
        OutputLatencies.of(
            List.of(
                new ReadableOutput(
                    ReadableOutput.Kind.ALERT, "one", at("08:00:00") - 1, 21_000, 20_100)),
            watermarks());
    LatencyReport report = new LatencyReport(java.util.Map.of(), l, List.of(), false);
    assertThat(report.warnings())
        .anySatisfy(w -> assertThat(w).contains("only 1 alert transition measured"));
  }

  @Test
  void outputsTriggeredWhileTheJobWarmedUpAreCountedApartNotRecorded() {
    List<ReadableOutput> outputs =
        List.of(
            new ReadableOutput(
                ReadableOutput.Kind.READING, "08:00", at("08:00:00") - 1, 21_500, Long.MIN_VALUE),
            new ReadableOutput(
                ReadableOutput.Kind.READING, "08:15", at("08:15:00") - 1, 30_250, Long.MIN_VALUE));

    // the warm-up ends between the two triggers, produced at 20_000 and 30_000
    OutputLatencies l = OutputLatencies.of(outputs, watermarks(), 25_000);

    assertThat(l.readings().warmingUp()).isEqualTo(1);
    assertThat(l.readings().readable().getTotalCount()).isEqualTo(1);
    assertThat(l.readings().readable().getMaxValue()).isEqualTo(250);
  }
}
