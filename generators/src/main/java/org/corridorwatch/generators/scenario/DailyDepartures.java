package org.corridorwatch.generators.scenario;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.corridorwatch.seeds.Node;

/**
 * How many trips depart from a port in one UTC day: a number drawn afresh for each day, and the
 * mean of that draw, which estimates use without building any traffic. Keeping the two together
 * means a scenario that replays another's load (the live feed's Pingxiang) takes that scenario's
 * rule instead of restating its figures.
 */
interface DailyDepartures {
  /** One day's departures from {@code port}. */
  int draw(Node port, SplittableRandom random);

  /** The mean of {@link #draw} at {@code port}. */
  double mean(Node port);

  /** Busy but under capacity: a load drawn from 40-65% of the port's designed maximum. */
  DailyDepartures ORDINARY =
      new DailyDepartures() {
        /** Shares of the designed maximum: well under the 0.85 of the BUSY band. */
        static final double MIN_LOAD = 0.40;

        static final double MAX_LOAD = 0.65;

        @Override
        public int draw(Node port, SplittableRandom random) {
          double load = MIN_LOAD + random.nextDouble() * (MAX_LOAD - MIN_LOAD);
          return (int) Math.round(port.capacity().designedTripsPerDayMax() * load);
        }

        @Override
        public double mean(Node port) {
          return port.capacity().designedTripsPerDayMax() * (MIN_LOAD + MAX_LOAD) / 2;
        }
      };

  /** A whole number drawn uniformly from {@code [min, max]} at any port. */
  static DailyDepartures between(int min, int max) {
    return new DailyDepartures() {
      @Override
      public int draw(Node port, SplittableRandom random) {
        return min + random.nextInt(max - min + 1);
      }

      @Override
      public double mean(Node port) {
        return (min + max) / 2.0;
      }
    };
  }

  /** At each port, the rule {@code ruleAt} picks for it. */
  static DailyDepartures perPort(Function<Node, DailyDepartures> ruleAt) {
    return new DailyDepartures() {
      @Override
      public int draw(Node port, SplittableRandom random) {
        return ruleAt.apply(port).draw(port, random);
      }

      @Override
      public double mean(Node port) {
        return ruleAt.apply(port).mean(port);
      }
    };
  }
}
