package org.corridorwatch.generators.answers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortUtilisation;

/**
 * The {@code SUSTAINED_OVERLOAD} transitions a port's readings must give, worked out by counting
 * consecutive readings, with no CEP: N over the overload level raise a WARNING, N over the severe
 * level make it CRITICAL, N under the clear level clear it. A count restarts after it reaches N, as
 * the job's patterns start a new run after a match. Findings of one reading are taken together, so
 * a run severe from its start opens CRITICAL.
 */
final class SustainedOverloadOracle {
  /** The contract's defaults. */
  static final BigDecimal OVERLOAD = new BigDecimal("1.00");

  static final BigDecimal SEVERE = new BigDecimal("1.25");
  static final BigDecimal CLEAR = new BigDecimal("0.90");
  static final int READINGS = 4;

  private SustainedOverloadOracle() {}

  /** One port's readings, in window order. */
  static List<ExpectedAlert> alerts(List<PortUtilisation> readings) {
    List<ExpectedAlert> out = new ArrayList<>();
    if (readings.isEmpty()) {
      return out;
    }
    Episodes episodes = new Episodes(AlertType.SUSTAINED_OVERLOAD, readings.get(0).portId(), out);
    OracleRun over = new OracleRun(READINGS);
    OracleRun severe = new OracleRun(READINGS);
    OracleRun under = new OracleRun(READINGS);
    for (PortUtilisation r : readings) {
      // trips / max against a level, exactly: trips against level x max
      BigDecimal trips = BigDecimal.valueOf(r.trips());
      BigDecimal max = BigDecimal.valueOf(r.designedTripsPerDayMax());
      boolean overHit = over.next(trips.compareTo(OVERLOAD.multiply(max)) > 0, r.windowEndMillis());
      boolean severeHit =
          severe.next(trips.compareTo(SEVERE.multiply(max)) > 0, r.windowEndMillis());
      boolean underHit = under.next(trips.compareTo(CLEAR.multiply(max)) < 0, r.windowEndMillis());
      if (overHit || severeHit) {
        episodes.raise(
            severeHit ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
            Math.min(
                overHit ? over.hitStart() : Long.MAX_VALUE,
                severeHit ? severe.hitStart() : Long.MAX_VALUE));
      }
      if (underHit) {
        episodes.clear();
      }
    }
    return out;
  }
}
