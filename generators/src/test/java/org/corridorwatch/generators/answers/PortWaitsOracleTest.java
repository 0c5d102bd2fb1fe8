package org.corridorwatch.generators.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.generators.answers.Visits.Step;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.PortWaits;
import org.junit.jupiter.api.Test;

/**
 * The waits oracle on hand-made visits, each expected figure worked out by hand in the comments:
 * nearest-rank percentiles with ties and a single value, the window's closed start and open end,
 * the max wait, a replaced visit and when a port writes.
 */
class PortWaitsOracleTest {
  private static final String PORT = "CN-PINGXIANG";
  private static final long MINUTE = 60_000L;
  private static final long DEFAULT_MAX_WAIT = KnownAnswers.DEFAULT_MAX_WAIT_MILLIS;

  private final List<Step> steps = new ArrayList<>();

  private static long at(String hhmmss) {
    return Instant.parse("2026-11-22T" + hhmmss + "Z").toEpochMilli();
  }

  private void step(String vehicle, CrossingStage stage, String hhmmss) {
    steps.add(new Step(vehicle, stage, at(hhmmss)));
  }

  private void step(String vehicle, CrossingStage stage, long time) {
    steps.add(new Step(vehicle, stage, time));
  }

  private List<PortWaits> records(long maxWait) {
    return PortWaitsOracle.records(PORT, Visits.of(PORT, steps, maxWait), maxWait);
  }

  private static PortWaits at(List<PortWaits> records, String windowEnd) {
    return records.stream()
        .filter(r -> r.windowEndMillis() == at(windowEnd))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no record for " + windowEnd));
  }

  private static List<String> ends(List<PortWaits> records) {
    return records.stream()
        .map(r -> Instant.ofEpochMilli(r.windowEndMillis()).toString().substring(11, 16))
        .toList();
  }

  private static PortWaits waits(
      String windowEnd,
      long waiting,
      Long oldest,
      long cleared,
      Long clearP50,
      Long clearP90,
      Long clearMax,
      long departed,
      Long dwellP50,
      Long dwellP90) {
    long end = at(windowEnd);
    return new PortWaits(
        PORT,
        end - 60 * MINUTE,
        end,
        waiting,
        oldest,
        cleared,
        clearP50,
        clearP90,
        clearMax,
        departed,
        dwellP50,
        dwellP90);
  }

  /** Five vehicles whose decisions and departures straddle the hour before 10:00. */
  private void fiveVehicles() {
    step("V1", CrossingStage.ARRIVED, "08:00:00");
    step("V1", CrossingStage.CLEARED, "09:00:00"); // 60 min, exactly at 10:00's window start
    step("V1", CrossingStage.DEPARTED, "09:05:00"); // dwell 65
    step("V2", CrossingStage.ARRIVED, "08:30:00");
    step("V2", CrossingStage.CLEARED, "10:00:00"); // 90 min, exactly at 10:00's window end
    step("V2", CrossingStage.DEPARTED, "10:20:00"); // dwell 110
    step("V3", CrossingStage.ARRIVED, "09:10:00");
    step("V3", CrossingStage.CLEARED, "09:30:00"); // 20 min
    step("V3", CrossingStage.DEPARTED, "09:45:00"); // dwell 35
    step("V4", CrossingStage.ARRIVED, "09:20:00");
    step("V4", CrossingStage.CLEARED, "09:40:00"); // 20 min, a tie with V3
    step("V4", CrossingStage.DEPARTED, at("10:00:00") - 1); // dwell 39.99..., so 39
    step("V5", CrossingStage.ARRIVED, "09:00:00");
    step("V5", CrossingStage.CLEARED, "09:50:30"); // 50.5 min, so 50; never departs
  }

  @Test
  void percentilesAreNearestRankWithTiesKept() {
    fiveVehicles();
    List<PortWaits> records = records(DEFAULT_MAX_WAIT);

    // [09:00, 10:00): V2 waits since 08:30 (its decision at 10:00 is not before 10:00);
    // cleared V1 60 (at the start, counted), V3 20, V4 20, V5 50: sorted 20 20 50 60, n = 4,
    // P50 rank 2 = 20, P90 rank ceil(3.6) = 4 = 60, max 60; departed V1 65, V3 35, V4 39:
    // sorted 35 39 65, P50 rank ceil(1.5) = 2 = 39, P90 rank ceil(2.7) = 3 = 65
    assertThat(at(records, "10:00:00"))
        .isEqualTo(waits("10:00:00", 1, 90L, 4, 20L, 60L, 60L, 3, 39L, 65L));
    // [09:15, 10:15): V1 drops out, V2's decision at 10:00 comes in: 20 20 50 90;
    // departed V3 35, V4 39: P50 rank 1 = 35, P90 rank 2 = 39
    assertThat(at(records, "10:15:00"))
        .isEqualTo(waits("10:15:00", 0, null, 4, 20L, 90L, 90L, 2, 35L, 39L));
  }

  @Test
  void oneValueIsEveryPercentile() {
    fiveVehicles();
    List<PortWaits> records = records(DEFAULT_MAX_WAIT);

    // [10:00, 11:00): only V2, cleared at 10:00 after 90 min and departed at 10:20 after 110
    assertThat(at(records, "11:00:00"))
        .isEqualTo(waits("11:00:00", 0, null, 1, 90L, 90L, 90L, 1, 110L, 110L));
  }

  @Test
  void aPortWritesEverySlotEndFromItsFirstArrivalUntilItsFirstQuietRecord() {
    fiveVehicles();
    List<PortWaits> records = records(DEFAULT_MAX_WAIT);

    // V1 arrives at 08:00, so the first slot end is 08:15; V2's departure at 10:20 is the last
    // figure, in the windows up to 11:15; [10:30, 11:30) holds nothing and V5, decided, is not
    // waiting: 11:30 is quiet and ends the run
    assertThat(ends(records))
        .containsExactly(
            "08:15", "08:30", "08:45", "09:00", "09:15", "09:30", "09:45", "10:00", "10:15",
            "10:30", "10:45", "11:00", "11:15", "11:30");
    assertThat(records.get(records.size() - 1))
        .isEqualTo(PortWaits.quiet(PORT, at("10:30:00"), at("11:30:00")));
    // 08:15: V1 waiting 15 min, nothing else yet
    assertThat(records.get(0))
        .isEqualTo(waits("08:15:00", 1, 15L, 0, null, null, null, 0, null, null));
  }

  @Test
  void afterItsQuietRecordAPortIsSilentUntilItsNextArrival() {
    step("W1", CrossingStage.ARRIVED, "08:05:00");
    step("W1", CrossingStage.CLEARED, "08:20:00");
    step("W1", CrossingStage.DEPARTED, "08:25:00");
    // while the port is quiet: a decision and a departure of vehicles never seen arriving count
    // nowhere, and do not wake the port
    step("W3", CrossingStage.CLEARED, "10:00:00");
    step("W4", CrossingStage.DEPARTED, "11:00:00");
    step("W2", CrossingStage.ARRIVED, "12:40:00");
    step("W2", CrossingStage.CLEARED, "12:50:00");

    List<PortWaits> records = records(DEFAULT_MAX_WAIT);

    // W1's decision at 08:20 and departure at 08:25 stay in the windows up to 09:15; [08:30,
    // 09:30) is empty. W2 arrives at 12:40: from 12:45 until its decision at 12:50 leaves the
    // window at 13:50, so 14:00 is quiet
    assertThat(ends(records))
        .containsExactly(
            "08:15", "08:30", "08:45", "09:00", "09:15", "09:30", "12:45", "13:00", "13:15",
            "13:30", "13:45", "14:00");
    assertThat(at(records, "09:30:00"))
        .isEqualTo(PortWaits.quiet(PORT, at("08:30:00"), at("09:30:00")));
    assertThat(at(records, "12:45:00"))
        .isEqualTo(waits("12:45:00", 1, 5L, 0, null, null, null, 0, null, null));
    assertThat(at(records, "13:00:00"))
        .isEqualTo(waits("13:00:00", 0, null, 1, 10L, 10L, 10L, 0, null, null));
    assertThat(at(records, "14:00:00"))
        .isEqualTo(PortWaits.quiet(PORT, at("13:00:00"), at("14:00:00")));
  }

  @Test
  void aVisitIsDroppedAtTheMaxWaitAndLaterRecordsDoNotFindIt() {
    long maxWait = 3 * 60 * MINUTE;
    step("X", CrossingStage.ARRIVED, "08:00:00");
    // exactly maxWait after arrival: the visit is gone, so neither counts
    step("X", CrossingStage.CLEARED, "11:00:00");
    step("X", CrossingStage.DEPARTED, "11:00:00");
    // 1 ms under the max wait: still a decision, of 179.99... min
    step("Y", CrossingStage.ARRIVED, "12:00:00");
    step("Y", CrossingStage.CLEARED, at("15:00:00") - 1);

    List<PortWaits> records = records(maxWait);

    // X waits from 08:15 to 10:45 (165 min), is dropped at 11:00, and its records at 11:00 count
    // nowhere: 11:00 is quiet and nothing follows until Y arrives
    assertThat(at(records, "10:45:00"))
        .isEqualTo(waits("10:45:00", 1, 165L, 0, null, null, null, 0, null, null));
    assertThat(at(records, "11:00:00"))
        .isEqualTo(PortWaits.quiet(PORT, at("10:00:00"), at("11:00:00")));
    assertThat(ends(records)).doesNotContain("11:15").contains("12:15");
    assertThat(at(records, "14:45:00"))
        .isEqualTo(waits("14:45:00", 1, 165L, 0, null, null, null, 0, null, null));
    assertThat(at(records, "15:00:00"))
        .isEqualTo(waits("15:00:00", 0, null, 1, 179L, 179L, 179L, 0, null, null));
  }

  @Test
  void aNewArrivalReplacesTheOpenVisitWhichCountsNowhere() {
    step("Z", CrossingStage.ARRIVED, "08:00:00");
    step("Z", CrossingStage.ARRIVED, "09:00:00"); // the 08:00 visit ends here, undecided
    step("Z", CrossingStage.CLEARED, "09:30:00");
    step("Z", CrossingStage.DEPARTED, "09:40:00");

    List<PortWaits> records = records(DEFAULT_MAX_WAIT);

    // at 09:00 the old visit is still waiting (ended at 09:00, not before it): 60 min
    assertThat(at(records, "09:00:00"))
        .isEqualTo(waits("09:00:00", 1, 60L, 0, null, null, null, 0, null, null));
    // at 09:15 only the new visit waits, for 15 min; the replacement is no departure
    assertThat(at(records, "09:15:00"))
        .isEqualTo(waits("09:15:00", 1, 15L, 0, null, null, null, 0, null, null));
    // the decision and the dwell count from the new arrival: 30 and 40 min, not 90 and 100
    assertThat(at(records, "09:45:00"))
        .isEqualTo(waits("09:45:00", 0, null, 1, 30L, 30L, 30L, 1, 40L, 40L));
  }

  @Test
  void recordsOfOneInstantApplyArrivalFirstAndDecisionBeforeDeparture() {
    // all at 08:00: DEPARTED listed first, yet the arrival opens the visit, the decision (0 min)
    // is taken, and the departure closes it with a dwell of 0
    step("Q", CrossingStage.DEPARTED, "08:00:00");
    step("Q", CrossingStage.REJECTED, "08:00:00");
    step("Q", CrossingStage.ARRIVED, "08:00:00");

    assertThat(records(DEFAULT_MAX_WAIT).get(0))
        .isEqualTo(waits("08:15:00", 0, null, 1, 0L, 0L, 0L, 1, 0L, 0L));
  }
}
