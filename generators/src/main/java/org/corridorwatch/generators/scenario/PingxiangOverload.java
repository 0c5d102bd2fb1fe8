package org.corridorwatch.generators.scenario;

import java.util.List;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * Pingxiang carrying more than it was built for. The designed 800–1,000 and actual 1,200–1,500
 * vehicle trips a day are the source's (doc 000 line 193); the daily figure drawn within that
 * range, the hour-of-day profile, directions, empty runs and customs times are synthetic.
 */
public final class PingxiangOverload extends DailyPortScenario {
  static final String PORT = "CN-PINGXIANG";

  /** The source's actual trips a day, each day's drawn uniformly within them. */
  static final DailyDepartures DEPARTURES = DailyDepartures.between(1_200, 1_500);

  public PingxiangOverload() {
    super("pxo", PortTraffic.Mix.SKEWED, DEPARTURES);
  }

  @Override
  public String name() {
    return "pingxiang-overload";
  }

  @Override
  public String summary() {
    return "CN-PINGXIANG at 1,200-1,500 departures a day against a designed 800-1,000";
  }

  @Override
  public String provenance() {
    return "Sourced: designed capacity 800-1,000 and actual 1,200-1,500 vehicle trips a day"
        + " (000_af6e1f0ca54acc67.txt:193). Synthetic: each day's count, drawn uniformly within"
        + " 1,200-1,500; the hour-of-day profile; 55% exports; 5% of exports and 30% of imports"
        + " empty; customs mostly tens of minutes (median about 34 min, capped at 4 h), with 1%"
        + " stuck for 7-20 h, a third of those never decided; 5-30 min to the border; 0.3% of"
        + " arrivals refused.";
  }

  @Override
  List<Node> portsOf(CorridorCatalogue catalogue) {
    return List.of(catalogue.port(PORT));
  }
}
