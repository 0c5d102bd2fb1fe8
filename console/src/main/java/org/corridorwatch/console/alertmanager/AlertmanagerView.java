package org.corridorwatch.console.alertmanager;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.corridorwatch.console.AlertRepeats;
import org.corridorwatch.console.AlertRepeats.Verdict;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;

/**
 * What the bridge believes Alertmanager should be showing: the open alert episodes, the cleared
 * ones whose resolution Alertmanager has not yet confirmed, and which of them changed since the
 * last successful POST. It turns contract transitions into Alertmanager alerts and nothing more:
 * routing, grouping and silencing stay Alertmanager's.
 *
 * <p>Not thread-safe: the bridge holds its lock around every call. The topic reader may apply
 * transitions between {@link #pending} and {@link #delivered}; the versions a batch carries leave
 * every episode that changed meanwhile pending.
 */
final class AlertmanagerView {

  private final Map<String, Episode> episodes = new LinkedHashMap<>();
  private final AlertRepeats repeats = new AlertRepeats();

  /** One episode: every severity it fired with, and its CLEARED once it came. */
  private static final class Episode {
    // An escalated episode keeps its WARNING label set firing beside the CRITICAL one, the usual
    // Alertmanager practice: an inhibit rule (deploy/prometheus/alertmanager.yml has one) hides the
    // warning while the critical fires, and nobody gets a "resolved" for an alert that got worse.
    final EnumMap<AlertSeverity, Alert> firing = new EnumMap<>(AlertSeverity.class);
    Alert cleared;
    long version;
    long deliveredVersion = -1;

    boolean pending() {
      return version != deliveredVersion;
    }
  }

  /** The alerts of one POST and the episode versions they carry, to confirm after it succeeds. */
  record Batch(List<PostableAlert> alerts, Map<String, Long> versions) {
    boolean isEmpty() {
      return alerts.isEmpty();
    }
  }

  /** Applies a transition: {@link Verdict#NEW} when Alertmanager must hear about it. */
  Verdict apply(Alert transition) {
    Verdict verdict = repeats.judge(transition);
    if (verdict != Verdict.NEW) {
      return verdict;
    }
    Episode e = episodes.computeIfAbsent(transition.alertId(), id -> new Episode());
    if (e.cleared != null) {
      return Verdict.STALE; // cleared, and its resolution not yet confirmed
    }
    if (transition.status() == AlertStatus.CLEARED) {
      e.cleared = transition;
    } else {
      e.firing.put(transition.severity(), transition);
    }
    e.version++;
    return Verdict.NEW;
  }

  /** Marks every episode as due, for the periodic re-send. */
  void markAllPending() {
    for (Episode e : episodes.values()) {
      e.deliveredVersion = -1;
    }
  }

  boolean hasPending() {
    return episodes.values().stream().anyMatch(Episode::pending);
  }

  /** Episodes that have not cleared. */
  int openCount() {
    return (int) episodes.values().stream().filter(e -> e.cleared == null).count();
  }

  /**
   * Alerts in one POST at most. Alertmanager takes any number, but a proxy in front of it may limit
   * a request's size (1 MB is a common default), and after a start or during a re-send every
   * episode is due at once: 200 alerts with their evidence stay well under that.
   */
  static final int MAX_ALERTS_PER_POST = 200;

  /**
   * The alerts to post for episodes that changed (or are due for re-sending), at most {@code
   * maxAlerts} of them unless one episode alone has more: an episode's alerts always go together,
   * and the episodes left out stay pending for the next POST. Resolutions come first and firing
   * alerts after them, and a resolution whose label set an open episode now fires is left out: a
   * port whose overload cleared and came back shares labels across both episodes, and the new one
   * must win.
   */
  Batch pending(Instant now, Duration firingLease, URI generatorUrl, int maxAlerts) {
    Instant endsAt = now.plus(firingLease);
    Set<String> firingLabels = new HashSet<>();
    Map<String, List<PostableAlert>> firing = new LinkedHashMap<>();
    // every open episode's label sets, the ones not due too, before any resolution is chosen
    for (Map.Entry<String, Episode> entry : episodes.entrySet()) {
      Episode e = entry.getValue();
      if (e.cleared != null) {
        continue;
      }
      List<PostableAlert> alerts = new ArrayList<>();
      for (Map.Entry<AlertSeverity, Alert> f : e.firing.entrySet()) {
        PostableAlert a = PostableAlert.of(f.getValue(), f.getKey(), now, endsAt, generatorUrl);
        firingLabels.add(a.labelKey());
        alerts.add(a);
      }
      if (e.pending()) {
        firing.put(entry.getKey(), alerts);
      }
    }
    Map<String, List<PostableAlert>> due = new LinkedHashMap<>();
    for (Map.Entry<String, Episode> entry : episodes.entrySet()) {
      Episode e = entry.getValue();
      if (e.cleared == null || !e.pending()) {
        continue;
      }
      // Every severity, not only those this bridge saw fire: the console may have started after
      // the escalation, and with one open episode per (type, subject) at most, resolving both
      // label sets cannot close another episode's alert.
      List<PostableAlert> resolved = new ArrayList<>();
      for (AlertSeverity severity : AlertSeverity.values()) {
        PostableAlert a = PostableAlert.of(e.cleared, severity, now, now, generatorUrl);
        if (!firingLabels.contains(a.labelKey())) {
          resolved.add(a);
        }
      }
      due.put(entry.getKey(), resolved);
    }
    due.putAll(firing);
    List<PostableAlert> alerts = new ArrayList<>();
    Map<String, Long> versions = new LinkedHashMap<>();
    for (Map.Entry<String, List<PostableAlert>> episode : due.entrySet()) {
      if (!versions.isEmpty() && alerts.size() + episode.getValue().size() > maxAlerts) {
        break;
      }
      alerts.addAll(episode.getValue());
      versions.put(episode.getKey(), episodes.get(episode.getKey()).version);
    }
    return new Batch(List.copyOf(alerts), Collections.unmodifiableMap(versions));
  }

  /**
   * Alertmanager accepted {@code batch}. Episodes that changed meanwhile stay pending; a cleared
   * episode is forgotten, keeping only its id so a late transition cannot reopen it.
   */
  void delivered(Batch batch) {
    for (Map.Entry<String, Long> v : batch.versions().entrySet()) {
      Episode e = episodes.get(v.getKey());
      if (e == null || e.version != v.getValue()) {
        continue;
      }
      e.deliveredVersion = e.version;
      if (e.cleared != null) {
        episodes.remove(v.getKey());
        repeats.cleared(v.getKey());
      }
    }
  }
}
