package org.corridorwatch.model.json;

import java.io.IOException;
import java.time.Instant;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;

/**
 * Reads {@code port-waits/1}, for consumers and tests. The percentiles cannot be recomputed from
 * one record, so the reader checks what the counts and the contract do fix: the window is the hour
 * before {@code windowEnd}, a minute field is {@code null} exactly when the count it describes is
 * 0, and nearest-rank figures of one set of minutes never decrease from P50 to P90 to Max.
 */
final class PortWaitsDraft extends RecordDraft<PortWaits> {
  private final PortWindowFields window = new PortWindowFields();
  private Long waiting;
  private Long oldestWaitMinutes;
  private Long cleared;
  private Long clearanceP50;
  private Long clearanceP90;
  private Long clearanceMax;
  private Long departed;
  private Long dwellP50;
  private Long dwellP90;

  PortWaitsDraft() {
    super(PortWaits.SCHEMA);
  }

  @Override
  void reset() {
    window.reset();
    waiting = oldestWaitMinutes = null;
    cleared = clearanceP50 = clearanceP90 = clearanceMax = null;
    departed = dwellP50 = dwellP90 = null;
  }

  @Override
  boolean typedField(String name, FieldReader in) throws IOException {
    switch (name) {
      case "waiting" -> waiting = in.wholeNumber(name, Long.MAX_VALUE);
      case "oldestWaitMinutes" -> oldestWaitMinutes = in.wholeNumber(name, Long.MAX_VALUE);
      case "cleared" -> cleared = in.wholeNumber(name, Long.MAX_VALUE);
      case "clearanceMinutesP50" -> clearanceP50 = in.wholeNumber(name, Long.MAX_VALUE);
      case "clearanceMinutesP90" -> clearanceP90 = in.wholeNumber(name, Long.MAX_VALUE);
      case "clearanceMinutesMax" -> clearanceMax = in.wholeNumber(name, Long.MAX_VALUE);
      case "departed" -> departed = in.wholeNumber(name, Long.MAX_VALUE);
      case "dwellMinutesP50" -> dwellP50 = in.wholeNumber(name, Long.MAX_VALUE);
      case "dwellMinutesP90" -> dwellP90 = in.wholeNumber(name, Long.MAX_VALUE);
      default -> {
        return window.field(name, in);
      }
    }
    return true;
  }

  @Override
  PortWaits build(FieldReader in) {
    window.require(in);
    in.require("waiting", waiting);
    in.require("cleared", cleared);
    in.require("departed", departed);
    if (in.hasProblem()) {
      return null;
    }
    describes(in, "oldestWaitMinutes", oldestWaitMinutes, "waiting", waiting);
    describes(in, "clearanceMinutesP50", clearanceP50, "cleared", cleared);
    describes(in, "clearanceMinutesP90", clearanceP90, "cleared", cleared);
    describes(in, "clearanceMinutesMax", clearanceMax, "cleared", cleared);
    describes(in, "dwellMinutesP50", dwellP50, "departed", departed);
    describes(in, "dwellMinutesP90", dwellP90, "departed", departed);
    if (window.windowEnd - window.windowStart != PortWaits.WINDOW_MILLIS) {
      in.problem(
          RejectReason.INVALID_VALUE,
          "windowStart must be one hour before windowEnd, was "
              + Instant.ofEpochMilli(window.windowStart)
              + " to "
              + Instant.ofEpochMilli(window.windowEnd));
    }
    notAbove(in, "clearanceMinutesP50", clearanceP50, "clearanceMinutesP90", clearanceP90);
    notAbove(in, "clearanceMinutesP90", clearanceP90, "clearanceMinutesMax", clearanceMax);
    notAbove(in, "dwellMinutesP50", dwellP50, "dwellMinutesP90", dwellP90);
    if (in.hasProblem()) {
      return null;
    }
    return new PortWaits(
        window.portId,
        window.windowStart,
        window.windowEnd,
        waiting,
        oldestWaitMinutes,
        cleared,
        clearanceP50,
        clearanceP90,
        clearanceMax,
        departed,
        dwellP50,
        dwellP90);
  }

  /**
   * A minute figure describes the visits a count counts: required like any field when there are
   * some, and {@code null} (or absent, which the contract treats alike) when there are none.
   */
  private static void describes(
      FieldReader in, String field, Long minutes, String countField, long count) {
    if (count > 0) {
      in.require(field, minutes);
    } else if (minutes != null) {
      in.problem(
          RejectReason.INVALID_VALUE,
          field + ": must be null when " + countField + " is 0, was " + minutes);
    }
  }

  /** Nearest-rank figures of one set of values: a higher rank never has a smaller value. */
  private static void notAbove(
      FieldReader in, String lowerField, Long lower, String upperField, Long upper) {
    if (lower != null && upper != null && lower > upper) {
      in.problem(
          RejectReason.INVALID_VALUE,
          lowerField + " " + lower + " is above " + upperField + " " + upper);
    }
  }
}
