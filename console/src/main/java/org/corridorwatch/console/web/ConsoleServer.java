package org.corridorwatch.console.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinBindException;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.console.alertmanager.AlertmanagerBridge;
import org.corridorwatch.console.alertmanager.AlertmanagerSettings;
import org.corridorwatch.console.alertmanager.AlertmanagerSilences;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The operations console: a live dashboard, a JSON API, filtered alert streams and {@code
 * /metrics}, all from the output topics. See console/README.md for the API.
 */
@Command(
    name = "corridor-watch console",
    description =
        "Serves the live dashboard, the JSON API, alert streams (SSE) and /metrics from the"
            + " output topics, read with read_committed. Binds 127.0.0.1 unless told otherwise.")
public final class ConsoleServer implements Callable<Integer>, AutoCloseable {
  // not static: main chooses the logging configuration first, and a static logger would start
  // Log4j before main runs, with its defaults (errors only), so the console would say nothing
  private final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

  @Option(
      names = "--bind",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String bind;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8088",
      description = "HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "A file holding the token that requests changing state must send as 'Authorization:"
              + " Bearer <token>' (e.g. a test alert). Without it, those requests are refused.")
  Path tokenFile;

  @Option(
      names = "--alertmanager-url",
      paramLabel = "URL",
      description =
          "Send alerts to this Prometheus Alertmanager (API v2), e.g. http://127.0.0.1:9394,"
              + " resolving them on CLEARED. Default: off.")
  String alertmanagerUrl;

  @Option(
      names = "--history",
      paramLabel = "DURATION",
      defaultValue = "30d",
      description =
          "How far back the charts and exports reach, per port, line and corridor, counted from"
              + " each one's newest record; rebuilt from the topics at start. About 20 KiB of heap"
              + " a day for a port with its waits and balances. Default: ${DEFAULT-VALUE}.")
  Duration history;

  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  private final CorridorCatalogue catalogue = CorridorCatalogue.standard();
  private final ConsoleJson json = new ConsoleJson();
  private ConsoleState state;
  private AlertmanagerSilences silences;
  private final SseHub hub = new SseHub();
  private final AlertFeed alertFeed = new AlertFeed();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Javalin app;
  private AlertmanagerBridge bridge;
  private OutputReader reader;
  private Thread readerThread;
  private byte[] token;
  private long testAlerts;

  @Override
  public Integer call() throws IOException, InterruptedException {
    start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "console-shutdown"));
    stopped.await();
    return 0;
  }

  /** Starts reading the topics and serving; returns once the port is open. */
  public ConsoleServer start() throws IOException {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--port must be 0 (any free port) to 65535");
    }
    requireLocalAddress();
    token = readToken();
    if (history.compareTo(Duration.ofDays(1)) < 0 || history.compareTo(Duration.ofDays(400)) > 0) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--history must be from 1d to 400d");
    }
    state = new ConsoleState(catalogue, history);
    if (alertmanagerUrl != null) {
      URI url;
      try {
        url = AlertmanagerSettings.parseUrl(alertmanagerUrl);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            CommandLines.create(this), "--alertmanager-url: " + e.getMessage());
      }
      AlertmanagerSettings settings = AlertmanagerSettings.defaults().withUrl(url);
      bridge = AlertmanagerBridge.start(settings);
      silences = new AlertmanagerSilences(settings, java.time.Clock.systemUTC());
    }
    reader =
        new OutputReader(
            kafka.readCommittedConsumer(),
            outputTopics.topics(),
            state,
            json,
            this::publish,
            alert -> {
              if (bridge != null) {
                bridge.accept(alert);
              }
            },
            alertFeed::ready);
    readerThread = new Thread(reader, "console-output-reader");
    readerThread.setDaemon(true);
    readerThread.start();
    ConsoleMetrics metrics =
        new ConsoleMetrics(
            state, reader::lag, () -> reader.failure() == null, reader::skippedRecords, hub);
    metrics.watch(alertFeed);
    if (bridge != null) {
      metrics.watch(bridge);
    }
    app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // scripts and styles come from the jar: the dashboard works with no internet
              config.staticFiles.add("/web", Location.CLASSPATH);
              // the charting library, from its WebJar on the classpath
              config.staticFiles.enableWebjars();
              config.jetty.modifyServletContextHandler(
                  handler ->
                      handler.addFilter(
                          new FilterHolder(new EventStreamAccept()),
                          "/api/*",
                          EnumSet.of(DispatcherType.REQUEST)));
            });
    app.get("/api/catalogue", ctx -> json(ctx, catalogueView()));
    app.get("/api/utilisation", ctx -> json(ctx, state.ports()));
    app.get("/api/waits", ctx -> json(ctx, state.waits()));
    app.get("/api/balances", ctx -> json(ctx, state.balances()));
    app.get("/api/alerts", ctx -> json(ctx, state.alerts()));
    app.get("/api/alerts/board", ctx -> json(ctx, alertBoard()));
    HistoryExport export = new HistoryExport(state, catalogue);
    app.get("/api/history/utilisation", export::utilisation);
    app.get("/api/history/waits", export::waits);
    app.get("/api/history/balances", export::balances);
    app.get("/api/console", ctx -> json(ctx, consoleView()));
    app.get("/api/silences", this::listSilences);
    app.post("/api/silences", this::createSilence);
    app.delete("/api/silences/{id}", this::expireSilence);
    app.get(
        "/api/status",
        ctx -> {
          // answered 200 even while the reader fails: it is the orchestrator's probe, and a
          // restart mends no authentication error; the metric reader_up and its rule page instead
          String failure = reader.failure();
          json(
              ctx,
              Map.of(
                  "clock", state.clock(System.currentTimeMillis()),
                  "consumerLag", reader.lag(),
                  "reader", failure == null ? "reading" : "failing: " + failure,
                  "skippedRecords", reader.skippedRecords(),
                  "subscribers", hub.subscribers() + alertFeed.subscribers()));
        });
    app.sse("/api/stream", client -> hub.subscribe(client, e -> true, this::snapshot));
    app.sse(
        "/api/alerts/stream",
        client -> alertFeed.subscribe(client, alertFilter(client.ctx()), state::openAlerts, json));
    app.post("/api/alerts/test", this::testAlert);
    app.get(
        "/metrics",
        ctx -> {
          ctx.contentType(metrics.contentType());
          metrics.write(ctx.outputStream());
        });
    app.exception(
        AlertmanagerSilences.AlertmanagerUnavailable.class,
        (e, ctx) -> {
          log.warn("silences: {}", e.getMessage());
          ctx.status(HttpStatus.BAD_GATEWAY);
          json(ctx, Map.of("error", e.getMessage()));
        });
    app.exception(
        IllegalArgumentException.class,
        (e, ctx) -> {
          ctx.status(HttpStatus.BAD_REQUEST);
          json(ctx, Map.of("error", e.getMessage()));
        });
    try {
      app.start(bind, port);
    } catch (JavalinBindException e) {
      throw new CommandFailure(
          "cannot listen on " + bind + ":" + port + " (in use?); choose another with --port");
    }
    log.info(
        "console on http://{}:{}/ reading {} from {}",
        bind,
        app.port(),
        OutputReader.topicsRead(outputTopics.topics()),
        kafka.bootstrapServers());
    return this;
  }

  /** {@code --bind} must name this machine, else the server would fail to start obscurely. */
  private void requireLocalAddress() {
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--bind " + bind + " is not an address or a known host name");
    }
    try {
      if (!address.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) == null) {
        throw new picocli.CommandLine.ParameterException(
            CommandLines.create(this), "--bind " + bind + " is not an address of this machine");
      }
    } catch (SocketException e) {
      throw new CommandFailure("cannot list this machine's addresses: " + e.getMessage());
    }
  }

  /** The port actually listened on. */
  public int port() {
    return app.port();
  }

  /** The dashboard's first event: everything known so far, in one go. */
  private List<SseHub.Event> snapshot() {
    return List.of(
        new SseHub.Event(
            "snapshot",
            json.write(
                Map.of(
                    "ports", state.ports(),
                    "waits", state.waits(),
                    "balances", state.cumulativeBalances(),
                    "alerts", state.alerts(),
                    "alertBoard", alertBoard(),
                    "clock", state.clock(System.currentTimeMillis()))),
            null));
  }

  /** Open alerts first, then every cleared (type, subject) folded with its count. */
  private Map<String, Object> alertBoard() {
    return Map.of("open", state.openAlerts(), "cleared", state.clearedFolds());
  }

  /** What the page needs to know about this console before it draws controls. */
  private Map<String, Object> consoleView() {
    Map<String, Object> view = new java.util.LinkedHashMap<>();
    view.put("changesAllowed", token != null);
    view.put("alertmanager", silences == null ? null : silences.url().toString());
    view.put("historyDays", state.historyMillis() / 86_400_000L);
    return view;
  }

  private void listSilences(Context ctx) {
    if (silences == null) {
      json(ctx, Map.of("alertmanager", false, "silences", List.of()));
      return;
    }
    json(ctx, Map.of("alertmanager", true, "silences", silences.active()));
  }

  /**
   * Body {@code {"type","subject","duration":"4h","comment"}}: silences that alert's notifications
   * in Alertmanager; needs the token.
   */
  private void createSilence(Context ctx) {
    if (!silencesChangeable(ctx)) {
      return;
    }
    com.fasterxml.jackson.databind.JsonNode body = json.read(ctx.body());
    String type = body.path("type").asText("");
    String subject = body.path("subject").asText("");
    try {
      org.corridorwatch.model.AlertType.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "type must be one of " + List.of(org.corridorwatch.model.AlertType.values()));
    }
    if (!catalogue.portIds().contains(subject) && !catalogue.lineIds().contains(subject)) {
      throw new IllegalArgumentException(
          "subject '" + subject + "' is not a catalogue port or line");
    }
    Duration duration;
    try {
      duration = TimeOptions.parseDuration(body.path("duration").asText(""));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("duration: " + e.getMessage());
    }
    String comment = body.path("comment").asText("").strip();
    String id =
        silences.create(
            type,
            subject,
            duration,
            "corridor-watch console",
            comment.isEmpty() ? "silenced from the corridor-watch console" : comment);
    log.info("silence {} created for {} {} for {}", id, type, subject, duration);
    ctx.status(HttpStatus.CREATED);
    json(ctx, Map.of("id", id));
  }

  /** The token is right and there is an Alertmanager; false when the answer is already sent. */
  private boolean silencesChangeable(Context ctx) {
    if (!authorised(ctx)) {
      return false;
    }
    if (silences == null) {
      throw new IllegalArgumentException(
          "silences need the console started with --alertmanager-url");
    }
    return true;
  }

  private void expireSilence(Context ctx) {
    if (!silencesChangeable(ctx)) {
      return;
    }
    String id = ctx.pathParam("id");
    silences.expire(id);
    log.info("silence {} expired", id);
    json(ctx, Map.of("id", id, "expired", true));
  }

  /**
   * {@code subject}, {@code type} and {@code minSeverity} from the query; a missing one matches
   * everything. An unknown severity is a 400, not a stream that never says anything.
   */
  static Predicate<ConsoleState.AlertView> alertFilter(Context ctx) {
    String subject = ctx.queryParam("subject");
    String type = ctx.queryParam("type");
    String min = ctx.queryParam("minSeverity");
    AlertSeverity minSeverity;
    try {
      minSeverity = min == null ? null : AlertSeverity.valueOf(min.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "minSeverity must be WARNING or CRITICAL, got '" + min + "'");
    }
    return a ->
        (subject == null || subject.equals(a.subject()))
            && (type == null || type.equalsIgnoreCase(a.type()))
            && (minSeverity == null
                || AlertSeverity.valueOf(a.severity()).compareTo(minSeverity) >= 0);
  }

  /**
   * To the dashboard's stream, and an alert transition also to the alert feed. The reader has
   * applied it to the state before: the feed's open episodes are never older than its transitions.
   */
  private void publish(SseHub.Event event) {
    if (event.alert() != null) {
      alertFeed.append(event.alert(), event.json());
    }
    hub.publish(event);
  }

  /** Publishes a marked test alert to the streams (never to Kafka); needs the token. */
  private void testAlert(Context ctx) {
    if (!authorised(ctx)) {
      return;
    }
    String subject = ctx.queryParamAsClass("subject", String.class).getOrDefault("CN-PINGXIANG");
    if (!catalogue.portIds().contains(subject)) {
      throw new IllegalArgumentException("subject '" + subject + "' is not a catalogue port");
    }
    long now = System.currentTimeMillis();
    long n;
    synchronized (this) {
      n = ++testAlerts;
    }
    ConsoleState.AlertView test =
        new ConsoleState.AlertView(
            "TEST:" + subject + ":" + n,
            "TEST",
            subject,
            AlertSeverity.WARNING.name(),
            "RAISED",
            now,
            now,
            "Test alert from the console; nothing is wrong at " + catalogue.port(subject).name(),
            "{}",
            false);
    publish(new SseHub.Event("alert", json.write(test), test));
    ctx.status(HttpStatus.ACCEPTED);
    json(ctx, test);
  }

  private boolean authorised(Context ctx) {
    if (token == null) {
      ctx.status(HttpStatus.FORBIDDEN);
      json(ctx, Map.of("error", "changes are off: start the console with --token-file"));
      return false;
    }
    String header = ctx.header("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      ctx.status(HttpStatus.UNAUTHORIZED);
      json(ctx, Map.of("error", "send the console's token as 'Authorization: Bearer <token>'"));
      return false;
    }
    return true;
  }

  private Map<String, Object> catalogueView() {
    return Map.of(
        "ports", catalogue.ports(),
        "nodes", catalogue.nodes(),
        "lines", catalogue.lines(),
        "corridors", catalogue.corridors(),
        "figures", catalogue.figures());
  }

  private void json(Context ctx, Object view) {
    ctx.contentType("application/json");
    ctx.result(json.write(view));
  }

  private byte[] readToken() throws IOException {
    if (tokenFile == null) {
      return null;
    }
    String text = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    if (text.length() < 16) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--token-file must hold a token of at least 16 characters");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
    hub.close();
    alertFeed.close();
    if (bridge != null) {
      bridge.close();
    }
    if (app != null) {
      app.stop();
    }
    stopped.countDown();
  }

  /** For tests and embedding: a console with these arguments, not started. */
  public static ConsoleServer parse(String... args) {
    ConsoleServer server = new ConsoleServer();
    CommandLines.create(server).parseArgs(args);
    return server;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new ConsoleServer(), args));
  }
}
