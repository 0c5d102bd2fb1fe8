package org.corridorwatch.console.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.corridorwatch.testing.Poll;

/**
 * A real Prometheus Alertmanager (the Debian package) for tests: started on a free 127.0.0.1 port
 * with gossip off and one route to a receiver without a destination, so it keeps and shows alerts
 * and silences and sends nothing anywhere. Its data and log live in the folder given.
 */
public final class LocalAlertmanager implements AutoCloseable {
  private static final String BINARY = "prometheus-alertmanager";
  private static final Duration READY = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Process process;
  private final Path log;
  private final URI url;

  private LocalAlertmanager(Process process, Path log, URI url) {
    this.process = process;
    this.log = log;
    this.url = url;
  }

  /** Starts one in {@code work} and returns once it answers {@code /-/ready}. */
  public static LocalAlertmanager start(Path work) throws Exception {
    Path binary = onPath(BINARY);
    if (binary == null) {
      fail(BINARY + " is not installed (not on PATH); on Debian: apt-get install " + BINARY);
    }
    Path config = work.resolve("alertmanager.yml");
    Files.writeString(config, "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n");
    Path storage = Files.createDirectories(work.resolve("alertmanager-data"));
    Path log = work.resolve("alertmanager.log");
    int port = freeLoopbackPort();
    URI url = URI.create("http://127.0.0.1:" + port);
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port,
                // empty: no gossip listener on 0.0.0.0:9094
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalAlertmanager am = new LocalAlertmanager(process, log, url);
    Poll.untilTrue(
        "Alertmanager ready at " + url,
        READY,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("Alertmanager exited at start: " + am.logTail());
          }
          try {
            return am.get("/-/ready").statusCode() == 200;
          } catch (IOException e) {
            return false;
          }
        });
    return am;
  }

  public URI url() {
    return url;
  }

  public HttpResponse<String> get(String pathAndQuery) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + pathAndQuery))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A GET answered 200, as JSON; an AssertionError with the log's tail otherwise. */
  public JsonNode json(String pathAndQuery) {
    try {
      HttpResponse<String> r = get(pathAndQuery);
      assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("Alertmanager at " + url + " does not answer: " + logTail(), e);
    }
  }

  public String logTail() {
    try {
      String text = Files.exists(log) ? Files.readString(log) : "";
      return text.length() <= 2_000 ? text : text.substring(text.length() - 2_000);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(process.isAlive()).as("Alertmanager stopped").isFalse();
  }

  private static Path onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static int freeLoopbackPort() throws IOException {
    // the port is free when we ask; Alertmanager fails at start (and the test says so) if another
    // process takes it in between
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
