package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.console.testing.Chromium;
import org.corridorwatch.console.testing.Dom;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, driven through its chromedriver) against a
 * real broker: records produced while the page is open appear on it without a reload, and a clear
 * folds its episode under its type and subject. The whole corridor on real replayed data, the
 * charts, the exports and the silences are {@link WholeCorridorBrowserITCase}'s.
 */
class DashboardBrowserITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  /** Generous: a cold headless browser on a loaded 2-core CI machine, not a target. */
  static final Duration WAIT = Duration.ofSeconds(30);

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

    browser = Chromium.start();
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
    sendPingxiangAlert(
        alertId,
        AlertStatus.RAISED,
        end,
        "Pingxiang Port (Guangxi) at 135% of designed capacity, over 130% for 4 readings");

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

    String feed = "#alert-open [data-alert-id=\"" + alertId + "\"]";
    waitFor("the raised alert", feed);
    assertThat(attribute(feed, "data-status")).isEqualTo("RAISED");
    assertThat(attribute(feed, "class")).contains("CRITICAL").doesNotContain("cleared");
    assertThat(text(feed)).contains("at 135% of designed capacity");

    // the header says which event time the dashboard shows, and that it is not now
    assertThat(text("#event-time")).isEqualTo("2019-07-09T00:15:00Z");
    assertThat(text("#lag")).matches("\\d+ days behind the clock.*");

    // the alert clears: it leaves the open list and is folded under its type and subject
    sendPingxiangAlert(
        alertId,
        AlertStatus.CLEARED,
        end,
        "Pingxiang Port (Guangxi) back under 110% of designed capacity for 4 readings");
    String fold = "#alert-cleared [data-fold=\"SUSTAINED_OVERLOAD:CN-PINGXIANG\"]";
    new WebDriverWait(browser, WAIT)
        .withMessage("the alert to be folded as cleared")
        .until(b -> count(fold) == 1);
    assertThat(attribute(fold, "data-status")).isEqualTo("CLEARED");
    assertThat(attribute(fold, "data-count")).isEqualTo("1");
    assertThat(attribute(fold, "class")).contains("cleared");
    assertThat(count("#alert-open li[data-alert-id]")).isZero();
    assertThat(text("#alert-open")).isEqualTo("no open alert");

    assertThat(js("return window.__marker;")).as("page reloaded").isEqualTo(1L);
    assertThat(js("return performance.getEntriesByType('navigation').length;")).isEqualTo(1L);
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

  @Test
  void aReconnectToAConsoleStillReadingItsTopicsDoesNotTakeACardBack() throws Exception {
    long newer = WINDOW_END.toEpochMilli();
    long older = newer - Duration.ofMinutes(15).toMillis();
    send(utilisationTopic, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", newer, 1_350)));
    openDashboard();
    String newerCard = "[data-port=\"CN-PINGXIANG\"][data-window-end=\"" + newer + "\"]";
    waitFor("the Pingxiang card", newerCard);

    // the console restarts on the same address (a rollout); the page reconnects while the new one
    // has read only an older reading so far, then a reading of another port after it
    int address = console.port();
    console.close();
    String rereading = EmbeddedKafka.uniqueTopic("browser-utilisation-reread");
    KAFKA.broker().createTopics(1, rereading);
    send(rereading, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", older, 1_340)));
    console =
        ConsoleServer.parse(
                "--bind", "127.0.0.1",
                "--port", String.valueOf(address),
                "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic-utilisation", rereading,
                "--topic-balance", balanceTopic,
                "--topic-alerts", alertTopic,
                "--topic-port-waits", waitsTopic)
            .start();
    new WebDriverWait(browser, WAIT)
        .withMessage("the page to reconnect")
        .until(
            b -> "live".equals(text("#connection")) && status().path("subscribers").asInt() == 1);
    send(rereading, "LA-BOTEN", CODEC.write(reading("LA-BOTEN", newer, 300)));
    // events reach the page in the order read: once Boten shows, the older reading came before it
    waitFor("the Boten card", "[data-port=\"LA-BOTEN\"][data-window-end=\"" + newer + "\"]");

    assertThat(count(newerCard)).as("Pingxiang still shows its newer reading").isEqualTo(1);
    assertThat(text("[data-port=\"CN-PINGXIANG\"] .utilisation")).isEqualTo("135%");
  }

  @Test
  void anAlertBoardAnsweredLateDoesNotTakeBackANewerOne() throws Exception {
    // the page's first request for the alert board is answered at once, but reaches the page only
    // 3 s later, as on a congested link; each board that reaches the page is counted once drawn
    browser.executeCdpCommand(
        "Page.addScriptToEvaluateOnNewDocument",
        Map.of(
            "source",
            "window.__boardsAnswered = 0; window.__boardsDrawn = 0;"
                + " const realFetch = window.fetch;"
                + " window.fetch = async (...args) => {"
                + "   const r = await realFetch(...args);"
                + "   if (!String(args[0]).includes('/api/alerts/board')) return r;"
                + "   if (++window.__boardsAnswered === 1) {"
                + "     await new Promise((done) => setTimeout(done, 3000)); }"
                + "   const json = r.json.bind(r);"
                + "   r.json = async () => { const board = await json();"
                + "     setTimeout(() => window.__boardsDrawn++, 0); return board; };"
                + "   return r; };"));
    openDashboard();
    long started = WINDOW_END.toEpochMilli();
    String alertId = "SUSTAINED_OVERLOAD:CN-PINGXIANG:" + WINDOW_END;
    sendPingxiangAlert(alertId, AlertStatus.RAISED, started, "Pingxiang over capacity");
    new WebDriverWait(browser, WAIT)
        .withMessage("the board with the raised alert to be answered")
        .until(b -> ((Number) js("return window.__boardsAnswered;")).intValue() >= 1);
    sendPingxiangAlert(alertId, AlertStatus.CLEARED, started, "Pingxiang back under capacity");
    new WebDriverWait(browser, WAIT)
        .withMessage("both boards, the late one too, to reach the page")
        .until(b -> ((Number) js("return window.__boardsDrawn;")).intValue() >= 2);

    assertThat(count("#alert-open li[data-alert-id]")).as("the cleared alert shown open").isZero();
    assertThat(attribute("#alert-cleared [data-alert-id=\"" + alertId + "\"]", "data-status"))
        .isEqualTo("CLEARED");
  }

  private static PortUtilisation reading(String port, long windowEnd, long trips) {
    return new PortUtilisation(
        port, windowEnd - Duration.ofHours(24).toMillis(), windowEnd, trips, 800, 1_000);
  }

  /** A critical sustained-overload transition for Pingxiang, keyed as the job keys it. */
  private void sendPingxiangAlert(
      String alertId, AlertStatus status, long startedAt, String message) throws Exception {
    send(
        alertTopic,
        "CN-PINGXIANG",
        CODEC.write(
            alert(alertId, "CN-PINGXIANG", AlertSeverity.CRITICAL, status, startedAt, message)));
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

  private String text(String css) {
    return Dom.text(browser, css);
  }

  private String attribute(String css, String name) {
    return Dom.attribute(browser, css, name);
  }

  private long count(String css) {
    return Dom.count(browser, css);
  }

  private Object js(String script, Object... args) {
    return Dom.js(browser, script, args);
  }
}
