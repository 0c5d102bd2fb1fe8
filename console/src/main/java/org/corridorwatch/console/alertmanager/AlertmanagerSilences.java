package org.corridorwatch.console.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Silences in Alertmanager through its API v2: one per (type, subject), matching the labels the
 * {@link AlertmanagerBridge} gives each alert, so a silence made here mutes exactly that alert's
 * notifications and shows in Alertmanager's own UI like any other. Every call is one synchronous
 * request with the settings' timeout; a failure is an {@link AlertmanagerUnavailable} naming what
 * Alertmanager said.
 */
public final class AlertmanagerSilences {
  /** The longest silence the console makes: a forgotten one should not hide a month of alerts. */
  public static final Duration LONGEST = Duration.ofDays(7);

  /** The shortest: Alertmanager would accept less, but it would be gone before anyone saw it. */
  public static final Duration SHORTEST = Duration.ofMinutes(1);

  /**
   * A silence as the console shows it; times in epoch milliseconds, as the console's API has them.
   */
  public record Silence(
      String id,
      String state,
      Map<String, String> matchers,
      long startsAt,
      long endsAt,
      String createdBy,
      String comment) {}

  /** Alertmanager could not be reached or refused the request. */
  public static final class AlertmanagerUnavailable extends RuntimeException {
    AlertmanagerUnavailable(String message) {
      super(message);
    }
  }

  private final URI base;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final ObjectMapper mapper = new ObjectMapper();

  public AlertmanagerSilences(AlertmanagerSettings settings, Clock clock) {
    String url = settings.url().toString();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.timeout = settings.requestTimeout();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = settings.newHttpClient();
  }

  public URI url() {
    return base;
  }

  /**
   * Silences the alert of {@code type} about {@code subject} from now for {@code duration}; returns
   * the new silence's id.
   */
  public String create(String type, String subject, Duration duration, String by, String comment) {
    if (duration.compareTo(SHORTEST) < 0 || duration.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          "a silence lasts from " + SHORTEST.toMinutes() + " min to " + LONGEST.toDays() + " days");
    }
    Instant now = clock.instant();
    ObjectNode body = mapper.createObjectNode();
    ArrayNode matchers = body.putArray("matchers");
    matcher(matchers, "type", type);
    matcher(matchers, "subject", subject);
    body.put("startsAt", now.toString());
    body.put("endsAt", now.plus(duration).toString());
    body.put("createdBy", by);
    body.put("comment", comment);
    JsonNode answer = send("POST", "api/v2/silences", body.toString(), 200);
    String id = answer.path("silenceID").asText(null);
    if (id == null) {
      throw new AlertmanagerUnavailable("Alertmanager answered without a silenceID: " + answer);
    }
    return id;
  }

  private static void matcher(ArrayNode matchers, String name, String value) {
    ObjectNode m = matchers.addObject();
    m.put("name", name);
    m.put("value", value);
    m.put("isRegex", false);
    m.put("isEqual", true);
  }

  /** Active and pending silences, soonest to end first; expired ones are left out. */
  public List<Silence> active() {
    JsonNode all = send("GET", "api/v2/silences", null, 200);
    List<Silence> out = new ArrayList<>();
    for (JsonNode s : all) {
      String state = s.path("status").path("state").asText();
      if (state.equals("expired")) {
        continue;
      }
      Map<String, String> matchers = new LinkedHashMap<>();
      for (JsonNode m : s.path("matchers")) {
        String op =
            (m.path("isEqual").asBoolean(true) ? "" : "!")
                + (m.path("isRegex").asBoolean() ? "~" : "");
        matchers.put(m.path("name").asText() + op, m.path("value").asText());
      }
      out.add(
          new Silence(
              s.path("id").asText(),
              state,
              matchers,
              Instant.parse(s.path("startsAt").asText()).toEpochMilli(),
              Instant.parse(s.path("endsAt").asText()).toEpochMilli(),
              s.path("createdBy").asText(),
              s.path("comment").asText()));
    }
    out.sort(Comparator.comparingLong(Silence::endsAt));
    return out;
  }

  /** Ends a silence now; Alertmanager keeps it as expired. */
  public void expire(String id) {
    if (!id.matches("[A-Za-z0-9-]{1,64}")) {
      throw new IllegalArgumentException("'" + id + "' is not a silence id");
    }
    send("DELETE", "api/v2/silence/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null, 200);
  }

  private JsonNode send(String method, String path, String body, int expected) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AlertmanagerUnavailable(
          "Alertmanager at " + base + " did not answer " + method + " " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertmanagerUnavailable("interrupted while asking Alertmanager");
    }
    if (response.statusCode() != expected) {
      throw new AlertmanagerUnavailable(
          "Alertmanager refused "
              + method
              + " "
              + path
              + " with HTTP "
              + response.statusCode()
              + ": "
              + response.body().strip());
    }
    try {
      return response.body().isBlank() ? mapper.nullNode() : mapper.readTree(response.body());
    } catch (IOException e) {
      throw new AlertmanagerUnavailable("Alertmanager's answer is not JSON: " + e.getMessage());
    }
  }
}
