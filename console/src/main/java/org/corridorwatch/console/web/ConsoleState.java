package org.corridorwatch.console.web;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.corridorwatch.console.AlertRepeats;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * What the console knows, rebuilt from the output topics: each port's newest reading, waits and
 * balances, the history of each (readings, waits and balances within {@link #horizonMillis} of each
 * key's newest), the open alert episodes, the recently cleared ones, and every cleared episode
 * folded per (type, subject). One reader thread writes; HTTP threads read snapshots. Every method
 * is synchronized: the writes are a few per second, and the views are small copies.
 *
 * <p>History is held as the decoded contract records (a reading is one 48-byte object plus its slot
 * in the series, the port id shared), so an export writes them again with the job's own writer,
 * byte for byte as on the topic.
 */
public final class ConsoleState {
  /** A day of 15-minute readings: the sparkline. */
  static final int SPARKLINE = 96;

  /** How far back the history reaches by default: 30 days of 15-minute readings per port. */
  public static final Duration DEFAULT_HISTORY = Duration.ofDays(30);

  /** Cleared episodes kept for the feed, newest first. */
  static final int RECENT_CLEARED = 50;

  /** One reading on a sparkline. */
  public record Point(long windowEnd, BigDecimal utilisation) {}

  /** A port on the board. */
  public record PortView(
      String portId,
      String name,
      String country,
      long windowEnd,
      long trips,
      int designedTripsPerDayMin,
      int designedTripsPerDayMax,
      BigDecimal utilisation,
      String band,
      List<Point> last24h,
      PortWaits waits) {}

  /** A line, corridor or port balance, newest figures of each scope. */
  public record BalanceView(
      String level,
      String id,
      String scope,
      long asOf,
      long outbound,
      long inbound,
      long emptyInbound,
      BigDecimal ratio,
      BigDecimal inboundShare) {}

  /** An alert episode: its newest transition. */
  public record AlertView(
      String alertId,
      String type,
      String subject,
      String severity,
      String status,
      long startedAt,
      long detectedAt,
      String message,
      String evidence,
      boolean open) {}

  /** Where event time has got to. */
  public record Clock(long eventTimeReached, long readAt) {}

  /**
   * Every cleared episode of one (type, subject): how many, and the last one's final transition. An
   * episode open again now is in the open list as well.
   */
  public record ClearedFold(String type, String subject, int cleared, AlertView last) {}

  private final CorridorCatalogue catalogue;
  private final Map<String, PortUtilisation> newest = new TreeMap<>();
  private final Map<String, TimeSeries<PortUtilisation>> readings = new TreeMap<>();
  private final Map<String, PortWaits> waits = new TreeMap<>();
  private final Map<String, TimeSeries<PortWaits>> waitsHistory = new TreeMap<>();
  private final Map<String, BalanceView> balances = new TreeMap<>();
  private final Map<String, TimeSeries<TradeBalance>> balanceHistory = new TreeMap<>();
  private final Map<String, AlertView> open = new LinkedHashMap<>();
  private final Deque<AlertView> cleared = new ArrayDeque<>();
  private final Map<String, ClearedFold> folds = new TreeMap<>();
  private final AlertRepeats repeats = new AlertRepeats();
  private final long horizonMillis;
  private long eventTimeReached = Long.MIN_VALUE;

  public ConsoleState(CorridorCatalogue catalogue) {
    this(catalogue, DEFAULT_HISTORY);
  }

  public ConsoleState(CorridorCatalogue catalogue, Duration history) {
    if (history.toMillis() < EventTimeRules.DAY_MILLIS) {
      throw new IllegalArgumentException("the history must reach back at least 1 day");
    }
    this.catalogue = catalogue;
    this.horizonMillis = history.toMillis();
  }

  /** Applies a reading; returns its view, or null when it is older than what is shown. */
  public synchronized PortView apply(PortUtilisation u) {
    eventTimeReached = Math.max(eventTimeReached, u.windowEndMillis());
    readings
        .computeIfAbsent(
            u.portId(), p -> new TimeSeries<>(PortUtilisation::windowEndMillis, horizonMillis))
        .add(u);
    PortUtilisation before = newest.get(u.portId());
    if (before != null && before.windowEndMillis() > u.windowEndMillis()) {
      return null;
    }
    newest.put(u.portId(), u);
    return view(u);
  }

  /**
   * Applies a port's waits; returns them, or null when they are older than what is shown. One of
   * the same slot end replaces the one shown, as a reading does.
   */
  public synchronized PortWaits apply(PortWaits w) {
    eventTimeReached = Math.max(eventTimeReached, w.windowEndMillis());
    waitsHistory
        .computeIfAbsent(
            w.portId(), p -> new TimeSeries<>(PortWaits::windowEndMillis, horizonMillis))
        .add(w);
    PortWaits before = waits.get(w.portId());
    if (before != null && before.windowEndMillis() > w.windowEndMillis()) {
      return null;
    }
    waits.put(w.portId(), w);
    return w;
  }

  /** Applies a balance; returns its view, or null when it is older than what is shown. */
  public synchronized BalanceView apply(TradeBalance b) {
    String key = balanceKey(b.level(), b.id(), b.scope());
    balanceHistory
        .computeIfAbsent(key, k -> new TimeSeries<>(TradeBalance::asOfMillis, horizonMillis))
        .add(b);
    BalanceView before = balances.get(key);
    if (before != null && before.asOf() > b.asOfMillis()) {
      return null;
    }
    BalanceView view =
        new BalanceView(
            b.level().name(),
            b.id(),
            b.scope().name(),
            b.asOfMillis(),
            b.outbound(),
            b.inbound(),
            b.emptyInbound(),
            b.ratio(),
            b.inboundShare());
    balances.put(key, view);
    return view;
  }

  /**
   * Applies an alert transition and returns the episode's view; null for a repeat, or for a
   * transition of an episode that has already cleared, which change nothing shown.
   */
  public synchronized AlertView apply(Alert a) {
    if (repeats.judge(a) != AlertRepeats.Verdict.NEW) {
      return null;
    }
    String episode = a.type() + ":" + a.subject();
    boolean stillOpen = a.status() != AlertStatus.CLEARED;
    AlertView view =
        new AlertView(
            a.alertId(),
            a.type().name(),
            a.subject(),
            a.severity().name(),
            a.status().name(),
            a.startedAtMillis(),
            a.detectedAtMillis(),
            a.message(),
            a.evidenceJson(),
            stillOpen);
    if (stillOpen) {
      open.put(episode, view);
    } else {
      repeats.cleared(a.alertId());
      // only its own episode: a later one of the same type and subject may be open by now
      open.computeIfPresent(
          episode, (k, shown) -> shown.alertId().equals(a.alertId()) ? null : shown);
      ClearedFold fold = folds.get(episode);
      folds.put(
          episode,
          new ClearedFold(
              a.type().name(), a.subject(), fold == null ? 1 : fold.cleared() + 1, view));
      cleared.addFirst(view);
      while (cleared.size() > RECENT_CLEARED) {
        cleared.pollLast();
      }
    }
    return view;
  }

  public synchronized List<PortView> ports() {
    List<PortView> out = new ArrayList<>();
    newest.values().forEach(u -> out.add(view(u)));
    return out;
  }

  /**
   * Every port's newest waits, by port id, also of ports without a utilisation reading yet (the
   * topics are read side by side, so either may come first).
   */
  public synchronized List<PortWaits> waits() {
    return List.copyOf(waits.values());
  }

  public synchronized List<BalanceView> balances() {
    return List.copyOf(balances.values());
  }

  /** Only the running (cumulative) balances, for the board. */
  public synchronized List<BalanceView> cumulativeBalances() {
    return balances.values().stream()
        .filter(b -> b.scope().equals(BalanceScope.CUMULATIVE.name()))
        .toList();
  }

  /** Open episodes first, most severe first, then the recently cleared, newest first. */
  public synchronized List<AlertView> alerts() {
    List<AlertView> out = openAlerts();
    out.addAll(cleared);
    return out;
  }

  /** Open episodes, most severe first, then oldest first. */
  public synchronized List<AlertView> openAlerts() {
    List<AlertView> out = new ArrayList<>(open.values());
    out.sort(
        Comparator.comparing((AlertView a) -> AlertSeverity.valueOf(a.severity()))
            .reversed()
            .thenComparing(AlertView::startedAt));
    return out;
  }

  /** Every (type, subject) that has cleared, the most recently cleared first. */
  public synchronized List<ClearedFold> clearedFolds() {
    List<ClearedFold> out = new ArrayList<>(folds.values());
    out.sort(Comparator.comparingLong((ClearedFold f) -> f.last().detectedAt()).reversed());
    return out;
  }

  /** A port's readings with {@code from <= windowEnd < to}, oldest first. */
  public synchronized List<PortUtilisation> utilisationHistory(String portId, long from, long to) {
    TimeSeries<PortUtilisation> series = readings.get(portId);
    return series == null ? List.of() : series.between(from, to);
  }

  /** A port's waits with {@code from <= windowEnd < to}, oldest first. */
  public synchronized List<PortWaits> waitsHistory(String portId, long from, long to) {
    TimeSeries<PortWaits> series = waitsHistory.get(portId);
    return series == null ? List.of() : series.between(from, to);
  }

  /** One balance key's figures of one scope with {@code from <= asOf < to}, oldest first. */
  public synchronized List<TradeBalance> balanceHistory(
      BalanceLevel level, String id, BalanceScope scope, long from, long to) {
    TimeSeries<TradeBalance> series = balanceHistory.get(balanceKey(level, id, scope));
    return series == null ? List.of() : series.between(from, to);
  }

  /** The newest time held for a port's readings, or {@code Long.MIN_VALUE}. */
  public synchronized long newestReading(String portId) {
    TimeSeries<PortUtilisation> series = readings.get(portId);
    return series == null ? Long.MIN_VALUE : series.newestTime();
  }

  /** The newest time held for a port's waits, or {@code Long.MIN_VALUE}. */
  public synchronized long newestWaits(String portId) {
    TimeSeries<PortWaits> series = waitsHistory.get(portId);
    return series == null ? Long.MIN_VALUE : series.newestTime();
  }

  /** The newest {@code asOf} held for a balance key and scope, or {@code Long.MIN_VALUE}. */
  public synchronized long newestBalance(BalanceLevel level, String id, BalanceScope scope) {
    TimeSeries<TradeBalance> series = balanceHistory.get(balanceKey(level, id, scope));
    return series == null ? Long.MIN_VALUE : series.newestTime();
  }

  /** Records held in the history, for the metrics and the memory figure. */
  public synchronized long historyRecords() {
    long n = 0;
    for (TimeSeries<?> t : readings.values()) {
      n += t.size();
    }
    for (TimeSeries<?> t : waitsHistory.values()) {
      n += t.size();
    }
    for (TimeSeries<?> t : balanceHistory.values()) {
      n += t.size();
    }
    return n;
  }

  public long historyMillis() {
    return horizonMillis;
  }

  private static String balanceKey(Object level, String id, Object scope) {
    return level + ":" + id + ":" + scope;
  }

  /** Open episodes by severity, for the metrics. */
  public synchronized Map<String, Integer> openBySeverity() {
    Map<String, Integer> out = new TreeMap<>();
    for (AlertSeverity s : AlertSeverity.values()) {
      out.put(s.name(), 0);
    }
    open.values().forEach(a -> out.merge(a.severity(), 1, Integer::sum));
    return out;
  }

  public synchronized Clock clock(long nowMillis) {
    return new Clock(eventTimeReached, nowMillis);
  }

  /** A port's name from the catalogue, or its id when the catalogue does not know it. */
  public String portName(String portId) {
    return catalogue.portIds().contains(portId) ? catalogue.port(portId).name() : portId;
  }

  /**
   * A reading's card. A port this console's catalogue lacks (a job built with a newer one) is shown
   * under its id: its figures are the job's, and refusing them would hide a port's overload.
   */
  private PortView view(PortUtilisation u) {
    boolean known = catalogue.portIds().contains(u.portId());
    Node port = known ? catalogue.port(u.portId()) : null;
    return new PortView(
        u.portId(),
        known ? port.name() : u.portId(),
        known ? port.country() : "",
        u.windowEndMillis(),
        u.trips(),
        u.designedTripsPerDayMin(),
        u.designedTripsPerDayMax(),
        u.utilisation(),
        u.band().name(),
        readings.get(u.portId()).newest(SPARKLINE).stream()
            .map(r -> new Point(r.windowEndMillis(), r.utilisation()))
            .toList(),
        waits.get(u.portId()));
  }
}
