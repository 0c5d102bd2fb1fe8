package org.corridorwatch.model;

import java.io.Serializable;

/**
 * The alert thresholds an operator may change while the job runs, through a {@code THRESHOLDS}
 * control record. The job starts with the ones its options set; the contract's defaults are {@link
 * #defaults()}.
 *
 * <p>The clearance limit and the backlog window are optional in a record: {@code null} there means
 * the job's start values ({@code --clearance-limit}, {@code --backlog-window}), so a sender that
 * predates them keeps its meaning. {@link #orElse} fills them in.
 *
 * @param overloadLevel readings above it count towards SUSTAINED_OVERLOAD, e.g. 1.00
 * @param severeLevel readings above it count towards CRITICAL, e.g. 1.25
 * @param clearLevel readings below it count towards clearing, e.g. 0.90
 * @param overloadReadings consecutive readings that raise, escalate or clear an overload, e.g. 4
 * @param backlogWarningCount timed-out vehicles in the rolling hour for a WARNING backlog, e.g. 10
 * @param backlogCriticalCount timed-out vehicles in the rolling hour for CRITICAL, e.g. 30
 * @param queueLevel utilisation above which a growing queue counts, e.g. 0.85
 * @param queueReadings consecutive slot ends of growth that raise QUEUE_GROWTH, e.g. 4
 * @param clearanceLimitMinutes how long a vehicle may wait for a customs decision before it counts
 *     for CLEARANCE_BACKLOG, e.g. 360; the limit in force at a vehicle's arrival is its limit
 * @param backlogWindowMinutes the rolling window CLEARANCE_BACKLOG counts timed-out vehicles in,
 *     e.g. 60
 */
public record AlertThresholds(
    UtilisationLevel overloadLevel,
    UtilisationLevel severeLevel,
    UtilisationLevel clearLevel,
    int overloadReadings,
    int backlogWarningCount,
    int backlogCriticalCount,
    UtilisationLevel queueLevel,
    int queueReadings,
    Integer clearanceLimitMinutes,
    Integer backlogWindowMinutes)
    implements Serializable {

  /** A clearance limit beyond two days is beyond any visit the job keeps (--max-wait's default). */
  public static final int MAX_CLEARANCE_LIMIT_MINUTES = 2 * 24 * 60;

  /** A backlog window beyond a day is a configuration mistake. */
  public static final int MAX_BACKLOG_WINDOW_MINUTES = 24 * 60;

  /** A run longer than a day of 15-min readings is a configuration mistake, not a threshold. */
  public static final int MAX_READINGS = 96;

  /** Levels above this are typing mistakes (1000% of designed capacity). */
  public static final UtilisationLevel MAX_LEVEL = UtilisationLevel.of("10");

  /** The contract's thresholds. */
  public static AlertThresholds defaults() {
    return new AlertThresholds(
        UtilisationLevel.of("1.00"),
        UtilisationLevel.of("1.25"),
        UtilisationLevel.of("0.90"),
        4,
        10,
        30,
        UtilisationLevel.of("0.85"),
        4,
        6 * 60,
        60);
  }

  /**
   * These thresholds, with the clearance limit and backlog window they leave open taken from {@code
   * start}.
   */
  public AlertThresholds orElse(AlertThresholds start) {
    if (clearanceLimitMinutes != null && backlogWindowMinutes != null) {
      return this;
    }
    return withClearance(
        clearanceLimitMinutes != null ? clearanceLimitMinutes : start.clearanceLimitMinutes,
        backlogWindowMinutes != null ? backlogWindowMinutes : start.backlogWindowMinutes);
  }

  /** These thresholds with another clearance limit and backlog window ({@code null}: left open). */
  public AlertThresholds withClearance(Integer limitMinutes, Integer windowMinutes) {
    return new AlertThresholds(
        overloadLevel,
        severeLevel,
        clearLevel,
        overloadReadings,
        backlogWarningCount,
        backlogCriticalCount,
        queueLevel,
        queueReadings,
        limitMinutes,
        windowMinutes);
  }

  /**
   * What is wrong with these thresholds, in one line naming the contract's fields, or {@code null}
   * when they can be used. The codec and the job's options both check through here.
   */
  public String problem() {
    if (clearLevel.value().signum() <= 0
        || clearLevel.value().compareTo(overloadLevel.value()) > 0
        || overloadLevel.value().compareTo(severeLevel.value()) > 0) {
      return "levels must satisfy 0 < clearLevel <= overloadLevel <= severeLevel, got "
          + clearLevel
          + ", "
          + overloadLevel
          + ", "
          + severeLevel;
    }
    if (severeLevel.value().compareTo(MAX_LEVEL.value()) > 0
        || queueLevel.value().compareTo(MAX_LEVEL.value()) > 0) {
      return "severeLevel and queueLevel must be at most " + MAX_LEVEL;
    }
    if (queueLevel.value().signum() < 0) {
      return "queueLevel must not be negative, got " + queueLevel;
    }
    if (overloadReadings < 1
        || overloadReadings > MAX_READINGS
        || queueReadings < 1
        || queueReadings > MAX_READINGS) {
      return "overloadReadings and queueReadings must be 1 to "
          + MAX_READINGS
          + " (a day of readings), got "
          + overloadReadings
          + " and "
          + queueReadings;
    }
    if (backlogWarningCount < 1 || backlogCriticalCount < backlogWarningCount) {
      return "need 1 <= backlogWarningCount <= backlogCriticalCount, got "
          + backlogWarningCount
          + " and "
          + backlogCriticalCount;
    }
    if (clearanceLimitMinutes != null
        && (clearanceLimitMinutes < 1 || clearanceLimitMinutes > MAX_CLEARANCE_LIMIT_MINUTES)) {
      return "clearanceLimitMinutes must be 1 to "
          + MAX_CLEARANCE_LIMIT_MINUTES
          + ", got "
          + clearanceLimitMinutes;
    }
    if (backlogWindowMinutes != null
        && (backlogWindowMinutes < 1 || backlogWindowMinutes > MAX_BACKLOG_WINDOW_MINUTES)) {
      return "backlogWindowMinutes must be 1 to "
          + MAX_BACKLOG_WINDOW_MINUTES
          + ", got "
          + backlogWindowMinutes;
    }
    return null;
  }
}
