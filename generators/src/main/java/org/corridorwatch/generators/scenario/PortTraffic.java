package org.corridorwatch.generators.scenario;

import java.util.SplittableRandom;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.seeds.Node;
import org.corridorwatch.seeds.NodeKind;
import org.corridorwatch.seeds.TransportMode;

/**
 * Builds the crossing trips of one port, anchored on their departure time so a scenario controls
 * exactly how many {@code DEPARTED} records each day has. The mix of directions, empty runs and
 * customs times is synthetic; the sources give none of it.
 */
final class PortTraffic {
  /** How a port's traffic is made up. Gaps are in minutes. */
  record Mix(
      double exportShare,
      double exportLadenShare,
      double importLadenShare,
      int clearMinutesMin,
      int clearMinutesMax,
      int exitMinutesMin,
      int exitMinutesMax) {

    /** Long and widely varying clearance: the sources describe slow customs. */
    static final Mix ORDINARY = new Mix(0.55, 0.95, 0.70, 25, 150, 5, 30);

    long maxLeadMillis() {
      return (clearMinutesMax + exitMinutesMax) * 60_000L;
    }
  }

  private final Node port;
  private final String tripPrefix;
  private final String vehiclePrefix;
  private final int utcOffsetMinutes;
  private final Mix mix;
  private int trips;

  /**
   * @param port the port
   * @param scenarioTag short tag of the scenario, so ids never collide across scenarios
   */
  PortTraffic(Node port, String scenarioTag, Mix mix) {
    this.port = port;
    String portName = port.id().substring(3);
    this.tripPrefix = scenarioTag + "-" + portName;
    this.vehiclePrefix = scenarioTag.toUpperCase() + "-" + portName + "-";
    this.utcOffsetMinutes = DailyProfile.utcOffsetMinutes(port.country());
    this.mix = mix;
  }

  Node port() {
    return port;
  }

  /** The longest time a trip's first record can precede its departure. */
  long maxLeadMillis() {
    return mix.maxLeadMillis();
  }

  /** Adds {@code departures} trips that depart within the UTC day starting at {@code dayStart}. */
  void departuresOn(long dayStart, int departures, SplittableRandom random, Timeline timeline) {
    for (int i = 0; i < departures; i++) {
      long departed = DailyProfile.sampleWithinDay(dayStart, utcOffsetMinutes, random);
      long cleared = departed - minutes(random, mix.exitMinutesMin(), mix.exitMinutesMax());
      long arrived = cleared - minutes(random, mix.clearMinutesMin(), mix.clearMinutesMax());
      trip(arrived, cleared, departed, false, random).addTo(timeline);
    }
  }

  /** Adds a trip refused at customs: it arrives and is turned back, and never departs. */
  void rejectedOn(long dayStart, SplittableRandom random, Timeline timeline) {
    long arrived = DailyProfile.sampleWithinDay(dayStart, utcOffsetMinutes, random);
    long refused = arrived + minutes(random, mix.clearMinutesMin(), mix.clearMinutesMax());
    trip(arrived, refused, refused, true, random).addTo(timeline);
  }

  /** Adds one trip with the given times, for scenarios that shape customs delays themselves. */
  void tripAt(
      long arrived, long cleared, long departed, SplittableRandom random, Timeline timeline) {
    trip(arrived, cleared, departed, false, random).addTo(timeline);
  }

  private CrossingTrip trip(
      long arrived, long cleared, long departed, boolean rejected, SplittableRandom random) {
    int n = trips++;
    boolean export = random.nextDouble() < mix.exportShare();
    boolean laden =
        random.nextDouble() < (export ? mix.exportLadenShare() : mix.importLadenShare());
    return new CrossingTrip(
        tripPrefix + "-" + n,
        port.id(),
        vehiclePrefix + String.format("%06d", n),
        export ? CrossingDirection.EXPORT : CrossingDirection.IMPORT,
        vehicleType(random),
        laden,
        arrived,
        cleared,
        departed,
        rejected);
  }

  private VehicleType vehicleType(SplittableRandom random) {
    if (port.kind() == NodeKind.RIVER_PORT) {
      return VehicleType.BARGE;
    }
    if (port.modes().contains(TransportMode.RAIL) && random.nextDouble() < 0.1) {
      return VehicleType.TRAIN;
    }
    return VehicleType.TRUCK;
  }

  /** A gap drawn uniformly from {@code [min, max]} minutes, to the millisecond. */
  private static long minutes(SplittableRandom random, int min, int max) {
    return min * 60_000L + random.nextLong((max - min) * 60_000L + 1);
  }
}
