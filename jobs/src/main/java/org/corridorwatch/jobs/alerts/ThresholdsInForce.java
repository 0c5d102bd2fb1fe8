package org.corridorwatch.jobs.alerts;

import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;

/**
 * The alert thresholds in force for a port at an instant of event time: the job's options, changed
 * by {@code THRESHOLDS} control records held in broadcast state (every parallel instance sees every
 * record, so every port is judged alike).
 *
 * <p>Each record is kept under its scope and {@code effectiveFrom}, so a second record for the same
 * scope and instant replaces the first, as a corrected instruction should. Operators send a handful
 * of these, so a lookup simply scans them.
 */
public final class ThresholdsInForce {
  private ThresholdsInForce() {}

  /** Every {@code THRESHOLDS} record received, by scope and effective time. */
  public static final MapStateDescriptor<String, ControlRecord> CHANGES =
      new MapStateDescriptor<>(
          "alert-threshold-changes", Types.STRING, TypeInformation.of(ControlRecord.class));

  /** Keeps {@code control} if it is a {@code THRESHOLDS} record; other types are not ours. */
  public static void apply(BroadcastState<String, ControlRecord> changes, ControlRecord control)
      throws Exception {
    if (control.type() == ControlType.THRESHOLDS) {
      changes.put(control.key() + "@" + control.effectiveFromMillis(), control);
    }
  }

  /**
   * The thresholds for {@code portId} at {@code time}: the latest record in force for the port or
   * for every port (on a tie, the port's own), else {@code start}.
   */
  public static AlertThresholds at(
      ReadOnlyBroadcastState<String, ControlRecord> changes,
      String portId,
      long time,
      AlertThresholds start)
      throws Exception {
    ControlRecord best = null;
    for (Map.Entry<String, ControlRecord> e : changes.immutableEntries()) {
      ControlRecord c = e.getValue();
      long from = c.effectiveFromMillis();
      boolean applies = c.portId() == null || c.portId().equals(portId);
      if (!applies || from > time) {
        continue;
      }
      if (best == null
          || from > best.effectiveFromMillis()
          || (from == best.effectiveFromMillis() && c.portId() != null)) {
        best = c;
      }
    }
    return best == null ? start : best.thresholds();
  }
}
