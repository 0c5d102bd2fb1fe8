package org.corridorwatch.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.console.testing.SseSubscription;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console against a real broker: it starts before its topics exist, its API and metrics say
 * what the topics say (customs waits included), the alert stream's filter passes only matching
 * alerts, a subscriber that reconnects is sent what it missed (or, to a restarted console, the open
 * episodes), and a subscriber that reads nothing does not hold back the others.
 */
class ConsoleITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final long DAY = 86_400_000L;
  private static final long T = Instant.parse("2019-07-03T08:15:00Z").toEpochMilli();
  private static final CorridorCodec CODEC = CorridorCodec.forOutputs();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String utilisation = EmbeddedKafka.uniqueTopic("console-utilisation");
  private final String balance = EmbeddedKafka.uniqueTopic("console-balance");
  private final String alerts = EmbeddedKafka.uniqueTopic("console-alerts");
  private final String waits = EmbeddedKafka.uniqueTopic("console-port-waits");
  private ConsoleServer console;
  private KafkaProducer<byte[], byte[]> producer;

  @AfterEach
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (console != null) {
      console.close();
    }
  }

  private ConsoleServer start() throws IOException {
    console =
        ConsoleServer.parse(
                "--port", "0",
                "--bootstrap-servers", KAFKA.broker().bootstrapServers(),
                "--topic-utilisation", utilisation,
                "--topic-balance", balance,
                "--topic-alerts", alerts,
                "--topic-port-waits", waits)
            .start();
    return console;
  }

  private void createTopics() {
    KAFKA.broker().createTopics(1, utilisation, balance, alerts, waits);
    producer = new KafkaProducer<>(KAFKA.broker().producerProps());
  }

  private void send(String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  private static PortUtilisation reading(String port, long windowEnd, long trips) {
    return new PortUtilisation(port, windowEnd - DAY, windowEnd, trips, 800, 1000);
  }

  private static Alert alert(String port, AlertSeverity severity, AlertStatus status, int n) {
    return new Alert(
        "SUSTAINED_OVERLOAD:" + port + ":" + n,
        AlertType.SUSTAINED_OVERLOAD,
        port,
        severity,
        status,
        T,
        T + n,
        port + " test alert " + n + " " + severity,
        "{}");
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }

  /** Polls {@code path} until its body passes {@code ready}; returns that body. */
  private String eventually(String path, Predicate<String> ready) throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    String body = get(path);
    while (!ready.test(body)) {
      assertThat(System.nanoTime()).as("%s in time; last: %s", path, body).isLessThan(end);
      // each GET is the pacing: a round trip to the console between looks
      body = get(path);
    }
    return body;
  }

  /** The data lines of an SSE stream, read on the client's own threads. */
  private BlockingQueue<String> subscribe(String path) {
    BlockingQueue<String> data = new LinkedBlockingQueue<>();
    http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path)).build(),
            HttpResponse.BodyHandlers.ofLines())
        .thenAccept(
            r ->
                r.body()
                    .filter(line -> line.startsWith("data:"))
                    .forEach(line -> data.add(line.substring(5).trim())));
    return data;
  }

  /** The alert stream with {@code query}, resuming after {@code lastEventId} unless null. */
  private SseSubscription subscribeToAlerts(String query, String lastEventId) throws Exception {
    return SseSubscription.open(
        URI.create("http://127.0.0.1:" + console.port() + "/api/alerts/stream" + query),
        lastEventId);
  }

  @Test
  void startsBeforeItsTopicsExistThenApiAndMetricsSayWhatTheTopicsSay() throws Exception {
    start();
    assertThat(get("/api/utilisation")).isEqualTo("[]");
    assertThat(get("/api/waits")).isEqualTo("[]");

    createTopics();
    send(utilisation, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", T, 1350)));
    send(
        balance,
        "CORRIDOR:ILSTC-ROAD",
        CODEC.write(
            new TradeBalance(
                BalanceLevel.CORRIDOR, "ILSTC-ROAD", BalanceScope.CUMULATIVE, T, 1353, 107, 44)));
    send(
        alerts,
        "SUSTAINED_OVERLOAD:CN-PINGXIANG",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, AlertStatus.RAISED, 1)));

    send(
        waits,
        "CN-PINGXIANG",
        CODEC.write(
            new PortWaits(
                "CN-PINGXIANG",
                T - PortWaits.WINDOW_MILLIS,
                T,
                42,
                187L,
                96,
                35L,
                71L,
                140L,
                90,
                58L,
                96L)));

    assertThat(eventually("/api/waits", body -> body.contains("CN-PINGXIANG")))
        .contains("\"waiting\":42")
        .contains("\"oldestWaitMinutes\":187")
        .contains("\"clearanceMinutesP50\":35")
        .contains("\"clearanceMinutesP90\":71");
    String ports =
        eventually(
            "/api/utilisation",
            body -> body.contains("CN-PINGXIANG") && body.contains("\"waiting\":42"));
    assertThat(ports)
        .contains("\"trips\":1350")
        .contains("\"utilisation\":1.35")
        .contains("\"band\":\"SEVERE\"")
        .contains("Pingxiang");
    assertThat(eventually("/api/balances", body -> body.contains("ILSTC-ROAD")))
        .contains("\"outbound\":1353")
        .contains("\"inbound\":107")
        .contains("\"ratio\":12.64");
    assertThat(eventually("/api/alerts", body -> body.contains("CN-PINGXIANG")))
        .contains("\"status\":\"RAISED\"")
        .contains("\"open\":true");
    assertThat(get("/api/catalogue")).contains("\"ILSTC-ROAD\"").contains("CN-PINGXIANG");
    String metrics =
        eventually(
            "/metrics", body -> body.contains("corridorwatch_console_consumer_lag_records 0"));
    assertThat(metrics)
        .contains("corridorwatch_console_port_utilisation{port=\"CN-PINGXIANG\"} 1.35")
        .contains("corridorwatch_console_open_alerts{severity=\"CRITICAL\"} 1.0")
        .contains("corridorwatch_console_port_waiting_vehicles{port=\"CN-PINGXIANG\"} 42.0")
        .contains(
            "corridorwatch_console_port_clearance_minutes{port=\"CN-PINGXIANG\",quantile=\"0.9\"}"
                + " 71.0");

    send(
        alerts,
        "SUSTAINED_OVERLOAD:CN-PINGXIANG",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, AlertStatus.CLEARED, 1)));
    assertThat(eventually("/api/alerts", body -> body.contains("CLEARED")))
        .contains("\"open\":false");
    assertThat(
            eventually("/metrics", body -> body.contains("open_alerts{severity=\"CRITICAL\"} 0")))
        .isNotEmpty();
  }

  @Test
  void theAlertStreamDeliversOnlyWhatItsFilterAsksFor() throws Exception {
    createTopics();
    start();
    SseSubscription critical =
        subscribeToAlerts("?subject=CN-PINGXIANG&minSeverity=CRITICAL", null);
    SseSubscription everything = subscribeToAlerts("", null);
    assertThat(critical.next(DEADLINE).name()).isEqualTo("open");
    assertThat(everything.next(DEADLINE).name()).isEqualTo("open");

    send(
        alerts,
        "a",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.WARNING, AlertStatus.RAISED, 1)));
    send(
        alerts, "b", CODEC.write(alert("LA-BOTEN", AlertSeverity.CRITICAL, AlertStatus.RAISED, 2)));
    send(
        alerts,
        "c",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, AlertStatus.ESCALATED, 3)));

    for (int i = 0; i < 3; i++) {
      assertThat(everything.next(DEADLINE).name()).as("unfiltered event %d", i).isEqualTo("alert");
    }
    // the three arrived in order, so by now the filtered stream has had its chance at all three
    String only = critical.next(DEADLINE).data();
    assertThat(only).contains("CN-PINGXIANG").contains("CRITICAL").contains("ESCALATED");
    assertThat(critical.poll(Duration.ofSeconds(1))).isNull();
    critical.close();
    everything.close();
  }

  @Test
  void anAlertSubscriberThatReconnectsIsSentEveryTransitionItMissedInOrder() throws Exception {
    createTopics();
    start();
    SseSubscription first = subscribeToAlerts("?subject=CN-PINGXIANG", null);
    assertThat(first.next(DEADLINE)).extracting(SseSubscription.Event::name).isEqualTo("open");
    send(
        alerts,
        "SUSTAINED_OVERLOAD:CN-PINGXIANG",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, AlertStatus.RAISED, 0)));
    SseSubscription.Event seen = first.next(DEADLINE);
    assertThat(seen.data()).contains("RAISED");
    assertThat(seen.id()).as("the transition's id, to resume after").isNotNull();
    first.close();

    // while it is away: more transitions than the dashboard stream would queue for it, another
    // port's among them, which its filter leaves out
    int missed = SseHub.QUEUE + 200;
    for (int n = 1; n <= missed; n++) {
      AlertStatus status = n % 2 == 1 ? AlertStatus.CLEARED : AlertStatus.RAISED;
      // each RAISED opens episode n, each CLEARED closes the one before it
      int episode = status == AlertStatus.CLEARED ? n - 1 : n;
      String port = otherPort(episode) ? "LA-BOTEN" : "CN-PINGXIANG";
      producer.send(
          new ProducerRecord<>(
              alerts,
              ("SUSTAINED_OVERLOAD:" + port).getBytes(StandardCharsets.UTF_8),
              CODEC.write(alert(port, AlertSeverity.CRITICAL, status, episode))));
    }
    // a last transition of a subject the filter leaves out: once the console shows it, it has
    // applied every transition above, so all of them were missed while away
    send(
        alerts,
        "SUSTAINED_OVERLOAD:CN-HEKOU",
        CODEC.write(alert("CN-HEKOU", AlertSeverity.WARNING, AlertStatus.RAISED, 0)));
    eventually("/api/alerts", body -> body.contains("SUSTAINED_OVERLOAD:CN-HEKOU:0"));

    try (SseSubscription again = subscribeToAlerts("?subject=CN-PINGXIANG", seen.id())) {
      for (int n = 1; n <= missed; n++) {
        int episode = n % 2 == 1 ? n - 1 : n;
        if (otherPort(episode)) {
          continue;
        }
        SseSubscription.Event e = again.next(DEADLINE);
        assertThat(e.name()).as("event %d", n).isEqualTo("alert");
        assertThat(e.data())
            .as("transition %d", n)
            .contains("\"alertId\":\"SUSTAINED_OVERLOAD:CN-PINGXIANG:" + episode + "\"")
            .contains(n % 2 == 1 ? "CLEARED" : "RAISED");
      }
      assertThat(again.poll(Duration.ofSeconds(1))).as("nothing more, nothing twice").isNull();
    }
  }

  @Test
  void aSubscriberToAConsoleStillReadingItsTopicsIsServedOnceTheOpenEpisodesAreCurrent()
      throws Exception {
    createTopics();
    // a long history: every episode but the last has cleared
    int episodes = 20_000;
    for (int n = 0; n < episodes; n++) {
      for (AlertStatus status : List.of(AlertStatus.RAISED, AlertStatus.CLEARED)) {
        producer.send(
            new ProducerRecord<>(
                alerts,
                "SUSTAINED_OVERLOAD:CN-PINGXIANG".getBytes(StandardCharsets.UTF_8),
                CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, status, n))));
      }
    }
    send(
        alerts,
        "SUSTAINED_OVERLOAD:LA-BOTEN",
        CODEC.write(alert("LA-BOTEN", AlertSeverity.CRITICAL, AlertStatus.RAISED, episodes)));

    start();
    try (SseSubscription subscriber = subscribeToAlerts("", null)) {
      SseSubscription.Event open = subscriber.next(DEADLINE);
      assertThat(open.name()).isEqualTo("open");
      assertThat(open.data())
          .as("the episodes open now, not those open part way through the history")
          .contains("SUSTAINED_OVERLOAD:LA-BOTEN:" + episodes)
          .doesNotContain("CN-PINGXIANG");
      assertThat(subscriber.poll(Duration.ofSeconds(2)))
          .as("no old transition sent as news")
          .isNull();
    }
  }

  /** Every fifth episode is another port's. */
  private static boolean otherPort(int episode) {
    return episode % 10 == 4;
  }

  @Test
  void aSubscriberReconnectingToARestartedConsoleIsSentTheOpenEpisodes() throws Exception {
    createTopics();
    start();
    SseSubscription first = subscribeToAlerts("", null);
    assertThat(first.next(DEADLINE).name()).isEqualTo("open");
    send(
        alerts,
        "SUSTAINED_OVERLOAD:CN-PINGXIANG",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, AlertStatus.RAISED, 1)));
    send(
        alerts,
        "SUSTAINED_OVERLOAD:LA-BOTEN",
        CODEC.write(alert("LA-BOTEN", AlertSeverity.CRITICAL, AlertStatus.RAISED, 2)));
    first.next(DEADLINE);
    String lastId = first.next(DEADLINE).id();
    first.close();

    console.close();
    // cleared while no console ran: the new one learns it from the topic
    send(
        alerts,
        "SUSTAINED_OVERLOAD:LA-BOTEN",
        CODEC.write(alert("LA-BOTEN", AlertSeverity.CRITICAL, AlertStatus.CLEARED, 2)));
    start();
    eventually("/api/alerts", body -> body.contains("CLEARED"));

    try (SseSubscription again = subscribeToAlerts("", lastId)) {
      SseSubscription.Event open = again.next(DEADLINE);
      assertThat(open.name()).isEqualTo("open");
      assertThat(open.data())
          .contains("SUSTAINED_OVERLOAD:CN-PINGXIANG:1")
          .doesNotContain("LA-BOTEN");
      assertThat(open.id()).isNotEqualTo(lastId);
      assertThat(again.poll(Duration.ofSeconds(1))).isNull();
    }
    assertThat(get("/metrics")).contains("corridorwatch_console_alert_stream_places_lost 1");
  }

  @Test
  void aSubscriberThatReadsNothingDoesNotHoldBackTheOthers() throws Exception {
    createTopics();
    start();
    // a subscriber that never reads: its socket buffers fill, then its queue, then it is dropped
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("127.0.0.1", console.port()));
      stalled
          .getOutputStream()
          .write(
              ("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Accept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      stalled.getOutputStream().flush();
      BlockingQueue<String> reader = subscribe("/api/stream");
      eventually("/api/status", body -> body.contains("\"subscribers\":2"));

      // readings of a day and more, each event several kB with its sparkline: more than the
      // queue, so the stalled subscriber falls a whole queue behind while the reader keeps up
      int readings = SseHub.QUEUE + 400;
      produceReadings(1, readings);
      String lastWindowEnd = "\"windowEnd\":" + (T + (long) readings * 900_000L) + ",\"trips\"";
      long end = System.nanoTime() + DEADLINE.toNanos();
      boolean seen = false;
      while (!seen) {
        String data = reader.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(data).as("the reading subscriber got the newest reading in time").isNotNull();
        seen = data.contains(lastWindowEnd);
      }
      // once nothing has been written to it for a while, the stalled one is dropped at the next
      // overflow; each round of readings is the pacing of this wait
      int sent = readings;
      while (!get("/metrics").contains("slow_subscribers_dropped 1")) {
        assertThat(System.nanoTime()).as("stalled subscriber dropped in time").isLessThan(end);
        produceReadings(sent + 1, sent + 300);
        sent += 300;
      }
      assertThat(get("/metrics")).contains("corridorwatch_console_sse_subscribers 1");
      InputStream ignored = stalled.getInputStream(); // held open, never read, until here
      assertThat(ignored).isNotNull();
    }
  }

  private void produceReadings(int from, int to) {
    for (int i = from; i <= to; i++) {
      producer.send(
          new ProducerRecord<>(
              utilisation,
              "CN-PINGXIANG".getBytes(StandardCharsets.UTF_8),
              CODEC.write(reading("CN-PINGXIANG", T + (long) i * 900_000L, 1000 + i % 300))));
    }
    producer.flush();
  }

  @Test
  void aPortTheConsoleDoesNotKnowNeitherStopsNorBreaksIt() throws Exception {
    createTopics();
    start();
    // written by a job whose catalogue has a port this console's lacks
    send(utilisation, "VN-HUU-NGHI", CODEC.write(reading("VN-HUU-NGHI", T, 10)));
    send(utilisation, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", T, 1350)));

    String ports =
        eventually(
            "/api/utilisation",
            body -> body.contains("VN-HUU-NGHI") && body.contains("\"trips\":1350"));
    assertThat(ports).contains("\"name\":\"VN-HUU-NGHI\"");
    assertThat(get("/api/status")).contains("\"reader\":\"reading\"");
    assertThat(get("/metrics"))
        .contains("corridorwatch_console_reader_up 1")
        .contains("corridorwatch_console_records_skipped 0")
        .contains("port_utilisation{port=\"VN-HUU-NGHI\"}");
  }

  @Test
  void partitionsAddedWhileItRunsAreReadToo() throws Exception {
    createTopics();
    start();
    send(utilisation, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", T, 1350)));
    eventually("/api/utilisation", body -> body.contains("CN-PINGXIANG"));

    try (Admin admin = KAFKA.broker().admin()) {
      admin
          .createPartitions(Map.of(utilisation, NewPartitions.increaseTo(2)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    // a port whose key now lands on the new partition
    producer
        .send(
            new ProducerRecord<>(
                utilisation,
                1,
                "LA-BOTEN".getBytes(StandardCharsets.UTF_8),
                CODEC.write(reading("LA-BOTEN", T, 300))))
        .get();

    eventually("/api/utilisation", body -> body.contains("LA-BOTEN"));
  }

  @Test
  void aRestartedConsoleRebuildsWhatItShowsFromTheTopics() throws Exception {
    createTopics();
    start();
    send(utilisation, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", T, 1350)));
    send(utilisation, "CN-PINGXIANG", CODEC.write(reading("CN-PINGXIANG", T + 900_000L, 1360)));
    send(
        waits,
        "CN-PINGXIANG",
        CODEC.write(
            new PortWaits(
                "CN-PINGXIANG",
                T - PortWaits.WINDOW_MILLIS,
                T,
                7,
                40L,
                0,
                null,
                null,
                null,
                0,
                null,
                null)));
    send(
        alerts,
        "SUSTAINED_OVERLOAD:CN-PINGXIANG",
        CODEC.write(alert("CN-PINGXIANG", AlertSeverity.CRITICAL, AlertStatus.RAISED, 1)));
    // the topics are read side by side: the port is complete once both its reading and its waits
    // are in
    Predicate<String> complete =
        body -> body.contains("\"trips\":1360") && body.contains("\"waiting\":7");
    String before = eventually("/api/utilisation", complete);
    String alertsBefore = eventually("/api/alerts", body -> body.contains("RAISED"));
    String waitsBefore = eventually("/api/waits", body -> body.contains("\"waiting\":7"));

    console.close();
    start();

    assertThat(eventually("/api/utilisation", complete)).isEqualTo(before);
    assertThat(eventually("/api/alerts", body -> body.contains("RAISED"))).isEqualTo(alertsBefore);
    assertThat(eventually("/api/waits", body -> body.contains("\"waiting\":7")))
        .isEqualTo(waitsBefore);
  }

  @Test
  void withTheTokenATestAlertReachesTheStreamAndNeverKafka(@TempDir Path dir) throws Exception {
    createTopics();
    Path tokenFile = dir.resolve("console.token");
    String token = "t0k3n-for-the-console-test";
    Files.writeString(tokenFile, token + "\n");
    console =
        ConsoleServer.parse(
                "--port",
                "0",
                "--bootstrap-servers",
                KAFKA.broker().bootstrapServers(),
                "--topic-utilisation",
                utilisation,
                "--topic-balance",
                balance,
                "--topic-alerts",
                alerts,
                "--topic-port-waits",
                waits,
                "--token-file",
                tokenFile.toString())
            .start();
    SseSubscription stream = subscribeToAlerts("?subject=LA-BOTEN", null);
    assertThat(stream.next(DEADLINE).name()).isEqualTo("open");
    URI test =
        URI.create("http://127.0.0.1:" + console.port() + "/api/alerts/test?subject=LA-BOTEN");

    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(test)
                .header("Authorization", "Bearer not-the-token")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> right =
        http.send(
            HttpRequest.newBuilder(test)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(202);
    assertThat(stream.next(DEADLINE).data()).contains("\"type\":\"TEST\"").contains("LA-BOTEN");
    assertThat(KAFKA.broker().readAll(alerts, true, 0, Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void changingStateNeedsTheToken() throws Exception {
    start();
    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + console.port() + "/api/alerts/test"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("--token-file");
    assertThat(List.of(get("/api/status"))).allSatisfy(s -> assertThat(s).contains("clock"));
  }

  private HttpResponse<String> request(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void historyIsTheTopicsRecordsForARangeAsJsonOrCsvAndABadRequestSaysWhatToFix() throws Exception {
    createTopics();
    start();
    long slot = 900_000L;
    for (int i = 0; i < 8; i++) {
      send(
          utilisation,
          "CN-PINGXIANG",
          CODEC.write(reading("CN-PINGXIANG", T + i * slot, 1_200 + i)));
    }
    eventually(
        "/api/history/utilisation?port=CN-PINGXIANG&last=7d",
        body -> body.contains(Instant.ofEpochMilli(T + 7 * slot).toString()));

    // a range: from inclusive, to exclusive, on windowEnd; JSON is the records as on the topic
    String from = Instant.ofEpochMilli(T + 2 * slot).toString();
    String to = Instant.ofEpochMilli(T + 5 * slot).toString();
    String json = get("/api/history/utilisation?port=CN-PINGXIANG&from=" + from + "&to=" + to);
    assertThat(json)
        .isEqualTo(
            "["
                + new String(
                    CODEC.write(reading("CN-PINGXIANG", T + 2 * slot, 1_202)),
                    StandardCharsets.UTF_8)
                + ","
                + new String(
                    CODEC.write(reading("CN-PINGXIANG", T + 3 * slot, 1_203)),
                    StandardCharsets.UTF_8)
                + ","
                + new String(
                    CODEC.write(reading("CN-PINGXIANG", T + 4 * slot, 1_204)),
                    StandardCharsets.UTF_8)
                + "]");

    // CSV by Accept or by format; the header alone for an empty range
    HttpResponse<String> csv =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + console.port()
                            + "/api/history/utilisation?port=CN-PINGXIANG&from="
                            + from
                            + "&to="
                            + to))
                .header("Accept", "text/csv")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(csv.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
    assertThat(csv.body().split("\r\n"))
        .containsExactly(
            "portId,windowStart,windowEnd,trips,designedTripsPerDayMin,designedTripsPerDayMax,utilisation,band",
            "CN-PINGXIANG,2019-07-02T08:45:00Z,2019-07-03T08:45:00Z,1202,800,1000,1.202,OVER",
            "CN-PINGXIANG,2019-07-02T09:00:00Z,2019-07-03T09:00:00Z,1203,800,1000,1.203,OVER",
            "CN-PINGXIANG,2019-07-02T09:15:00Z,2019-07-03T09:15:00Z,1204,800,1000,1.204,OVER");
    assertThat(get("/api/history/waits?port=LA-BOTEN&format=csv"))
        .isEqualTo(
            "portId,windowStart,windowEnd,waiting,oldestWaitMinutes,cleared,clearanceMinutesP50,"
                + "clearanceMinutesP90,clearanceMinutesMax,departed,dwellMinutesP50,dwellMinutesP90\r\n");
    assertThat(get("/api/history/balances?level=CORRIDOR&id=ILSTC-ROAD")).isEqualTo("[]");
    // the default range is the day up to the port's newest reading: all eight
    assertThat(get("/api/history/utilisation?port=CN-PINGXIANG&format=csv").split("\r\n"))
        .hasSize(9);

    for (String[] bad :
        new String[][] {
          {"/api/history/utilisation", "name the port"},
          {"/api/history/utilisation?port=CN-NOWHERE", "'CN-NOWHERE' is not a catalogue port"},
          {
            "/api/history/utilisation?port=CN-PINGXIANG&from=" + to + "&to=" + from,
            "from must be before to"
          },
          {
            "/api/history/utilisation?port=CN-PINGXIANG&from=yesterday",
            "from: 'yesterday' is not a time"
          },
          {"/api/history/utilisation?port=CN-PINGXIANG&last=0", "last must be longer than 0"},
          {"/api/history/utilisation?port=CN-PINGXIANG&last=24h&from=" + from, "not both"},
          {"/api/history/waits?port=CN-PINGXIANG&format=xml", "format must be csv or json"},
          {"/api/history/balances?level=LINE", "name the balance"},
          {
            "/api/history/balances?level=LINE&id=NO-SUCH-LINE",
            "'NO-SUCH-LINE' is not a catalogue line"
          },
          {"/api/history/balances?port=CN-PINGXIANG&scope=WEEKLY", "scope must be one of"}
        }) {
      HttpResponse<String> r = request(bad[0]);
      assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(r.body()).as(bad[0]).contains(bad[1]);
    }
  }

  @Test
  void exportsAnsweredAtOnceAreEachTheirOwnRecords() throws Exception {
    createTopics();
    start();
    long slot = 900_000L;
    for (int i = 0; i < 96; i++) {
      send(
          utilisation,
          "CN-PINGXIANG",
          CODEC.write(reading("CN-PINGXIANG", T + i * slot, 1_000 + i)));
      send(utilisation, "LA-BOTEN", CODEC.write(reading("LA-BOTEN", T + i * slot, 200 + i)));
    }
    String[] paths = {
      "/api/history/utilisation?port=CN-PINGXIANG&last=7d",
      "/api/history/utilisation?port=LA-BOTEN&last=7d",
      "/api/history/utilisation?port=CN-PINGXIANG&last=7d&format=csv",
      "/api/history/utilisation?port=LA-BOTEN&last=7d&format=csv"
    };
    eventually(paths[1], body -> body.contains(Instant.ofEpochMilli(T + 95 * slot).toString()));
    eventually(paths[0], body -> body.contains(Instant.ofEpochMilli(T + 95 * slot).toString()));
    Map<String, String> alone = new LinkedHashMap<>();
    for (String path : paths) {
      alone.put(path, get(path));
    }

    // a browser asks for a port's charts in parallel: each answer must be what it is alone
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    for (int round = 0; round < 25; round++) {
      for (String path : paths) {
        asked.add(path);
        answers.add(
            http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + path))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
    }
    for (int i = 0; i < answers.size(); i++) {
      HttpResponse<String> r = answers.get(i).get(60, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(asked.get(i)).isEqualTo(200);
      assertThat(r.body()).as(asked.get(i)).isEqualTo(alone.get(asked.get(i)));
    }
  }
}
