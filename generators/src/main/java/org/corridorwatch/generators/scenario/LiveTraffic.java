package org.corridorwatch.generators.scenario;

import java.util.List;
import java.util.SplittableRandom;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Line;
import org.corridorwatch.seeds.Node;

/**
 * Traffic at wall-clock time, for a dashboard to keep moving after a replay: every port at its
 * baseline load, Pingxiang at the overload the source reports (doc 000 line 193), and a shuttle on
 * a road line every 15 minutes, outbound and return in the source's 1,353 : 107 proportion (doc 000
 * line 185). The shuttle rate is synthetic and far above the real one, so the balance visibly
 * moves.
 *
 * <p>Not a {@link Scenarios named scenario}: it has no end, so no known answer.
 */
public final class LiveTraffic extends DailyPortScenario {
  private static final long SHUTTLE_INTERVAL_MILLIS = 15 * 60_000L;

  /** Pingxiang's load is pingxiang-overload's, every other port's the baseline's. */
  private static final DailyDepartures DEPARTURES =
      DailyDepartures.perPort(
          port ->
              port.id().equals(PingxiangOverload.PORT)
                  ? PingxiangOverload.DEPARTURES
                  : DailyDepartures.ORDINARY);

  /**
   * @param startMillis when the feed starts; it keeps event ids unique across runs
   */
  public LiveTraffic(long startMillis) {
    super("live" + (startMillis / 1000), PortTraffic.Mix.ORDINARY, DEPARTURES);
  }

  /** Settings for a feed from {@code startMillis} on, for as long as it runs. */
  public static ScenarioSettings settingsFrom(long startMillis) {
    return new ScenarioSettings(
        Math.floorDiv(startMillis, EventTimeRules.DAY_MILLIS) * EventTimeRules.DAY_MILLIS, 100_000);
  }

  @Override
  public String name() {
    return "live";
  }

  @Override
  public String summary() {
    return "every port at baseline load, Pingxiang overloaded, shuttles every 15 min, at wall-clock time";
  }

  @Override
  public String provenance() {
    return "Sourced: Pingxiang's 1,200-1,500 trips a day (000_af6e1f0ca54acc67.txt:193) and the"
        + " 1,353 : 107 outbound-to-return proportion (000_af6e1f0ca54acc67.txt:185). Synthetic:"
        + " the rest, as in baseline, and one shuttle every 15 minutes.";
  }

  @Override
  List<Node> portsOf(CorridorCatalogue catalogue) {
    return catalogue.ports();
  }

  @Override
  void extraEvents(
      long dayStart, List<PortTraffic> ports, ScenarioContext context, Timeline timeline) {
    List<Line> lines =
        context.catalogue().corridor(Ilstc2019.CORRIDOR).lines().stream()
            .map(context.catalogue()::line)
            .toList();
    SplittableRandom random = context.random();
    double returnShare = Ilstc2019.RETURN / (double) (Ilstc2019.OUTBOUND + Ilstc2019.RETURN);
    for (long t = dayStart;
        t < dayStart + EventTimeRules.DAY_MILLIS;
        t += SHUTTLE_INTERVAL_MILLIS) {
      Line line = lines.get(random.nextInt(lines.size()));
      boolean back = random.nextDouble() < returnShare;
      String id = tag() + "-" + line.id() + "-" + t;
      timeline.add(
          new Shipment(
              id + "-D",
              id,
              line.id(),
              back ? ShipmentDirection.RETURN : ShipmentDirection.OUTBOUND,
              ShipmentStatus.DEPARTED,
              !back || random.nextBoolean(),
              1.0,
              null,
              null,
              t + random.nextLong(SHUTTLE_INTERVAL_MILLIS)));
    }
  }
}
