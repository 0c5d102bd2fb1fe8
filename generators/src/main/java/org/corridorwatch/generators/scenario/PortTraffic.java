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
  /**
   * How a port's traffic is made up. Gaps are in minutes.
   *
   * @param clearMinutesMin shortest customs time; with {@code skewedCustoms}, the typical floor
   * @param clearMinutesMax longest customs time; with {@code skewedCustoms}, the cap of the
   *     ordinary ones (the stuck ones take longer)
   * @param skewedCustoms false: customs time uniform in [min, max]; true: mostly tens of minutes
   *     with a tail of hours, and a share of vehicles stuck for many hours, some with no decision
   */
  record Mix(
      double exportShare,
      double exportLadenShare,
      double importLadenShare,
      int clearMinutesMin,
      int clearMinutesMax,
      int exitMinutesMin,
      int exitMinutesMax,
      boolean skewedCustoms) {

    /** Long and widely varying clearance, always done within 150 min: no backlog can come of it. */
    static final Mix ORDINARY = new Mix(0.55, 0.95, 0.70, 25, 150, 5, 30, false);

    /**
     * Customs as a busy gateway has it: half the vehicles are through in about 35 min, one in ten
     * takes over 90 min, a few take hours (at most 4 h); and 1 % are stuck for 7 to 20 h, a third
     * of those leaving (or, if refused, staying) with no decision at all.
     */
    static final Mix SKEWED = new Mix(0.55, 0.95, 0.70, 10, 240, 5, 30, true);

    /** Share of vehicles stuck in customs far beyond the clearance limit. */
    static final double STUCK_SHARE = 0.01;

    /** Of the stuck vehicles, the share that never gets a decision. */
    static final double UNDECIDED_SHARE_OF_STUCK = 1.0 / 3;

    static final int STUCK_MINUTES_MIN = 7 * 60;
    static final int STUCK_MINUTES_MAX = 20 * 60;

    /** Mean of the exponential tail over the floor: makes the median about 34 min. */
    static final double SKEW_SCALE_MINUTES = 35;

    long maxLeadMillis() {
      int longest = skewedCustoms ? STUCK_MINUTES_MAX : clearMinutesMax;
      return (longest + exitMinutesMax) * 60_000L;
    }
  }

  /**
   * One vehicle's time in customs.
   *
   * @param millis from arrival to the decision, or to leaving when there is none
   * @param decided false when customs never decides
   */
  record Customs(long millis, boolean decided) {}

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
      Customs customs = customs(random);
      long arrived = cleared - customs.millis();
      trip(arrived, cleared, departed, false, customs.decided(), random).addTo(timeline);
    }
  }

  /** Adds a trip refused at customs: it arrives and is turned back, and never departs. */
  void rejectedOn(long dayStart, SplittableRandom random, Timeline timeline) {
    long arrived = DailyProfile.sampleWithinDay(dayStart, utcOffsetMinutes, random);
    Customs customs = customs(random);
    long refused = arrived + customs.millis();
    trip(arrived, refused, refused, true, customs.decided(), random).addTo(timeline);
  }

  /** Adds one trip with the given times, for scenarios that shape customs delays themselves. */
  void tripAt(
      long arrived, long cleared, long departed, SplittableRandom random, Timeline timeline) {
    trip(arrived, cleared, departed, false, true, random).addTo(timeline);
  }

  /**
   * How long customs takes. Both kinds of mix take exactly one number from the random stream, so a
   * scenario's departure times do not depend on its mix.
   */
  private Customs customs(SplittableRandom random) {
    if (!mix.skewedCustoms()) {
      return new Customs(minutes(random, mix.clearMinutesMin(), mix.clearMinutesMax()), true);
    }
    double u = random.nextDouble();
    double ordinary = 1 - Mix.STUCK_SHARE;
    if (u < ordinary) {
      // an exponential tail over the floor, read off one uniform number, capped
      double v = u / ordinary;
      double minutes =
          Math.min(
              mix.clearMinutesMin() - Mix.SKEW_SCALE_MINUTES * Math.log1p(-v),
              mix.clearMinutesMax());
      return new Customs(Math.round(minutes * 60_000L), true);
    }
    // the stuck: w places the vehicle among them; its lowest third gets no decision, and the
    // thirds each spread over the whole 7-20 h
    double w = (u - ordinary) / Mix.STUCK_SHARE;
    double spread = (w / Mix.UNDECIDED_SHARE_OF_STUCK) % 1.0;
    double minutes =
        Mix.STUCK_MINUTES_MIN + spread * (Mix.STUCK_MINUTES_MAX - Mix.STUCK_MINUTES_MIN);
    return new Customs(Math.round(minutes * 60_000L), w >= Mix.UNDECIDED_SHARE_OF_STUCK);
  }

  private CrossingTrip trip(
      long arrived,
      long cleared,
      long departed,
      boolean rejected,
      boolean decided,
      SplittableRandom random) {
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
        rejected,
        decided);
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
