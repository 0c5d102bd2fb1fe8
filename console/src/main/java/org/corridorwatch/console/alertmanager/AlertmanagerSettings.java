package org.corridorwatch.console.alertmanager;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the {@link AlertmanagerBridge} posts and how hard it tries. Built apart from the bridge so
 * the console's options can fill it and a test can shorten every interval.
 *
 * @param url Alertmanager's base URL (the API is under {@code api/v2/} below it, so a route prefix
 *     such as {@code http://host:9394/am} works)
 * @param resendInterval how often every open alert is posted again, so Alertmanager does not let it
 *     expire
 * @param requestTimeout connect and response limit of one POST
 * @param initialBackoff wait after the first failed POST; it doubles up to {@code maxBackoff}
 * @param maxBackoff the longest wait between two attempts while retrying
 * @param retryDeadline how long after an outage starts the bridge keeps retrying with backoff;
 *     after it, it tries once per {@code resendInterval} until Alertmanager answers
 * @param generatorUrl the {@code generatorURL} of every alert (the console's page), or null
 */
public record AlertmanagerSettings(
    URI url,
    Duration resendInterval,
    Duration requestTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration retryDeadline,
    URI generatorUrl) {

  /** The port {@code deploy/prometheus/run.sh} gives Alertmanager, on loopback. */
  public static final URI DEFAULT_URL = URI.create("http://127.0.0.1:9394");

  /**
   * A firing alert is posted with {@code endsAt} this many re-send intervals ahead. Two re-sends
   * may be lost before Alertmanager resolves it by itself, and if the console stops for good its
   * alerts resolve within minutes instead of firing forever. An explicit {@code endsAt} also makes
   * the lifetime independent of Alertmanager's {@code resolve_timeout}, which may be shorter than
   * our re-send interval.
   */
  static final int LEASE_INTERVALS = 3;

  public AlertmanagerSettings {
    Objects.requireNonNull(url, "url");
    checkHttp(url, "Alertmanager URL");
    if (generatorUrl != null) {
      checkHttp(generatorUrl, "generatorURL");
    }
    requirePositive(resendInterval, "resendInterval");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(retryDeadline, "retryDeadline");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
  }

  /** Alertmanager on 127.0.0.1:9394, every open alert re-sent each minute. */
  public static AlertmanagerSettings defaults() {
    return new AlertmanagerSettings(
        DEFAULT_URL,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        null);
  }

  /**
   * Parses a URL given by a person, for instance on the command line.
   *
   * @throws IllegalArgumentException naming the URL when it is not an absolute http(s) URL
   */
  public static URI parseUrl(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Alertmanager URL '"
              + url
              + "' is not a URL ("
              + e.getReason()
              + "); it must start with http:// or https://, for example "
              + DEFAULT_URL,
          e);
    }
    checkHttp(uri, "Alertmanager URL");
    return uri;
  }

  public AlertmanagerSettings withUrl(URI newUrl) {
    return with(d -> d.url = newUrl);
  }

  public AlertmanagerSettings withResendInterval(Duration interval) {
    return with(d -> d.resendInterval = interval);
  }

  public AlertmanagerSettings withRetries(
      Duration timeout, Duration firstBackoff, Duration longestBackoff, Duration deadline) {
    return with(
        d -> {
          d.requestTimeout = timeout;
          d.initialBackoff = firstBackoff;
          d.maxBackoff = longestBackoff;
          d.retryDeadline = deadline;
        });
  }

  public AlertmanagerSettings withGeneratorUrl(URI generator) {
    return with(d -> d.generatorUrl = generator);
  }

  /** These settings with what {@code change} sets in a copy of them, checked as new ones are. */
  private AlertmanagerSettings with(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return new AlertmanagerSettings(
        d.url,
        d.resendInterval,
        d.requestTimeout,
        d.initialBackoff,
        d.maxBackoff,
        d.retryDeadline,
        d.generatorUrl);
  }

  /** The settings' values, open to change while a copy is made. */
  private static final class Draft {
    URI url;
    Duration resendInterval;
    Duration requestTimeout;
    Duration initialBackoff;
    Duration maxBackoff;
    Duration retryDeadline;
    URI generatorUrl;

    Draft(AlertmanagerSettings s) {
      url = s.url;
      resendInterval = s.resendInterval;
      requestTimeout = s.requestTimeout;
      initialBackoff = s.initialBackoff;
      maxBackoff = s.maxBackoff;
      retryDeadline = s.retryDeadline;
      generatorUrl = s.generatorUrl;
    }
  }

  /** A client for Alertmanager with the settings' connect timeout. */
  public HttpClient newHttpClient() {
    return HttpClient.newBuilder()
        // Alertmanager speaks HTTP/1.1; skipping the h2c upgrade attempt keeps requests plain
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(requestTimeout)
        .build();
  }

  /** {@code POST} target: {@code api/v2/alerts} below the base URL, keeping any route prefix. */
  public URI alertsEndpoint() {
    String base = url.toString();
    return URI.create(base.endsWith("/") ? base : base + "/").resolve("api/v2/alerts");
  }

  /** How far ahead a firing alert's {@code endsAt} lies; see {@link #LEASE_INTERVALS}. */
  public Duration firingLease() {
    return resendInterval.multipliedBy(LEASE_INTERVALS);
  }

  private static void checkHttp(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          what
              + " must start with http:// or https:// (Alertmanager's API is HTTP), got '"
              + uri
              + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(what + " '" + uri + "' names no host");
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
