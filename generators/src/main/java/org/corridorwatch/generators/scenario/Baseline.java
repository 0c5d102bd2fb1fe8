package org.corridorwatch.generators.scenario;

import java.util.List;
import java.util.SplittableRandom;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * Every catalogue port busy but under capacity, so no alert may come of it. Capacities come from
 * the catalogue (sourced for Pingxiang, assumed elsewhere); the traffic is synthetic.
 */
public final class Baseline extends DailyPortScenario {
  /** Daily departures as a share of designed maximum: well under the 0.85 of the BUSY band. */
  static final double MIN_LOAD = 0.40;

  static final double MAX_LOAD = 0.65;

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public String summary() {
    return "every catalogue port at 40-65% of its designed maximum; no alert may fire";
  }

  @Override
  public String provenance() {
    return "Sourced: the ports (nodes.json) and Pingxiang's capacity (000_af6e1f0ca54acc67.txt:193)."
        + " Assumed: the other ports' capacities, labelled in nodes.json. Synthetic: each port's"
        + " daily departures, 40-65% of its designed maximum, and the directions and empty runs of"
        + " pingxiang-overload, with customs always done in 25-150 min.";
  }

  @Override
  String tag() {
    return "base";
  }

  @Override
  List<Node> portsOf(CorridorCatalogue catalogue) {
    return catalogue.ports();
  }

  @Override
  double meanDailyDepartures(Node port) {
    return meanOrdinaryDepartures(port);
  }

  static double meanOrdinaryDepartures(Node port) {
    return port.capacity().designedTripsPerDayMax() * (MIN_LOAD + MAX_LOAD) / 2;
  }

  @Override
  int departures(PortTraffic port, long dayStart, SplittableRandom random) {
    return ordinaryDepartures(port, random);
  }

  /** A day's departures at a load drawn from 40-65% of the port's designed maximum. */
  static int ordinaryDepartures(PortTraffic port, SplittableRandom random) {
    int max = port.port().capacity().designedTripsPerDayMax();
    double load = MIN_LOAD + random.nextDouble() * (MAX_LOAD - MIN_LOAD);
    return (int) Math.round(max * load);
  }
}
