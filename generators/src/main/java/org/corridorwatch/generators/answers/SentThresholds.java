package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.model.AlertThresholds;

/**
 * The {@code THRESHOLDS} records a replay sent, and which one is in force for a port at an instant
 * (docs/contract.md, "THRESHOLDS semantics"): the latest whose start is at or before the instant,
 * for the port or for every port, the port's own winning a tie; without one, the job's start
 * values. Fields a record leaves open (the clearance limit, the backlog window) come from the start
 * values too.
 */
final class SentThresholds {

  /**
   * @param portId the port, or null for every port
   * @param fromMillis the first instant it decides
   * @param sequence order received, so of two records of one scope and start the later one wins
   */
  private record Change(String portId, long fromMillis, long sequence, AlertThresholds values) {}

  private final AlertThresholds start;
  private final List<Change> changes = new ArrayList<>();

  SentThresholds(AlertThresholds start) {
    this.start = start;
  }

  /** Only the job's start values. */
  static SentThresholds startingWith(AlertThresholds start) {
    return new SentThresholds(start);
  }

  /**
   * @param portId the record's port, or null for every port
   * @param fromMillis the first instant the record can decide
   */
  void add(String portId, long fromMillis, AlertThresholds values) {
    changes.add(new Change(portId, fromMillis, changes.size(), values));
  }

  AlertThresholds at(String portId, long instant) {
    Change best = null;
    for (Change c : changes) {
      if (c.fromMillis() > instant || (c.portId() != null && !c.portId().equals(portId))) {
        continue;
      }
      if (best == null || beats(c, best)) {
        best = c;
      }
    }
    return best == null ? start : best.values().orElse(start);
  }

  private static boolean beats(Change c, Change best) {
    if (c.fromMillis() != best.fromMillis()) {
      return c.fromMillis() > best.fromMillis();
    }
    boolean own = c.portId() != null;
    boolean bestOwn = best.portId() != null;
    if (own != bestOwn) {
      return own;
    }
    return c.sequence() > best.sequence();
  }
}
