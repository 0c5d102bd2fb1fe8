package org.corridorwatch.generators.scenario;

import java.util.List;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * Catalogue ports busy but under capacity, so no alert may come of them. Capacities come from the
 * catalogue (sourced for Pingxiang, assumed elsewhere); the traffic is synthetic.
 *
 * <p>Two scenarios share this shape: {@code baseline}, every port, and {@code corridor-ports},
 * every port but Pingxiang, which replays beside {@code pingxiang-overload} so that together they
 * cover the whole catalogue without counting Pingxiang twice.
 */
public final class Baseline extends DailyPortScenario {
  private final String name;
  private final String summary;
  private final String left;

  private Baseline(String name, String tag, String summary, String left) {
    super(tag, PortTraffic.Mix.ORDINARY, DailyDepartures.ORDINARY);
    this.name = name;
    this.summary = summary;
    this.left = left;
  }

  /** Every catalogue port. */
  public static Baseline everyPort() {
    return new Baseline(
        "baseline",
        "base",
        "every catalogue port at 40-65% of its designed maximum; no alert may fire",
        null);
  }

  /** Every catalogue port but Pingxiang, whose traffic {@code pingxiang-overload} replays. */
  public static Baseline besidePingxiang() {
    return new Baseline(
        "corridor-ports",
        "rest",
        "every catalogue port but CN-PINGXIANG at 40-65% of its designed maximum, to replay beside"
            + " pingxiang-overload",
        PingxiangOverload.PORT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public String provenance() {
    return "Sourced: the ports (nodes.json) and Pingxiang's capacity (000_af6e1f0ca54acc67.txt:193)."
        + " Assumed: the other ports' capacities, labelled in nodes.json. Synthetic: each port's"
        + " daily departures, 40-65% of its designed maximum, and the directions and empty runs of"
        + " pingxiang-overload, with customs always done in 25-150 min.";
  }

  @Override
  List<Node> portsOf(CorridorCatalogue catalogue) {
    return catalogue.ports().stream().filter(p -> !p.id().equals(left)).toList();
  }
}
