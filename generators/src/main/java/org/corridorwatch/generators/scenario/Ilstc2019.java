package org.corridorwatch.generators.scenario;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Line;

/**
 * The Chongqing–ASEAN highway shuttles as of July 2019: exactly 1,353 outbound and 107 return
 * departures on the five ILSTC road lines, each with its arrival. The totals are the source's (doc
 * 000 line 185); how they split across lines, when they ran (from the corridor's opening in
 * September 2017, doc 000 line 15, to the end of July 2019), which returns ran empty, and the cargo
 * are synthetic.
 */
public final class Ilstc2019 implements Scenario {
  static final int OUTBOUND = 1_353;
  static final int RETURN = 107;

  /** Of the returns, how many run empty: the source notes a shortage of goods to bring back. */
  static final int EMPTY_RETURNS = 44;

  static final String CORRIDOR = "ILSTC-ROAD";
  static final long FIRST_DEPARTURE = Instant.parse("2017-09-01T00:00:00Z").toEpochMilli();
  static final long END_OF_JULY_2019 = Instant.parse("2019-08-01T00:00:00Z").toEpochMilli();

  /** Synthetic shares of the departures per line, in corridor order (outbound, return). */
  private static final double[] OUTBOUND_SHARES = {0.34, 0.16, 0.22, 0.18, 0.10};

  private static final double[] RETURN_SHARES = {0.45, 0.05, 0.30, 0.15, 0.05};

  /** Synthetic road speed of a shuttle, km a day, used for arrival times. */
  private static final int KM_PER_DAY_MIN = 450;

  private static final int KM_PER_DAY_MAX = 750;

  private static final String[] CARGO = {
    "ELECTRONICS",
    "AUTO_PARTS",
    "MACHINERY",
    "MOTORCYCLES",
    "TEXTILES",
    "FRUIT",
    "RUBBER",
    "FURNITURE"
  };

  @Override
  public String name() {
    return "ilstc-2019";
  }

  @Override
  public String summary() {
    return "1,460 Chongqing-ASEAN highway shuttles on the 5 ILSTC road lines: 1,353 out, 107 back";
  }

  @Override
  public String provenance() {
    return "Sourced: 1,460 highway shuttles as of July 2019, 1,353 outward and 107 return"
        + " (000_af6e1f0ca54acc67.txt:185); the five road lines and their lengths"
        + " (000_af6e1f0ca54acc67.txt:69); the corridor opened in September 2017"
        + " (000_af6e1f0ca54acc67.txt:15). Synthetic: the split across lines (outbound"
        + " 34/16/22/18/10%, return 45/5/30/15/5% for Eastern/Second Eastern/Middle/Western/"
        + "Asia-Europe), departures spread from 2017-09-01 to 2019-07-31 with traffic growing"
        + " fourfold, 44 of the 107 returns empty, 450-750 km a day on the road, cargo, TEU and"
        + " values.";
  }

  @Override
  public long defaultFrom(ScenarioSettings settings) {
    return FIRST_DEPARTURE;
  }

  @Override
  public long defaultTo(ScenarioSettings settings) {
    // the last departures of July arrive up to a month later on the Asia-Europe line
    return END_OF_JULY_2019 + 31 * EventTimeRules.DAY_MILLIS;
  }

  @Override
  public long estimatedEvents(ScenarioSettings settings, CorridorCatalogue catalogue) {
    return 2L * (OUTBOUND + RETURN);
  }

  @Override
  public ScenarioRun start(ScenarioContext context) {
    List<Line> lines =
        context.catalogue().corridor(CORRIDOR).lines().stream()
            .map(context.catalogue()::line)
            .toList();
    SplittableRandom random = context.random();
    return new ScenarioRun() {
      private boolean done;

      @Override
      public boolean nextChunk(Timeline timeline) {
        if (done) {
          return false;
        }
        // a few thousand events: one chunk holds them all
        int[] out = apportion(OUTBOUND, OUTBOUND_SHARES);
        int[] back = apportion(RETURN, RETURN_SHARES);
        boolean[] emptyReturn = chooseEmpty(RETURN, EMPTY_RETURNS, random);
        int shuttle = 0;
        int returnIndex = 0;
        for (int l = 0; l < lines.size(); l++) {
          for (int i = 0; i < out[l]; i++) {
            addShuttle(lines.get(l), shuttle++, ShipmentDirection.OUTBOUND, true, random, timeline);
          }
          for (int i = 0; i < back[l]; i++) {
            boolean laden = !emptyReturn[returnIndex++];
            addShuttle(lines.get(l), shuttle++, ShipmentDirection.RETURN, laden, random, timeline);
          }
        }
        done = true;
        return true;
      }

      @Override
      public long safeTime() {
        return done ? Long.MAX_VALUE : FIRST_DEPARTURE;
      }
    };
  }

  private static void addShuttle(
      Line line,
      int n,
      ShipmentDirection direction,
      boolean laden,
      SplittableRandom random,
      Timeline timeline) {
    String shipmentId = String.format("ILSTC-SH-%04d", n);
    long departed = growingDepartureTime(random);
    long kmPerDay = KM_PER_DAY_MIN + random.nextInt(KM_PER_DAY_MAX - KM_PER_DAY_MIN + 1);
    long transit = line.lengthKm() * EventTimeRules.DAY_MILLIS / kmPerDay;
    long arrived = departed + transit + random.nextLong(EventTimeRules.HOUR_MILLIS * 6);
    String cargo = laden ? CARGO[random.nextInt(CARGO.length)] : null;
    Double teu = laden ? (double) (1 + random.nextInt(2)) : null;
    Double value = laden ? (double) (15_000 + random.nextInt(135_001)) : null;
    timeline.add(
        new Shipment(
            "ilstc19-" + n + "-D",
            shipmentId,
            line.id(),
            direction,
            ShipmentStatus.DEPARTED,
            laden,
            teu,
            value,
            cargo,
            departed));
    timeline.add(
        new Shipment(
            "ilstc19-" + n + "-A",
            shipmentId,
            line.id(),
            direction,
            ShipmentStatus.ARRIVED,
            laden,
            teu,
            value,
            cargo,
            arrived));
  }

  /**
   * A departure time in [2017-09-01, 2019-08-01) whose density grows linearly fourfold: the
   * corridor's traffic built up after it opened. Inverse of the CDF {@code (u + 1.5u²) / 2.5}.
   */
  private static long growingDepartureTime(SplittableRandom random) {
    double f = random.nextDouble();
    double u = (-1 + Math.sqrt(1 + 15 * f)) / 3;
    return FIRST_DEPARTURE + (long) (u * (END_OF_JULY_2019 - FIRST_DEPARTURE - 1));
  }

  /** Splits {@code total} by {@code shares} into whole numbers that sum to it exactly. */
  static int[] apportion(int total, double[] shares) {
    int[] counts = new int[shares.length];
    double[] remainders = new double[shares.length];
    int given = 0;
    for (int i = 0; i < shares.length; i++) {
      double exact = total * shares[i];
      counts[i] = (int) Math.floor(exact);
      remainders[i] = exact - counts[i];
      given += counts[i];
    }
    // largest remainders first; ties to the earlier line, so the split never depends on chance
    while (given < total) {
      int best = 0;
      for (int i = 1; i < shares.length; i++) {
        if (remainders[i] > remainders[best] + 1e-12) {
          best = i;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      given++;
    }
    return counts;
  }

  private static boolean[] chooseEmpty(int n, int empty, SplittableRandom random) {
    boolean[] flags = new boolean[n];
    for (int chosen = 0; chosen < empty; ) {
      int i = random.nextInt(n);
      if (!flags[i]) {
        flags[i] = true;
        chosen++;
      }
    }
    return flags;
  }
}
