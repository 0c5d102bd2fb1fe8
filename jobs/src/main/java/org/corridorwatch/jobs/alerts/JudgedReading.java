package org.corridorwatch.jobs.alerts;

import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.PortUtilisation;

/**
 * A utilisation reading with the alert thresholds in force at its {@code windowEnd}, so that CEP
 * conditions, which cannot read broadcast state, judge it by the thresholds of its own time.
 *
 * @param reading the port's reading
 * @param thresholds in force for its port at its window end
 */
public record JudgedReading(PortUtilisation reading, AlertThresholds thresholds) {

  public String portId() {
    return reading.portId();
  }
}
