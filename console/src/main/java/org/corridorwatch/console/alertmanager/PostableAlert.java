package org.corridorwatch.console.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;

/**
 * One element of the JSON array that Alertmanager's API v2 takes at {@code POST /api/v2/alerts}.
 *
 * <p>Alertmanager identifies an alert by its label set, so the labels are what routing, grouping,
 * silencing and inhibition see: {@code alertname}, {@code type}, {@code subject} and {@code
 * severity}. The episode's {@code alertId} is an annotation, not a label: at most one episode per
 * (type, subject) is open at a time, and a label that changes every episode would defeat silences
 * written for a port.
 *
 * @param labels identity of the alert in Alertmanager
 * @param annotations information for people and receivers
 * @param startsAt when the condition began
 * @param endsAt in the future while firing, now when resolved
 * @param generatorUrl a link back to the console, or null
 */
record PostableAlert(
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    Instant endsAt,
    URI generatorUrl) {

  private static final ObjectMapper JSON = new ObjectMapper();

  PostableAlert {
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  /**
   * The alert for one transition of an episode.
   *
   * @param transition the contract record whose message, status and times are shown
   * @param severity the severity label; an episode that escalated has one label set per severity
   * @param now the bridge's clock
   * @param endsAt {@code now} to resolve, later to keep firing
   */
  static PostableAlert of(
      Alert transition, AlertSeverity severity, Instant now, Instant endsAt, URI generatorUrl) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", transition.type().name());
    labels.put("type", transition.type().name());
    labels.put("subject", transition.subject());
    labels.put("severity", severityLabel(severity));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("summary", transition.message());
    annotations.put("alertId", transition.alertId());
    annotations.put("startedAt", Instant.ofEpochMilli(transition.startedAtMillis()).toString());
    annotations.put("status", transition.status().name());
    // startedAt is event time, and the contract accepts event times up to a day ahead of the wall
    // clock. Alertmanager rejects an alert whose endsAt lies before its startsAt, so a resolution
    // posted "now" must not start later than now.
    Instant started = Instant.ofEpochMilli(transition.startedAtMillis());
    Instant startsAt = started.isAfter(now) ? now : started;
    return new PostableAlert(labels, annotations, startsAt, endsAt, generatorUrl);
  }

  /**
   * Lower case, because that is the convention Alertmanager configurations route on: Prometheus
   * alerting rules, shared receiver and inhibit rule examples, and our own
   * deploy/prometheus/alertmanager.yml match {@code severity="critical"} and {@code
   * severity="warning"}, and label matchers are case-sensitive.
   */
  static String severityLabel(AlertSeverity severity) {
    return severity.name().toLowerCase(Locale.ROOT);
  }

  /** The request body of {@code POST /api/v2/alerts}. */
  static String toJson(List<PostableAlert> alerts) {
    ArrayNode array = JSON.createArrayNode();
    for (PostableAlert a : alerts) {
      ObjectNode node = array.addObject();
      ObjectNode labels = node.putObject("labels");
      a.labels().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> labels.put(e.getKey(), e.getValue()));
      ObjectNode annotations = node.putObject("annotations");
      a.annotations().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> annotations.put(e.getKey(), e.getValue()));
      node.put("startsAt", rfc3339(a.startsAt()));
      node.put("endsAt", rfc3339(a.endsAt()));
      if (a.generatorUrl() != null) {
        node.put("generatorURL", a.generatorUrl().toString());
      }
    }
    try {
      return JSON.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of strings always serialises", e);
    }
  }

  /** UTC with {@code Z} and milliseconds at most, as the contract writes times. */
  private static String rfc3339(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** The label set as one string, to tell Alertmanager alerts apart. */
  String labelKey() {
    return labels.get("type") + "|" + labels.get("subject") + "|" + labels.get("severity");
  }

  boolean firingAt(Instant now) {
    return endsAt.isAfter(now);
  }
}
