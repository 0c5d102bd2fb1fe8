package org.corridorwatch.generators.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * A customs backlog at Mohan. The source says consolidated shuttles must be cleared within China
 * and that de-vanning them makes fast clearance impossible (doc 000 line 197). On the second day a
 * wave of consolidated shuttles arrives and waits 6¼ to 11 hours for clearance, against tens of
 * minutes for most ordinary traffic (with the odd vehicle stuck for hours, too few to raise a
 * backlog of their own). The port, the wave's size and timing and every delay are synthetic.
 */
public final class ConsolidatedShuttleWave extends DailyPortScenario {
  static final String PORT = "CN-MOHAN";

  /** Consolidated shuttles arriving in each local hour from 09:00 on the incident day. */
  static final int[] WAVE_PER_LOCAL_HOUR = {12, 30, 45, 45, 30, 12};

  static final int WAVE_FIRST_LOCAL_HOUR = 9;
  static final int DELAY_MINUTES_MIN = 375;
  static final int DELAY_MINUTES_MAX = 660;

  public ConsolidatedShuttleWave() {
    super("cbl", PortTraffic.Mix.SKEWED, DailyDepartures.ORDINARY);
  }

  @Override
  public String name() {
    return "clearance-backlog";
  }

  @Override
  public String summary() {
    return "CN-MOHAN: on day 2, 174 consolidated shuttles wait 6.25-11 h for customs";
  }

  @Override
  public String provenance() {
    return "Sourced: consolidated shuttles need de-vanning, which makes fast clearance impossible"
        + " (000_af6e1f0ca54acc67.txt:197). Synthetic: the port (CN-MOHAN, a Middle Line gateway),"
        + " ordinary traffic at 40-65% of its assumed capacity with customs as at"
        + " pingxiang-overload (median about 34 min, 1% stuck for 7-20 h), and on the second day"
        + " a wave of 12/30/45/45/30/12 shuttles arriving hourly from 09:00 local, each cleared"
        + " 375-660 min after arrival, so they time out of the 6 h clearance window.";
  }

  @Override
  public long defaultTo(ScenarioSettings settings) {
    // the wave's last shuttles clear up to 11 h after the second day's afternoon
    return Math.max(super.defaultTo(settings), settings.start() + 3 * EventTimeRules.DAY_MILLIS);
  }

  @Override
  List<Node> portsOf(CorridorCatalogue catalogue) {
    return List.of(catalogue.port(PORT));
  }

  @Override
  public long estimatedEvents(ScenarioSettings settings, CorridorCatalogue catalogue) {
    return super.estimatedEvents(settings, catalogue)
        + 3L * Arrays.stream(WAVE_PER_LOCAL_HOUR).sum();
  }

  @Override
  void extraEvents(
      long dayStart, List<PortTraffic> ports, ScenarioContext context, Timeline timeline) {
    if (dayStart != context.settings().start() + EventTimeRules.DAY_MILLIS) {
      return;
    }
    SplittableRandom random = context.random();
    long localOffset = DailyProfile.utcOffsetMinutes("CN") * 60_000L;
    for (int h = 0; h < WAVE_PER_LOCAL_HOUR.length; h++) {
      long hourStart =
          dayStart + (WAVE_FIRST_LOCAL_HOUR + h) * EventTimeRules.HOUR_MILLIS - localOffset;
      for (int i = 0; i < WAVE_PER_LOCAL_HOUR[h]; i++) {
        long arrived = hourStart + random.nextLong(EventTimeRules.HOUR_MILLIS);
        long delay =
            DELAY_MINUTES_MIN + random.nextLong(DELAY_MINUTES_MAX - DELAY_MINUTES_MIN + 1L);
        long cleared = arrived + delay * 60_000L;
        long departed = cleared + (10 + random.nextLong(31)) * 60_000L;
        ports.get(0).tripAt(arrived, cleared, departed, random, timeline);
      }
    }
  }
}
