package org.corridorwatch.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.console.web.ConsoleState;
import org.corridorwatch.model.PortWaits;

/**
 * The console's state as text for a terminal: a header with how far event time has come, then a
 * line per port, per port with customs waits, per corridor and per open alert. It renders the same
 * {@link ConsoleState} the web console serves, so both always say the same thing.
 */
public final class CorridorSummary {
  private CorridorSummary() {}

  /**
   * The lines for {@code state} at wall-clock {@code nowMillis}; the lag behind it is shown so a
   * replay of 2019 is not mistaken for now.
   */
  public static List<String> lines(ConsoleState state, long nowMillis) {
    List<String> lines = new ArrayList<>();
    long reached = state.clock(nowMillis).eventTimeReached();
    if (reached == Long.MIN_VALUE) {
      lines.add("no readings yet");
    } else {
      long lagHours = (nowMillis - reached) / 3_600_000L;
      lines.add(
          String.format(
              "event time %s (%s behind the clock)",
              Instant.ofEpochMilli(reached),
              lagHours >= 48 ? (lagHours / 24) + " days" : lagHours + " h"));
    }
    for (ConsoleState.PortView p : state.ports()) {
      lines.add(
          String.format(
              "  port     %-14s %-30s %,6d trips / %,d designed  %4d%%  %s",
              p.portId(),
              p.name(),
              p.trips(),
              p.designedTripsPerDayMax(),
              p.utilisation().movePointRight(2).intValue(),
              p.band()));
    }
    for (PortWaits w : state.waits()) {
      // a port whose run of waits has ended (every count 0) has nothing to say until it restarts
      if (w.endsRun()) {
        continue;
      }
      lines.add(
          String.format(
              "  waits    %-14s %-30s %,6d waiting  oldest %s  %s",
              w.portId(),
              state.portName(w.portId()),
              w.waiting(),
              w.oldestWaitMinutes() == null ? "-" : w.oldestWaitMinutes() + " min",
              w.clearanceMinutesP50() == null
                  ? "no customs decisions in the last hour"
                  : String.format(
                      "clearance p50 %d min, p90 %d min",
                      w.clearanceMinutesP50(), w.clearanceMinutesP90())));
    }
    for (ConsoleState.BalanceView b : state.cumulativeBalances()) {
      if (!b.level().equals("CORRIDOR")) {
        continue;
      }
      lines.add(
          String.format(
              "  corridor %-14s out %,d  in %,d  ratio %s  inbound share %s",
              b.id(),
              b.outbound(),
              b.inbound(),
              b.ratio() == null ? "-" : b.ratio().toPlainString(),
              b.inboundShare() == null ? "-" : b.inboundShare().toPlainString()));
    }
    for (ConsoleState.AlertView a : state.alerts()) {
      if (a.open()) {
        lines.add(String.format("  ALERT    %-8s %s", a.severity(), a.message()));
      }
    }
    return lines;
  }
}
