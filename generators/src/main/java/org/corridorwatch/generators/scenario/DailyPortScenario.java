package org.corridorwatch.generators.scenario;

import java.util.List;
import java.util.SplittableRandom;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * A scenario that generates one UTC day of crossing traffic per chunk for a set of ports. The
 * subclasses choose the ports, and may add their own events.
 */
abstract class DailyPortScenario implements Scenario {
  private final String tag;
  private final PortTraffic.Mix mix;
  private final DailyDepartures departures;

  /**
   * @param tag short tag in every event and vehicle id, so ids never collide across scenarios
   * @param mix how the ports' traffic is made up; the same for every port of the scenario
   * @param departures how many trips depart from each port each day
   */
  DailyPortScenario(String tag, PortTraffic.Mix mix, DailyDepartures departures) {
    this.tag = tag;
    this.mix = mix;
    this.departures = departures;
  }

  @Override
  public long defaultFrom(ScenarioSettings settings) {
    // trips departing early on the first day arrived the evening before
    return settings.start() - EventTimeRules.DAY_MILLIS;
  }

  @Override
  public long defaultTo(ScenarioSettings settings) {
    return settings.start() + settings.days() * EventTimeRules.DAY_MILLIS;
  }

  /** The ports' traffic builders; called once per run. */
  List<PortTraffic> ports(ScenarioContext context) {
    return portsOf(context.catalogue()).stream()
        .map(port -> new PortTraffic(port, tag, mix))
        .toList();
  }

  /** Short tag in every event and vehicle id, so ids never collide across scenarios. */
  String tag() {
    return tag;
  }

  /** Ports this scenario runs, by id, for estimates without building the traffic. */
  abstract List<Node> portsOf(CorridorCatalogue catalogue);

  @Override
  public long estimatedEvents(ScenarioSettings settings, CorridorCatalogue catalogue) {
    double perDay = portsOf(catalogue).stream().mapToDouble(departures::mean).sum();
    // three records a trip, plus the refused ones with two
    return Math.round(settings.days() * perDay * (3 + 2 * rejectedShare()));
  }

  /** Share of arrivals that customs refuses, on top of the departures. */
  double rejectedShare() {
    return 0.003;
  }

  /** Hook for events beyond the ordinary traffic of a day. */
  void extraEvents(
      long dayStart, List<PortTraffic> ports, ScenarioContext context, Timeline timeline) {}

  @Override
  public ScenarioRun start(ScenarioContext context) {
    List<PortTraffic> ports = ports(context);
    long maxLead = ports.stream().mapToLong(PortTraffic::maxLeadMillis).max().orElse(0);
    long firstDay = context.settings().start();
    long lastDay = firstDay + (context.settings().days() - 1L) * EventTimeRules.DAY_MILLIS;
    SplittableRandom random = context.random();
    return new ScenarioRun() {
      private long day = firstDay;
      private long safe = firstDay - maxLead;

      @Override
      public boolean nextChunk(Timeline timeline) {
        if (day > lastDay) {
          safe = Long.MAX_VALUE;
          return false;
        }
        for (PortTraffic port : ports) {
          int departing = departures.draw(port.port(), random);
          port.departuresOn(day, departing, random, timeline);
          long rejected = Math.round(departing * rejectedShare());
          for (int i = 0; i < rejected; i++) {
            port.rejectedOn(day, random, timeline);
          }
        }
        extraEvents(day, ports, context, timeline);
        day += EventTimeRules.DAY_MILLIS;
        // trips departing on the next day can begin up to maxLead before it
        safe = day - maxLead;
        return true;
      }

      @Override
      public long safeTime() {
        return safe;
      }
    };
  }
}
