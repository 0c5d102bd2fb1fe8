package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's acceptance test: the dashboard in a real browser (Debian's chromium, driven through
 * its chromedriver) against a real broker. Records produced while the page is open must appear on
 * it without a reload; the page's first paint and weight are measured so a regression fails; and a
 * screenshot of a filled dashboard is written to {@code console/target/dashboard.png}, or to {@code
 * docs/dashboard.png} for the README with {@code -Dcorridor.screenshot.update=true}.
 */
class DashboardBrowserITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  /** Debian's packages; Selenium Manager must not go looking for (or download) others. */
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String INSTALL =
      "apt-get install -y --no-install-recommends chromium chromium-driver";

  /** Generous: a cold headless browser on a loaded 2-core CI machine, not a target. */
  static final Duration WAIT = Duration.ofSeconds(30);

  /** Upper bounds for the page: far above today's figures, low enough to catch a regression. */
  static final long MAX_PAGE_BYTES = 200 * 1024;

  static final double MAX_FIRST_CONTENTFUL_PAINT_MS = 3_000;

  /** A reading's window end during the 2019 replay: years behind the clock, as in `run`. */
  static final Instant WINDOW_END = Instant.parse("2019-07-09T00:00:00Z");

  private static final CorridorCodec CODEC = CorridorCodec.forOutputs();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private String utilisationTopic;
  private String balanceTopic;
  private String alertTopic;
  private String waitsTopic;
  private KafkaProducer<byte[], byte[]> producer;
  private ConsoleServer console;
  private ChromeDriver browser;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws IOException {
    // a missing browser is a broken CI machine, not a reason to skip the acceptance test
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .withFailMessage(
            "the browser test needs %s and %s; on Debian: %s", CHROMIUM, CHROMEDRIVER, INSTALL)
        .isTrue();

    // fresh topics per test: neither test sees the other's records
    utilisationTopic = EmbeddedKafka.uniqueTopic("browser-utilisation");
    balanceTopic = EmbeddedKafka.uniqueTopic("browser-balance");
    alertTopic = EmbeddedKafka.uniqueTopic("browser-alerts");
    waitsTopic = EmbeddedKafka.uniqueTopic("browser-port-waits");
    KAFKA.broker().createTopics(1, utilisationTopic, balanceTopic, alertTopic, waitsTopic);
    producer = new KafkaProducer<>(KAFKA.broker().producerProps());

    console =
        ConsoleServer.parse(
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic-utilisation",
                utilisationTopic,
                "--topic-balance",
                balanceTopic,
                "--topic-alerts",
                alertTopic,
                "--topic-port-waits",
                waitsTopic)
            .start();

    // the driver path is set, so Selenium Manager has nothing to look up (there is no internet)
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // --no-sandbox: CI runs as root, where chromium refuses its sandbox; /dev/shm is small in
    // containers, so shared memory goes to /tmp instead
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000");
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (console != null) {
      console.close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void recordsProducedWhileThePageIsOpenAppearWithoutAReload() throws Exception {
    openDashboard();
    // a page reload would drop this; it must survive every update below
    js("window.__marker = 1; return null;");

    long end = WINDOW_END.toEpochMilli();
    send(
        utilisationTopic,
        "CN-PINGXIANG",
        CODEC.write(
            new PortUtilisation(
                "CN-PINGXIANG", end - Duration.ofHours(24).toMillis(), end, 1_350, 800, 1_000)));
    send(
        balanceTopic,
        "CORRIDOR:ILSTC-ROAD",
        CODEC.write(
            new TradeBalance(
                BalanceLevel.CORRIDOR, "ILSTC-ROAD", BalanceScope.CUMULATIVE, end, 1_353, 107, 9)));
    String alertId = "SUSTAINED_OVERLOAD:CN-PINGXIANG:" + Instant.ofEpochMilli(end);
    send(
        alertTopic,
        "CN-PINGXIANG",
        CODEC.write(
            alert(
                alertId,
                "CN-PINGXIANG",
                AlertSeverity.CRITICAL,
                AlertStatus.RAISED,
                end,
                "Pingxiang Port (Guangxi) at 135% of designed capacity, over 130% for 4 readings")));

    String port = "[data-port=\"CN-PINGXIANG\"]";
    waitFor("the Pingxiang card", port);
    assertThat(text(port + " .utilisation")).isEqualTo("135%");
    assertThat(attribute(port, "data-band")).isEqualTo("SEVERE");
    assertThat(text(port + " .band")).isEqualTo("SEVERE");
    assertThat(text(port + " .figures")).contains("1,350 trips / 1,000 designed");
    assertThat(text(port + " .waits")).isEqualTo("no customs waits reported");

    // customs waits reach the same card, live, as the utilisation did
    send(waitsTopic, "CN-PINGXIANG", CODEC.write(waits("CN-PINGXIANG", end, 42, 187L, 35L, 71L)));
    new WebDriverWait(browser, WAIT)
        .withMessage("the Pingxiang card to show its waits")
        .until(b -> "42 waiting".equals(text(port + " .waits .waiting")));
    assertThat(text(port + " .waits .oldest")).isEqualTo("oldest 3 h 7 min");
    assertThat(text(port + " .waits .clearance"))
        .isEqualTo("clearance p50 35 min · p90 1 h 11 min");

    // the next slot: the queue grew and no vehicle was decided in the hour; the card says so
    long next = end + Duration.ofMinutes(15).toMillis();
    send(
        waitsTopic, "CN-PINGXIANG", CODEC.write(waits("CN-PINGXIANG", next, 57, 202L, null, null)));
    new WebDriverWait(browser, WAIT)
        .withMessage("the Pingxiang card to show the next slot's waits")
        .until(b -> "57 waiting".equals(text(port + " .waits .waiting")));
    assertThat(text(port + " .waits .oldest")).isEqualTo("oldest 3 h 22 min");
    assertThat(text(port + " .waits .clearance")).isEqualTo("no decisions in the last hour");
    // the waits moved event time on, as a reading does
    assertThat(text("#event-time")).isEqualTo("2019-07-09T00:15:00Z");

    String balance = "[data-balance=\"CORRIDOR:ILSTC-ROAD\"]";
    waitFor("the ILSTC-ROAD balance row", balance);
    assertThat(text(balance)).contains("out 1,353, in 107").contains("ratio 12.64");
    // the figure the sources give, beside the computed one, so the two can be compared
    assertThat(text(balance + " .source")).isEqualTo("source (as of 2019-07): 1,353 out, 107 back");

    String feed = "#alert-feed [data-alert-id=\"" + alertId + "\"]";
    waitFor("the raised alert", feed);
    assertThat(attribute(feed, "data-status")).isEqualTo("RAISED");
    assertThat(attribute(feed, "class")).contains("CRITICAL").doesNotContain("cleared");
    assertThat(text(feed)).contains("at 135% of designed capacity");

    // the header says which event time the dashboard shows, and that it is not now
    assertThat(text("#event-time")).isEqualTo("2019-07-09T00:15:00Z");
    assertThat(text("#lag")).matches("\\d+ days behind the clock.*");

    // the alert clears: the same entry turns grey, it is not a second one
    send(
        alertTopic,
        "CN-PINGXIANG",
        CODEC.write(
            alert(
                alertId,
                "CN-PINGXIANG",
                AlertSeverity.CRITICAL,
                AlertStatus.CLEARED,
                end,
                "Pingxiang Port (Guangxi) back under 110% of designed capacity for 4 readings")));
    new WebDriverWait(browser, WAIT)
        .withMessage("the alert to show CLEARED")
        .until(b -> "CLEARED".equals(attribute(feed, "data-status")));
    assertThat(attribute(feed, "class")).contains("cleared");
    assertThat(count("#alert-feed li")).isEqualTo(1);

    assertThat(js("return window.__marker;")).as("page reloaded").isEqualTo(1L);
    assertThat(js("return performance.getEntriesByType('navigation').length;")).isEqualTo(1L);
  }

  @Test
  void aFilledDashboardIsLightAndPaintsFast() throws Exception {
    // a day of readings and the balances and alerts of a replay, in the topics before the page
    // opens, as when an operator opens the console on a running stack
    int records = produceADayOfCorridorData();
    // the console has read them all when its API says so: then the page loads a full snapshot
    new WebDriverWait(browser, WAIT)
        .withMessage("the console to read the " + records + " records")
        .until(
            b -> {
              JsonNode ports = api("/api/utilisation");
              return ports.size() == 8
                  && ports.findValues("last24h").stream().allMatch(h -> h.size() == 96)
                  && api("/api/balances").size() == 9
                  && api("/api/waits").size() == 3
                  && api("/api/alerts").findValues("status").stream()
                      .anyMatch(st -> st.asText().equals("CLEARED"));
            });

    openDashboard();
    new WebDriverWait(browser, WAIT)
        .withMessage("every port card and the alerts")
        .until(b -> count("#port-board .port") == 8 && count("#alert-feed li") == 3);
    assertThat(count("#balance-board .balance-row")).isEqualTo(9);
    assertThat(count("#alert-feed li.cleared")).isEqualTo(1);
    // waits on the three cards that have them, and a plain word on the others
    assertThat(count("#port-board .waits:not(.none)")).isEqualTo(3);
    assertThat(count("#port-board .waits.none")).isEqualTo(5);
    assertThat(text("[data-port=\"LA-BOTEN\"] .waits"))
        .contains("14 waiting")
        .contains("oldest 4 h 35 min")
        .contains("no decisions in the last hour");
    assertThat(text("[data-port=\"CN-MOHAN\"] .waits")).contains("none waiting");
    // the busiest port first, with its day of readings drawn
    assertThat(attribute("#port-board .port", "data-port")).isEqualTo("CN-PINGXIANG");
    assertThat(attribute("[data-port=\"CN-PINGXIANG\"] polyline", "points").split(" ")).hasSize(96);

    // --- first paint and weight, as the browser saw them -------------------------------------
    @SuppressWarnings("unchecked")
    Map<String, Object> perf =
        (Map<String, Object>)
            js(
                """
                const nav = performance.getEntriesByType('navigation')[0];
                const paint = {};
                performance.getEntriesByType('paint').forEach((p) => paint[p.name] = p.startTime);
                const files = [nav].concat(performance.getEntriesByType('resource')).map((r) => ({
                  name: new URL(r.name).pathname, transfer: r.transferSize,
                  encoded: r.encodedBodySize, decoded: r.decodedBodySize }));
                return { firstPaint: paint['first-paint'] ?? -1,
                  firstContentfulPaint: paint['first-contentful-paint'] ?? -1,
                  domContentLoaded: nav.domContentLoadedEventEnd, files: files };
                """);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> files = (List<Map<String, Object>>) perf.get("files");
    long transfer = 0;
    long decoded = 0;
    List<String> paths = new ArrayList<>();
    for (Map<String, Object> f : files) {
      transfer += ((Number) f.get("transfer")).longValue();
      decoded += ((Number) f.get("decoded")).longValue();
      paths.add((String) f.get("name"));
      System.out.printf(
          "[dashboard] %-16s transferred %6d B, body %6d B (%6d B decoded)%n",
          f.get("name"), f.get("transfer"), f.get("encoded"), f.get("decoded"));
    }
    double firstPaint = ((Number) perf.get("firstPaint")).doubleValue();
    double firstContentfulPaint = ((Number) perf.get("firstContentfulPaint")).doubleValue();
    System.out.printf(
        "[dashboard] first paint %.0f ms, first contentful paint %.0f ms, DOMContentLoaded %.0f"
            + " ms; page %.1f kB transferred (%.1f kB decoded) in %d requests, the SSE stream"
            + " not counted%n",
        firstPaint,
        firstContentfulPaint,
        ((Number) perf.get("domContentLoaded")).doubleValue(),
        transfer / 1024.0,
        decoded / 1024.0,
        files.size());

    // the first SSE event is not in the browser's resource timing while the stream is open; its
    // content is what the JSON API serves, so log that for scale
    long snapshot =
        apiBody("/api/utilisation").length()
            + apiBody("/api/waits").length()
            + apiBody("/api/balances").length()
            + apiBody("/api/alerts").length();
    System.out.printf(
        "[dashboard] the stream's snapshot carries about %.1f kB of JSON (uncompressed)%n",
        snapshot / 1024.0);

    // exactly the page's own files: nothing from elsewhere (it must work with no internet), no
    // favicon 404; and each was fetched, so the figures are not a cache's (a fresh profile)
    assertThat(paths).containsExactlyInAnyOrder("/", "/style.css", "/app.js", "/api/catalogue");
    assertThat(files).allSatisfy(f -> assertThat((Number) f.get("transfer")).isNotEqualTo(0));
    assertThat(transfer).as("page weight in bytes").isBetween(1L, MAX_PAGE_BYTES);
    assertThat(firstPaint).as("first paint, ms").isBetween(0.0, MAX_FIRST_CONTENTFUL_PAINT_MS);
    assertThat(firstContentfulPaint)
        .as("first contentful paint, ms")
        .isBetween(0.0, MAX_FIRST_CONTENTFUL_PAINT_MS);

    // --- the README's picture: the whole page, not just the first 1000 px ------------------------
    // captureBeyondViewport through chromedriver's CDP endpoint; resizing the headless window
    // takes effect only some time later, and the picture must not depend on when
    long width = (Long) js("return document.documentElement.scrollWidth;");
    long height = (Long) js("return document.documentElement.scrollHeight;");
    Map<String, Object> shot =
        browser.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
    assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    // docs/dashboard.png changes only on purpose (-Dcorridor.screenshot.update=true), so a test
    // run leaves the work tree clean; otherwise the shot goes to the build folder
    Path out =
        Boolean.getBoolean("corridor.screenshot.update")
            ? projectDir().resolve("docs").resolve("dashboard.png")
            : projectDir().resolve("console").resolve("target").resolve("dashboard.png");
    Files.createDirectories(out.getParent());
    Files.write(out, png);
    System.out.printf("[dashboard] screenshot %s (%d kB)%n", out, png.length / 1024);
  }

  /**
   * Eight ports with a day of 15-minute readings each, three of them with customs waits, the road
   * corridor's lines adding up to the cited 1,353 out and 107 back, the rail corridor, and three
   * alerts: one critical, one warning, one cleared. Made up apart from the cited figures; shaped
   * like a replay of pingxiang-overload.
   */
  private int produceADayOfCorridorData() throws Exception {
    int records = 0;
    long end = WINDOW_END.toEpochMilli();
    long slot = Duration.ofMinutes(15).toMillis();
    long day = Duration.ofHours(24).toMillis();
    // port, designed min, designed max, trips at the start of the day, trips at its end
    Object[][] ports = {
      {"CN-PINGXIANG", 800, 1_000, 980, 1_350},
      {"CN-LONGBANG", 600, 800, 610, 905},
      {"CN-MOHAN", 700, 900, 720, 780},
      {"LA-BOTEN", 250, 350, 300, 340},
      {"VN-DONGDANG", 600, 800, 560, 590},
      {"CN-HEKOU", 500, 700, 410, 380},
      {"CN-RUILI", 700, 900, 430, 470},
      {"CN-QINZHOU", 1_500, 2_000, 900, 1_020}
    };
    for (Object[] p : ports) {
      int from = (Integer) p[3];
      int to = (Integer) p[4];
      for (int i = 0; i < 96; i++) {
        long windowEnd = end - (95 - i) * slot;
        // a rising line with two swings a day, back to zero at the end: the last reading is `to`
        long trips =
            from + (long) (to - from) * i / 95 + Math.round(30 * Math.sin(Math.PI * i / 47.5));
        send(
            utilisationTopic,
            (String) p[0],
            CODEC.write(
                new PortUtilisation(
                    (String) p[0],
                    windowEnd - day,
                    windowEnd,
                    trips,
                    (Integer) p[1],
                    (Integer) p[2])));
        records++;
      }
    }
    // line, outbound, inbound, empty inbound; the road lines sum to the cited 1,353 and 107
    Object[][] lines = {
      {"ILSTC-ROAD-EASTERN", 612, 48, 5},
      {"ILSTC-ROAD-SECOND-EASTERN", 221, 19, 2},
      {"ILSTC-ROAD-MIDDLE", 287, 22, 1},
      {"ILSTC-ROAD-WESTERN", 164, 11, 1},
      {"ILSTC-ROAD-ASIA-EUROPE", 69, 7, 0},
      {"ILSTC-RAIL-EASTERN", 420, 236, 30},
      {"ILSTC-RAIL-MIDDLE", 310, 198, 22}
    };
    for (Object[] l : lines) {
      records += balance(BalanceLevel.LINE, (String) l[0], (Integer) l[1], (Integer) l[2], end);
    }
    records += balance(BalanceLevel.CORRIDOR, "ILSTC-ROAD", 1_353, 107, end);
    records += balance(BalanceLevel.CORRIDOR, "ILSTC-RAIL", 730, 434, end);

    // customs waits at the last slot end: a long queue, a queue with no decisions in the hour,
    // and a port whose run of waits has just ended
    send(waitsTopic, "CN-PINGXIANG", CODEC.write(waits("CN-PINGXIANG", end, 42, 187L, 35L, 71L)));
    send(waitsTopic, "LA-BOTEN", CODEC.write(waits("LA-BOTEN", end, 14, 275L, null, null)));
    send(
        waitsTopic,
        "CN-MOHAN",
        CODEC.write(PortWaits.quiet("CN-MOHAN", end - PortWaits.WINDOW_MILLIS, end)));
    records += 3;

    long sixHours = Duration.ofHours(6).toMillis();
    send(
        alertTopic,
        "CN-PINGXIANG",
        CODEC.write(
            alert(
                "SUSTAINED_OVERLOAD:CN-PINGXIANG:" + Instant.ofEpochMilli(end - sixHours),
                "CN-PINGXIANG",
                AlertSeverity.CRITICAL,
                AlertStatus.RAISED,
                end - sixHours,
                "Pingxiang Port (Guangxi) at 135% of designed capacity, over 130% for 4"
                    + " readings")));
    send(
        alertTopic,
        "LA-BOTEN",
        CODEC.write(
            alert(
                "CLEARANCE_BACKLOG:LA-BOTEN:" + Instant.ofEpochMilli(end - 2 * sixHours),
                "LA-BOTEN",
                AlertSeverity.WARNING,
                AlertStatus.RAISED,
                end - 2 * sixHours,
                "Boten: 14 vehicles waited over 4 h for customs clearance within 60 min")));
    String longbang = "SUSTAINED_OVERLOAD:CN-LONGBANG:" + Instant.ofEpochMilli(end - 3 * sixHours);
    for (AlertStatus s : List.of(AlertStatus.RAISED, AlertStatus.CLEARED)) {
      send(
          alertTopic,
          "CN-LONGBANG",
          CODEC.write(
              alert(
                  longbang,
                  "CN-LONGBANG",
                  AlertSeverity.WARNING,
                  s,
                  end - 3 * sixHours,
                  s == AlertStatus.RAISED
                      ? "Longbang Port at 112% of designed capacity, over 110% for 4 readings"
                      : "Longbang Port back under 110% of designed capacity for 4 readings"
                          + " (now 104%)")));
    }
    return records + 4;
  }

  /**
   * {@code port}'s waits at {@code windowEnd} with {@code waiting} vehicles; without a clearance
   * p50 the hour had no decisions, so every clearance figure is null and {@code cleared} is 0.
   */
  private static PortWaits waits(
      String port,
      long windowEnd,
      long waiting,
      Long oldest,
      Long clearanceP50,
      Long clearanceP90) {
    boolean decided = clearanceP50 != null;
    return new PortWaits(
        port,
        windowEnd - PortWaits.WINDOW_MILLIS,
        windowEnd,
        waiting,
        oldest,
        decided ? 96 : 0,
        clearanceP50,
        clearanceP90,
        decided ? clearanceP90 + 60 : null,
        0,
        null,
        null);
  }

  private int balance(BalanceLevel level, String id, long out, long in, long asOf)
      throws Exception {
    TradeBalance b = new TradeBalance(level, id, BalanceScope.CUMULATIVE, asOf, out, in, in / 10);
    send(balanceTopic, b.key(), CODEC.write(b));
    return 1;
  }

  private static Alert alert(
      String id,
      String subject,
      AlertSeverity severity,
      AlertStatus status,
      long startedAt,
      String message) {
    AlertType type = AlertType.valueOf(id.substring(0, id.indexOf(':')));
    return new Alert(
        id,
        type,
        subject,
        severity,
        status,
        startedAt,
        Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli(),
        message,
        "{\"readings\":4}");
  }

  private void send(String topic, String key, byte[] value) throws Exception {
    // acknowledged one by one: a record the test waits for has surely reached the broker
    producer.send(new ProducerRecord<>(topic, key.getBytes(), value)).get();
  }

  /**
   * Opens the page and waits until its event stream is registered with the console. "live" alone is
   * not enough: the browser sees the stream open before the console adds it to its subscribers, and
   * a record published in between would reach only the next snapshot.
   */
  private void openDashboard() {
    browser.get("http://127.0.0.1:" + console.port() + "/");
    new WebDriverWait(browser, WAIT)
        .withMessage("the page's event stream to go live")
        .until(
            b -> "live".equals(text("#connection")) && status().path("subscribers").asInt() == 1);
  }

  private JsonNode status() {
    return api("/api/status");
  }

  private JsonNode api(String path) {
    try {
      return MAPPER.readTree(apiBody(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String apiBody(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void waitFor(String what, String css) {
    new WebDriverWait(browser, WAIT)
        .withMessage(what + " (" + css + ") to appear without a reload")
        .until(b -> count(css) > 0);
  }

  // read through the DOM in one script: the dashboard re-renders whole sections, so a held
  // WebElement can go stale between finding it and reading it
  private String text(String css) {
    return (String)
        js("const e = document.querySelector(arguments[0]); return e && e.textContent;", css);
  }

  private String attribute(String css, String name) {
    return (String)
        js(
            "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
            css,
            name);
  }

  private long count(String css) {
    return (Long) js("return document.querySelectorAll(arguments[0]).length;", css);
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /**
   * The repository's top directory: the parent pom passes it to tests; from the module directory it
   * is one up. Checked by a file only the top has.
   */
  private static Path projectDir() {
    String given = System.getProperty("corridor.project.dir");
    Path top = given != null && !given.isBlank() ? Path.of(given) : Path.of("..");
    if (!Files.isDirectory(top.resolve("docs")) || !Files.exists(top.resolve("console/pom.xml"))) {
      top = Path.of("..");
    }
    assertThat(top.resolve("docs")).as("the repository's docs directory").isDirectory();
    return top.toAbsolutePath().normalize();
  }
}
