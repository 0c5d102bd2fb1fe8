package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.console.testing.Chromium;
import org.corridorwatch.console.testing.Dom;
import org.corridorwatch.console.testing.JobOnMiniCluster;
import org.corridorwatch.console.testing.LocalAlertmanager;
import org.corridorwatch.generators.ReplayCommand;
import org.corridorwatch.jobs.AnalyticsOptions;
import org.corridorwatch.jobs.CorridorAnalyticsJob;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.corridorwatch.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as an operator meets it, on real data end to end: a real broker, the real job on an
 * embedded mini-cluster at parallelism 2 over 2 partitions, a replay of the whole corridor (the
 * ILSTC shuttles, Pingxiang overloaded and the other 17 catalogue ports), a real Alertmanager, and
 * the page in Debian's chromium. Every figure the page shows is checked against the records on the
 * topics, read here with read_committed. With {@code -Dcorridor.screenshot.update=true} it writes
 * the README's picture, {@code docs/dashboard.png}, from this run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeCorridorBrowserITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  static final Duration WAIT = Duration.ofSeconds(60);
  static final int DAYS = 7;
  static final String PINGXIANG = "CN-PINGXIANG";
  static final String TOKEN = "corridor-console-test-token";

  /** Goals from the console's acceptance: transferred page weight and first contentful paint. */
  static final long MAX_PAGE_BYTES = 300 * 1024;

  static final double MAX_FIRST_CONTENTFUL_PAINT_MS = 1_000;

  private static final CorridorCodec CODEC = CorridorCodec.forOutputs();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path work;
  private static String prefix;
  private static JobClient job;
  private static LocalAlertmanager alertmanager;
  private static ConsoleServer console;
  private static ChromeDriver browser;

  @BeforeAll
  static void replayTheWholeCorridor() throws Exception {
    prefix = EmbeddedKafka.uniqueTopic("whole");
    AnalyticsOptions options =
        CorridorAnalyticsJob.parse(
            "--bootstrap-servers", KAFKA.bootstrapServers(),
            "--topic-crossings", topic("crossings"),
            "--topic-shipments", topic("shipments"),
            "--topic-control", topic("control"),
            "--topic-utilisation", topic("utilisation"),
            "--topic-balance", topic("balance"),
            "--topic-dead-letters", topic("deadletter"),
            "--topic-alerts", topic("alerts"),
            "--topic-port-waits", topic("waits"),
            "--transactional-id-prefix", prefix,
            "--group-id", prefix,
            "--parallelism", "2",
            "--partitions", "2",
            "--checkpoint-interval", "500ms",
            "--transaction-timeout", "2m");
    job = JobOnMiniCluster.start(options);

    int replayed =
        CommandLines.run(
            new ReplayCommand(),
            "ilstc-2019",
            "pingxiang-overload",
            "corridor-ports",
            "--days",
            Integer.toString(DAYS),
            "--bootstrap-servers",
            KAFKA.bootstrapServers(),
            "--topic-crossings",
            topic("crossings"),
            "--topic-shipments",
            topic("shipments"),
            "--topic-control",
            topic("control"),
            "--partitions",
            "2",
            "--no-progress");
    assertThat(replayed).as("the replay's exit code").isZero();

    alertmanager = LocalAlertmanager.start(work);
    Path token = work.resolve("token");
    Files.writeString(token, TOKEN);
    console =
        ConsoleServer.parse(
                "--bind", "127.0.0.1",
                "--port", "0",
                "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic-utilisation", topic("utilisation"),
                "--topic-balance", topic("balance"),
                "--topic-alerts", topic("alerts"),
                "--topic-port-waits", topic("waits"),
                "--token-file", token.toString(),
                "--alertmanager-url", alertmanager.url().toString())
            .start();

    // the job has read the whole replay when Pingxiang's readings reach its last hours; the
    // console has caught up when it shows every port and its lag is 0
    long lastHours =
        Instant.parse("2019-07-01T00:00:00Z")
            .plus(Duration.ofDays(DAYS))
            .minusSeconds(3_600)
            .toEpochMilli();
    Poll.untilTrue(
        "the job to write Pingxiang's readings up to the replay's last hours, and the console to"
            + " read them",
        WAIT.multipliedBy(4),
        () -> {
          JsonNode ports = api("/api/utilisation");
          boolean late = false;
          for (JsonNode p : ports) {
            late |=
                p.path("portId").asText().equals(PINGXIANG)
                    && p.path("windowEnd").asLong() >= lastHours;
          }
          return late && ports.size() == 18 && api("/api/status").path("consumerLag").asLong() == 0;
        });
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (console != null) {
      console.close();
    }
    if (job != null) {
      job.cancel().get();
    }
    if (alertmanager != null) {
      alertmanager.close();
    }
  }

  static String topic(String name) {
    return prefix + "." + name;
  }

  @Test
  @Order(1)
  void everyCataloguePortIsOnTheFirstScreenWithItsNewestReading() {
    open();
    new WebDriverWait(browser, WAIT)
        .withMessage("18 port cards with readings")
        .until(b -> count("#port-groups .port[data-window-end]") == 18);
    assertThat(count("[data-group=\"BORDER_PORT\"] .port")).isEqualTo(9);
    assertThat(count("[data-group=\"RIVER_PORT\"] .port")).isEqualTo(5);
    assertThat(count("[data-group=\"SEA_PORT\"] .port")).isEqualTo(4);

    Map<String, Map<Long, PortUtilisation>> topic = readingsOnTheTopic();
    for (Node port : CATALOGUE.ports()) {
      String card = "[data-port=\"" + port.id() + "\"]";
      long windowEnd = Long.parseLong(attribute(card, "data-window-end"));
      PortUtilisation reading = topic.get(port.id()).get(windowEnd);
      assertThat(reading)
          .as("%s's card shows a reading that is on the topic", port.id())
          .isNotNull();
      assertThat(text(card + " .utilisation")).as(port.id()).isEqualTo(percentOf(reading));
      assertThat(text(card + " .figures"))
          .as(port.id())
          .contains(
              String.format(
                  "%,d trips / %,d designed", reading.trips(), reading.designedTripsPerDayMax()));
      assertThat(attribute(card, "data-band")).as(port.id()).isEqualTo(reading.band().name());
    }
    // the road corridor and its lines, from the ILSTC replay
    assertThat(count("[data-balance=\"CORRIDOR:ILSTC-ROAD\"]")).isEqualTo(1);
    // every corridor and line of the catalogue has its row; the rail ones carried no shipments
    assertThat(count("#balance-board .balance-row"))
        .isEqualTo(CATALOGUE.corridors().size() + CATALOGUE.lines().size());
    assertThat(count("#balance-board .balance-row:not(.quiet)")).isEqualTo(6);
    assertThat(text("[data-balance=\"CORRIDOR:ILSTC-RAIL\"]"))
        .isEqualTo("corridor ILSTC-RAIL: no shipments yet");
  }

  @Test
  @Order(2)
  void aPortsDayChartHoldsExactlyThatPortsReadingsOnTheTopic() {
    open();
    selectPingxiang();
    List<List<Number>> data = chartData("utilisation");
    List<Number> x = data.get(0);
    List<Number> y = data.get(1);
    assertThat(x).as("a day of 15-minute readings").hasSize(96);
    long first = x.get(0).longValue() * 1000;
    long last = x.get(x.size() - 1).longValue() * 1000;
    assertThat(last - first).isEqualTo(Duration.ofMinutes(95 * 15).toMillis());

    Map<Long, PortUtilisation> topic = readingsOnTheTopic().get(PINGXIANG);
    List<Long> onTopic = topic.keySet().stream().filter(t -> t >= first && t <= last).toList();
    assertThat(onTopic).as("the topic's readings in the chart's range").hasSize(96);
    for (int i = 0; i < x.size(); i++) {
      long windowEnd = x.get(i).longValue() * 1000;
      PortUtilisation reading = topic.get(windowEnd);
      assertThat(reading).as("a reading at %s", Instant.ofEpochMilli(windowEnd)).isNotNull();
      // the chart plots doubles: the topic's 4-decimal fraction times 100, to a double's precision
      assertThat(y.get(i).doubleValue())
          .as("utilisation at %s", Instant.ofEpochMilli(windowEnd))
          .isCloseTo(reading.utilisation().movePointRight(2).doubleValue(), within(1e-9));
    }

    // the week: every reading the console holds up to 7 days back, Pingxiang's whole replay here
    browser.findElement(By.cssSelector("#port-detail [data-range=\"7d\"]")).click();
    new WebDriverWait(browser, WAIT)
        .withMessage(
            () ->
                "the 7-day chart; the range buttons: "
                    + js(
                        "return [...document.querySelectorAll('#port-detail .ranges button')]"
                            + ".map((b) => b.dataset.range + ':' + b.className).join(' ');")
                    + "; points: "
                    + chartData("utilisation").get(0).size()
                    + "; the week's readings from the API: "
                    + api("/api/history/utilisation?port=CN-PINGXIANG&last=7d").size()
                    + "; the chart's title: "
                    + js("return document.querySelector('#chart-utilisation .title').textContent;")
                    + "; history requests: "
                    + js(
                        "return performance.getEntriesByType('resource')"
                            + ".filter((r) => r.name.includes('/api/history/'))"
                            + ".map((r) => new URL(r.name).search + ' @' + Math.round(r.startTime)"
                            + " + '-' + Math.round(r.responseEnd)).join(' | ');")
                    + "; now "
                    + js("return Math.round(performance.now());")
                    + "; errors: "
                    + Chromium.errors(browser))
        .until(b -> chartData("utilisation").get(0).size() > 96);
    List<Number> week = chartData("utilisation").get(0);
    long weekLast = week.get(week.size() - 1).longValue() * 1000;
    assertThat(week)
        .hasSize(
            (int)
                topic.keySet().stream()
                    .filter(t -> t > weekLast - Duration.ofDays(7).toMillis() && t <= weekLast)
                    .count());
    // the waits and the port's own balance are drawn too
    assertThat(chartData("waits").get(0)).isNotEmpty();
    assertThat(chartData("port-balance").get(0)).isNotEmpty();
  }

  @Test
  @Order(4)
  void theChartsCsvExportIsTheTopicsRecordsForItsRange() throws Exception {
    open();
    selectPingxiang();
    String csvLink = link("#chart-utilisation a.csv");
    String jsonLink = link("#chart-utilisation a.json");
    assertThat(csvLink).contains("/api/history/utilisation?").contains("port=CN-PINGXIANG");

    List<String> lines = List.of(get(csvLink).split("\r\n"));
    assertThat(lines.get(0))
        .isEqualTo(
            "portId,windowStart,windowEnd,trips,designedTripsPerDayMin,designedTripsPerDayMax,"
                + "utilisation,band");
    List<String> rows = lines.subList(1, lines.size());
    assertThat(rows).hasSize(96);

    // the topic's records with the same windowEnd range, field by field as written
    Map<Long, JsonNode> topic = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : read(topic("utilisation"))) {
      JsonNode record = MAPPER.readTree(r.value());
      if (record.path("portId").asText().equals(PINGXIANG)) {
        topic.put(Instant.parse(record.path("windowEnd").asText()).toEpochMilli(), record);
      }
    }
    long first = Instant.parse(rows.get(0).split(",")[2]).toEpochMilli();
    long last = Instant.parse(rows.get(rows.size() - 1).split(",")[2]).toEpochMilli();
    List<JsonNode> expected =
        topic.entrySet().stream()
            .filter(e -> e.getKey() >= first && e.getKey() <= last)
            .map(Map.Entry::getValue)
            .toList();
    List<String> expectedRows = new ArrayList<>();
    for (JsonNode record : expected) {
      List<String> cells = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getKey().equals("schema")) {
          cells.add(f.getValue().isNull() ? "" : f.getValue().asText());
        }
      }
      expectedRows.add(String.join(",", cells));
    }
    assertThat(rows).isEqualTo(expectedRows);

    // the JSON export is the topic's records themselves
    JsonNode json = MAPPER.readTree(get(jsonLink));
    assertThat(json).hasSize(96);
    List<JsonNode> exported = new ArrayList<>();
    json.forEach(exported::add);
    assertThat(exported).isEqualTo(expected);
  }

  @Test
  @Order(3)
  void aCorridorsBalanceChartIsItsRunningTotalsOnTheTopic() {
    open();
    new WebDriverWait(browser, WAIT)
        .withMessage("the road corridor's balance")
        .until(b -> count("[data-balance=\"CORRIDOR:ILSTC-ROAD\"]") == 1);
    js("document.querySelector('[data-balance=\"CORRIDOR:ILSTC-ROAD\"]').click(); return null;");
    new WebDriverWait(browser, WAIT)
        .withMessage("the road corridor's chart")
        .until(b -> (Boolean) js("return !!window.corridorWatch.charts.balance;"));
    List<List<Number>> data = chartData("balance");

    // the topic's cumulative figures of the corridor within the console's 30 days of its newest
    Map<Long, TradeBalance> topic = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : read(topic("balance"))) {
      TradeBalance b = CODEC.readTradeBalance(r.value()).value();
      if (b.level() == BalanceLevel.CORRIDOR
          && b.id().equals("ILSTC-ROAD")
          && b.scope() == BalanceScope.CUMULATIVE) {
        topic.put(b.asOfMillis(), b);
      }
    }
    long newest = ((TreeMap<Long, TradeBalance>) topic).lastKey();
    List<TradeBalance> held =
        topic.values().stream()
            .filter(b -> b.asOfMillis() > newest - Duration.ofDays(30).toMillis())
            .toList();
    assertThat(data.get(0)).hasSize(held.size());
    for (int i = 0; i < held.size(); i++) {
      assertThat(data.get(0).get(i).longValue() * 1000).isEqualTo(held.get(i).asOfMillis());
      assertThat(data.get(1).get(i).longValue()).isEqualTo(held.get(i).outbound());
      assertThat(data.get(2).get(i).longValue()).isEqualTo(held.get(i).inbound());
    }
    // the last point is the source's figure: 1,353 out and 107 back
    assertThat(held.get(held.size() - 1).outbound()).isEqualTo(1_353);
    assertThat(held.get(held.size() - 1).inbound()).isEqualTo(107);
  }

  @Test
  @Order(5)
  void clearedAlertsFoldPerTypeAndSubjectBelowTheOpenOnes() throws Exception {
    // the topic's episodes: the last transition of each, and clears per (type, subject)
    Map<String, Alert> lastOfEpisode = new LinkedHashMap<>();
    Map<String, Integer> clears = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : read(topic("alerts"))) {
      Alert a = CODEC.readAlert(r.value()).value();
      lastOfEpisode.put(a.alertId(), a);
      if (a.status() == AlertStatus.CLEARED) {
        clears.merge(a.type() + ":" + a.subject(), 1, Integer::sum);
      }
    }
    Set<String> openOnTopic = new TreeSet<>();
    lastOfEpisode.values().stream()
        .filter(a -> a.status() != AlertStatus.CLEARED)
        .forEach(a -> openOnTopic.add(a.alertId()));
    assertThat(openOnTopic).as("the replay leaves Pingxiang's overload open").isNotEmpty();
    assertThat(clears.values())
        .as("the replay clears one (type, subject) more than once, something to fold: %s", clears)
        .anyMatch(n -> n > 1);

    open();
    new WebDriverWait(browser, WAIT)
        .withMessage("the alert board")
        .until(b -> count("#alert-open li[data-alert-id]") == openOnTopic.size());
    Set<String> openShown = new TreeSet<>();
    for (Object id :
        (List<?>)
            js(
                "return [...document.querySelectorAll('#alert-open li')].map((e) => e.dataset.alertId);")) {
      openShown.add((String) id);
    }
    assertThat(openShown).isEqualTo(openOnTopic);
    Map<String, Integer> folds = new TreeMap<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> shown =
        (List<Map<String, Object>>)
            js(
                "return [...document.querySelectorAll('#alert-cleared li')]"
                    + ".map((e) => ({ fold: e.dataset.fold, count: e.dataset.count }));");
    shown.forEach(
        f -> folds.put((String) f.get("fold"), Integer.parseInt((String) f.get("count"))));
    assertThat(folds).isEqualTo(clears);
    // open alerts are listed before the folded ones
    assertThat(
            (Boolean)
                js(
                    "return document.querySelector('#alert-open').compareDocumentPosition("
                        + "document.querySelector('#alert-cleared')) === Node.DOCUMENT_POSITION_FOLLOWING;"))
        .isTrue();

    // filters: one subject, then critical only
    js(
        "const s = document.querySelector('#alert-subject'); s.value = arguments[0];"
            + " s.dispatchEvent(new Event('change'));",
        "LA-BOTEN");
    assertThat(count("#alert-cleared li"))
        .isEqualTo(clears.keySet().stream().filter(k -> k.endsWith(":LA-BOTEN")).count());
    js(
        "const s = document.querySelector('#alert-subject'); s.value = '';"
            + " const v = document.querySelector('#alert-severity'); v.value = 'CRITICAL';"
            + " v.dispatchEvent(new Event('change'));");
    assertThat(
            (List<?>)
                js(
                    "return [...document.querySelectorAll('#alert-open li[data-alert-id], #alert-cleared li')]"
                        + ".filter((e) => !e.classList.contains('CRITICAL')).map((e) => e.className);"))
        .isEmpty();
  }

  @Test
  @Order(6)
  void anOperatorWithTheTokenSilencesAnAlertInAlertmanagerAndExpiresIt() {
    open();
    new WebDriverWait(browser, WAIT)
        .withMessage("the open alerts")
        .until(b -> count("#alert-open li[data-alert-id]") > 0);
    assertThat(count(".silence-create")).as("read-only without the token").isZero();

    browser.findElement(By.id("token")).sendKeys(TOKEN);
    browser.findElement(By.id("token-use")).click();
    String entry = "#alert-open li[data-alert-id]";
    String alertId = attribute(entry, "data-alert-id");
    String type = alertId.substring(0, alertId.indexOf(':'));
    String subject = alertId.split(":")[1];
    js("document.querySelector(arguments[0] + ' .duration').value = '1h';", entry);
    browser.findElement(By.cssSelector(entry + " .silence-create")).click();

    new WebDriverWait(browser, WAIT)
        .withMessage(
            () ->
                "the new silence in the list; the page says: "
                    + text("#alert-open")
                    + " | "
                    + text("#silences"))
        .until(b -> count("#silences li[data-silence-id]") == 1);
    String silenceId = attribute("#silences li[data-silence-id]", "data-silence-id");
    assertThat(text(entry + " .silenced")).startsWith("silenced until");

    // Alertmanager's own word: active, on exactly this alert's type and subject, for an hour
    JsonNode made = alertmanager.json("/api/v2/silence/" + silenceId);
    assertThat(made.at("/status/state").asText()).isEqualTo("active");
    assertThat(made.path("matchers").findValuesAsText("value")).containsExactly(type, subject);
    assertThat(
            Duration.between(
                Instant.parse(made.path("startsAt").asText()),
                Instant.parse(made.path("endsAt").asText())))
        .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

    browser.findElement(By.cssSelector("#silences .silence-expire")).click();
    new WebDriverWait(browser, WAIT)
        .withMessage("the expired silence to leave the list")
        .until(b -> count("#silences li[data-silence-id]") == 0);
    assertThat(alertmanager.json("/api/v2/silence/" + silenceId).at("/status/state").asText())
        .isEqualTo("expired");
    js("sessionStorage.clear(); return null;");
  }

  @Test
  @Order(7)
  void theWholeCorridorPageIsLightAndPaintsFast() throws Exception {
    Chromium.Load load = Chromium.measure(browser, "http://127.0.0.1:" + console.port() + "/");
    load.print("[whole corridor]");
    assertThat(load.paths())
        .contains("/", "/app.js", "/style.css", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
        .allSatisfy(p -> assertThat(p).doesNotStartWith("http"));
    assertThat(load.transferred()).as("page weight, bytes").isBetween(1L, MAX_PAGE_BYTES);
    assertThat(load.firstContentfulPaintMs())
        .as("first contentful paint, ms")
        .isBetween(0.0, MAX_FIRST_CONTENTFUL_PAINT_MS);

    // the README's picture: this run, Pingxiang's charts open
    selectPingxiang();
    Chromium.screenshot(browser, "dashboard.png");
  }

  @AfterEach
  void thePageRaisedNoError() {
    assertThat(Chromium.errors(browser)).as("uncaught errors on the page").isEmpty();
  }

  // --- helpers -------------------------------------------------------------------------------

  private static void open() {
    browser.get("http://127.0.0.1:" + console.port() + "/");
    new WebDriverWait(browser, WAIT)
        .withMessage("the page's event stream to go live")
        .until(b -> "live".equals(text("#connection")) && count("#port-groups .port") == 18);
  }

  private static void selectPingxiang() {
    new WebDriverWait(browser, WAIT)
        .withMessage("Pingxiang's card")
        .until(b -> count("[data-port=\"CN-PINGXIANG\"][data-window-end]") == 1);
    js("document.querySelector('[data-port=\"CN-PINGXIANG\"]').click(); return null;");
    new WebDriverWait(browser, WAIT)
        .withMessage("Pingxiang's charts")
        .until(
            b ->
                (Boolean)
                    js(
                        "const c = window.corridorWatch.charts;"
                            + " return !!(c.utilisation && c.waits && c['port-balance']);"));
  }

  @SuppressWarnings("unchecked")
  private static List<List<Number>> chartData(String name) {
    return (List<List<Number>>)
        js("const c = window.corridorWatch.charts[arguments[0]]; return c ? c.data : [[]];", name);
  }

  private static Map<String, Map<Long, PortUtilisation>> readingsOnTheTopic() {
    Map<String, Map<Long, PortUtilisation>> out = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> r : read(topic("utilisation"))) {
      PortUtilisation u = CODEC.readPortUtilisation(r.value()).value();
      out.computeIfAbsent(u.portId(), p -> new TreeMap<>()).put(u.windowEndMillis(), u);
    }
    return out;
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String topic) {
    return KAFKA.broker().readAll(topic, true, 0, WAIT);
  }

  /** As the card writes it: the utilisation in whole percent, rounded as JavaScript rounds. */
  private static String percentOf(PortUtilisation u) {
    return Math.round(u.utilisation().doubleValue() * 100) + "%";
  }

  private static JsonNode api(String path) {
    try {
      return MAPPER.readTree(get("http://127.0.0.1:" + console.port() + path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String get(String url) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String text(String css) {
    return Dom.text(browser, css);
  }

  private static String attribute(String css, String name) {
    return Dom.attribute(browser, css, name);
  }

  /** A link's target as the browser resolves it: absolute. */
  private static String link(String css) {
    return (String) js("const e = document.querySelector(arguments[0]); return e && e.href;", css);
  }

  private static long count(String css) {
    return Dom.count(browser, css);
  }

  private static Object js(String script, Object... args) {
    return Dom.js(browser, script, args);
  }
}
