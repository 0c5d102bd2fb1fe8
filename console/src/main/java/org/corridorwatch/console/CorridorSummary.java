package org.corridorwatch.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * The latest state of the corridor as the output topics tell it: each port's newest reading, each
 * corridor's running balance, the open alerts. One line per port and per corridor, for a terminal.
 * Not thread-safe; one reader feeds it.
 */
public final class CorridorSummary {
  private final CorridorCatalogue catalogue;
  private final Map<String, PortUtilisation> ports = new TreeMap<>();
  private final Map<String, TradeBalance> corridors = new TreeMap<>();
  private final Map<String, Alert> openAlerts = new TreeMap<>();
  private long eventTimeReached = Long.MIN_VALUE;

  public CorridorSummary(CorridorCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public void apply(PortUtilisation reading) {
    PortUtilisation before = ports.get(reading.portId());
    if (before == null || before.windowEndMillis() <= reading.windowEndMillis()) {
      ports.put(reading.portId(), reading);
    }
    eventTimeReached = Math.max(eventTimeReached, reading.windowEndMillis());
  }

  public void apply(TradeBalance balance) {
    if (balance.level() != BalanceLevel.CORRIDOR || balance.scope() != BalanceScope.CUMULATIVE) {
      return;
    }
    TradeBalance before = corridors.get(balance.id());
    if (before == null || before.asOfMillis() <= balance.asOfMillis()) {
      corridors.put(balance.id(), balance);
    }
  }

  public void apply(Alert alert) {
    String episode = alert.type() + ":" + alert.subject();
    if (alert.status() == AlertStatus.CLEARED) {
      openAlerts.remove(episode);
    } else {
      openAlerts.put(episode, alert);
    }
  }

  /** Whether anything has been read yet. */
  public boolean isEmpty() {
    return ports.isEmpty() && corridors.isEmpty();
  }

  /**
   * The summary: a header with the event time reached and the lag behind {@code nowMillis} (so a
   * replay of 2019 is not mistaken for now), then a line per port, per corridor and per open alert.
   */
  public List<String> lines(long nowMillis) {
    List<String> lines = new ArrayList<>();
    if (eventTimeReached == Long.MIN_VALUE) {
      lines.add("no readings yet");
    } else {
      long lagHours = (nowMillis - eventTimeReached) / 3_600_000L;
      lines.add(
          String.format(
              "event time %s (%s behind the clock)",
              Instant.ofEpochMilli(eventTimeReached),
              lagHours >= 48 ? (lagHours / 24) + " days" : lagHours + " h"));
    }
    for (PortUtilisation u : ports.values()) {
      lines.add(
          String.format(
              "  port     %-14s %-30s %,6d trips / %,d designed  %4d%%  %s",
              u.portId(),
              catalogue.port(u.portId()).name(),
              u.trips(),
              u.designedTripsPerDayMax(),
              u.utilisation().movePointRight(2).intValue(),
              u.band()));
    }
    for (TradeBalance b : corridors.values()) {
      lines.add(
          String.format(
              "  corridor %-14s out %,d  in %,d  ratio %s  inbound share %s",
              b.id(),
              b.outbound(),
              b.inbound(),
              b.ratio() == null ? "-" : b.ratio().toPlainString(),
              b.inboundShare() == null ? "-" : b.inboundShare().toPlainString()));
    }
    for (Alert a : openAlerts.values()) {
      lines.add(String.format("  ALERT    %-8s %s", a.severity(), a.message()));
    }
    return lines;
  }
}
