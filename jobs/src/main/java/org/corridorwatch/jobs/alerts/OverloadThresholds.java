package org.corridorwatch.jobs.alerts;

import java.io.Serializable;

/**
 * When a port is in sustained overload: {@code readings} consecutive readings above {@code
 * overload} raise a WARNING, as many above {@code severe} make it CRITICAL, and as many below
 * {@code clear} close the episode. Readings between {@code clear} and {@code overload} do neither,
 * so an episode does not flap around a single level.
 *
 * @param overload e.g. 1.00
 * @param severe e.g. 1.25
 * @param clear e.g. 0.90
 * @param readings consecutive readings needed, e.g. 4
 */
public record OverloadThresholds(
    UtilisationLevel overload, UtilisationLevel severe, UtilisationLevel clear, int readings)
    implements Serializable {

  /** The contract's defaults: 1.00, 1.25, 0.90, 4 readings. */
  public static OverloadThresholds defaults() {
    return new OverloadThresholds(
        UtilisationLevel.of("1.00"), UtilisationLevel.of("1.25"), UtilisationLevel.of("0.90"), 4);
  }
}
