package org.corridorwatch.generators.answers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortUtilisation;

/**
 * Hand-written {@code SUSTAINED_OVERLOAD} scenarios with the transitions a port's readings must
 * give under the contract's defaults (1.00 / 1.25 / 0.90, 4 readings). The same expectations check
 * the counting oracle ({@code SustainedOverloadOracleTest}) and the job's CEP patterns with its
 * alert lifecycle ({@code org.corridorwatch.jobs.alerts.SustainedOverloadTest}), so neither is
 * checked only against the other.
 *
 * <p>Readings are 15 minutes apart, rolling 24 h windows with a designed maximum of 1000 trips a
 * day, so {@code trips} 1100 is a utilisation of exactly 1.10.
 */
public final class SustainedOverloadScenarios {
  public static final String PINGXIANG = "CN-PINGXIANG";
  public static final String BOTEN = "LA-BOTEN";
  public static final int DESIGNED_MIN = 800;
  public static final int DESIGNED_MAX = 1000;

  /** The window end of reading 0. */
  public static final long FIRST_END = Instant.parse("2026-11-22T06:15:00Z").toEpochMilli();

  public static final long STEP = 15 * 60_000L;
  private static final long DAY = 24 * 60 * 60_000L;

  private SustainedOverloadScenarios() {}

  /**
   * One scenario.
   *
   * @param name what it shows
   * @param readings every port's readings, in window order
   * @param expected every port's transitions, each port's in order
   */
  public record Scenario(
      String name, List<PortUtilisation> readings, List<ExpectedAlert> expected) {
    /** The readings of one port. */
    public List<PortUtilisation> readingsOf(String port) {
      return readings.stream().filter(r -> r.portId().equals(port)).toList();
    }

    /** The transitions of one port. */
    public List<ExpectedAlert> expectedOf(String port) {
      return expected.stream().filter(a -> a.subject().equals(port)).toList();
    }

    /** The ports with readings. */
    public List<String> ports() {
      return readings.stream().map(PortUtilisation::portId).distinct().toList();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The window end of reading {@code index}. */
  public static long end(int index) {
    return FIRST_END + index * STEP;
  }

  /** Reading {@code index} of {@code port}. */
  public static PortUtilisation reading(String port, int index, long trips) {
    long end = end(index);
    return new PortUtilisation(port, end - DAY, end, trips, DESIGNED_MIN, DESIGNED_MAX);
  }

  /** Readings 0, 1, 2, ... of {@code port} with these trip counts. */
  public static List<PortUtilisation> readings(String port, long... trips) {
    List<PortUtilisation> out = new ArrayList<>();
    for (int i = 0; i < trips.length; i++) {
      out.add(reading(port, i, trips[i]));
    }
    return out;
  }

  /** {@code n} times {@code trips}. */
  public static long[] times(int n, long trips) {
    long[] out = new long[n];
    Arrays.fill(out, trips);
    return out;
  }

  /** Trip counts one after the other. */
  public static long[] then(long[]... parts) {
    return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
  }

  /** The episode id of an episode of {@code port} whose first reading is {@code startIndex}. */
  public static String alertId(String port, int startIndex) {
    return "SUSTAINED_OVERLOAD:" + port + ":" + Instant.ofEpochMilli(end(startIndex));
  }

  public static ExpectedAlert raised(String port, AlertSeverity severity, int startIndex) {
    return transition(port, AlertStatus.RAISED, severity, startIndex);
  }

  public static ExpectedAlert escalated(String port, int startIndex) {
    return transition(port, AlertStatus.ESCALATED, AlertSeverity.CRITICAL, startIndex);
  }

  public static ExpectedAlert cleared(String port, AlertSeverity severity, int startIndex) {
    return transition(port, AlertStatus.CLEARED, severity, startIndex);
  }

  private static ExpectedAlert transition(
      String port, AlertStatus status, AlertSeverity severity, int startIndex) {
    return new ExpectedAlert(
        alertId(port, startIndex),
        AlertType.SUSTAINED_OVERLOAD,
        port,
        status,
        severity,
        end(startIndex));
  }

  private static final AlertSeverity WARNING = AlertSeverity.WARNING;
  private static final AlertSeverity CRITICAL = AlertSeverity.CRITICAL;

  public static final Scenario THREE_OVER =
      new Scenario(
          "3 consecutive readings over 1.00 do not raise",
          readings(PINGXIANG, 1100, 1100, 1100),
          List.of());

  public static final Scenario FOUR_OVER =
      new Scenario(
          "4 consecutive readings over 1.00 raise a WARNING",
          readings(PINGXIANG, 1100, 1100, 1100, 1100),
          List.of(raised(PINGXIANG, WARNING, 0)));

  public static final Scenario EXACTLY_AT_OVERLOAD =
      new Scenario(
          "readings of exactly 1.00 are not over 1.00",
          readings(PINGXIANG, times(8, 1000)),
          List.of());

  public static final Scenario JUST_OVER_OVERLOAD =
      new Scenario(
          "readings of 1.001 are over 1.00",
          readings(PINGXIANG, times(4, 1001)),
          List.of(raised(PINGXIANG, WARNING, 0)));

  public static final Scenario BROKEN_RUN =
      new Scenario(
          "1.1, 1.1, 1.1, 0.95, 1.1 do not raise: a reading in between breaks the run",
          readings(PINGXIANG, 1100, 1100, 1100, 950, 1100),
          List.of());

  public static final Scenario RUN_AFTER_BROKEN_RUN =
      new Scenario(
          "after a broken run, the next 4 over raise, started at their first reading",
          readings(PINGXIANG, 1100, 1100, 1100, 950, 1100, 1100, 1100, 1100),
          List.of(raised(PINGXIANG, WARNING, 4)));

  public static final Scenario BETWEEN_LEVELS_KEEP_EPISODE =
      new Scenario(
          "readings between 0.90 and 1.00 neither raise again nor clear an open episode",
          readings(PINGXIANG, then(times(4, 1100), times(8, 950))),
          List.of(raised(PINGXIANG, WARNING, 0)));

  public static final Scenario ESCALATE_THEN_CLEAR =
      new Scenario(
          "4 over 1.25 escalate the episode to CRITICAL; its clearing stays CRITICAL",
          readings(PINGXIANG, then(times(4, 1100), times(4, 1300), times(4, 800))),
          List.of(
              raised(PINGXIANG, WARNING, 0),
              escalated(PINGXIANG, 0),
              cleared(PINGXIANG, CRITICAL, 0)));

  public static final Scenario ESCALATE_ONE_READING_LATER =
      new Scenario(
          "a severe run ending one reading after the overload run escalates the same episode",
          readings(PINGXIANG, 1100, 1300, 1300, 1300, 1300),
          List.of(raised(PINGXIANG, WARNING, 0), escalated(PINGXIANG, 0)));

  public static final Scenario EXACTLY_AT_SEVERE =
      new Scenario(
          "readings of exactly 1.25 are over 1.00 but not over 1.25",
          readings(PINGXIANG, times(8, 1250)),
          List.of(raised(PINGXIANG, WARNING, 0)));

  public static final Scenario SEVERE_FROM_START =
      new Scenario(
          "a run severe from its first reading opens as one RAISED CRITICAL",
          readings(PINGXIANG, times(4, 1300)),
          List.of(raised(PINGXIANG, CRITICAL, 0)));

  public static final Scenario CLEAR =
      new Scenario(
          "3 under 0.90 then 0.90 exactly do not clear; 4 consecutive under 0.90 do",
          readings(PINGXIANG, then(times(4, 1100), times(3, 800), times(1, 900), times(4, 899))),
          List.of(raised(PINGXIANG, WARNING, 0), cleared(PINGXIANG, WARNING, 0)));

  public static final Scenario CLEAR_WITHOUT_EPISODE =
      new Scenario(
          "readings under 0.90 with no open episode give nothing",
          readings(PINGXIANG, times(8, 800)),
          List.of());

  public static final Scenario LONG_OVERLOAD =
      new Scenario(
          "12 readings over 1.00 are one episode, raised once",
          readings(PINGXIANG, times(12, 1100)),
          List.of(raised(PINGXIANG, WARNING, 0)));

  public static final Scenario NEW_EPISODE_AFTER_CLEAR =
      new Scenario(
          "after CLEARED a new overload opens a new episode with a new id",
          readings(PINGXIANG, then(times(4, 1100), times(4, 800), times(4, 1100))),
          List.of(
              raised(PINGXIANG, WARNING, 0),
              cleared(PINGXIANG, WARNING, 0),
              raised(PINGXIANG, WARNING, 8)));

  public static final Scenario TWO_PORTS =
      new Scenario(
          "two ports' readings interleaved are two independent lifecycles",
          interleave(
              readings(PINGXIANG, then(times(3, 1100), times(1, 950), times(4, 1100))),
              readings(BOTEN, then(times(4, 1300), times(4, 800)))),
          List.of(
              raised(BOTEN, CRITICAL, 0),
              cleared(BOTEN, CRITICAL, 0),
              raised(PINGXIANG, WARNING, 4)));

  /** Every scenario. */
  public static List<Scenario> all() {
    return List.of(
        THREE_OVER,
        FOUR_OVER,
        EXACTLY_AT_OVERLOAD,
        JUST_OVER_OVERLOAD,
        BROKEN_RUN,
        RUN_AFTER_BROKEN_RUN,
        BETWEEN_LEVELS_KEEP_EPISODE,
        ESCALATE_THEN_CLEAR,
        ESCALATE_ONE_READING_LATER,
        EXACTLY_AT_SEVERE,
        SEVERE_FROM_START,
        CLEAR,
        CLEAR_WITHOUT_EPISODE,
        LONG_OVERLOAD,
        NEW_EPISODE_AFTER_CLEAR,
        TWO_PORTS);
  }

  /** Readings of several ports, each port's reading {@code i} before any reading {@code i+1}. */
  private static List<PortUtilisation> interleave(
      List<PortUtilisation> a, List<PortUtilisation> b) {
    List<PortUtilisation> out = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      if (i < a.size()) {
        out.add(a.get(i));
      }
      if (i < b.size()) {
        out.add(b.get(i));
      }
    }
    return out;
  }
}
