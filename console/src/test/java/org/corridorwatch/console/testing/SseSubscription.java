package org.corridorwatch.console.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events subscriber as a program would be one: it parses each event's name, id and
 * data, may send {@code Last-Event-ID} as a reconnecting EventSource does, and disconnects on
 * {@link #close()}.
 */
public final class SseSubscription implements AutoCloseable {
  /** One event as received; {@code id} is null when the event had none. */
  public record Event(String name, String id, String data) {}

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final InputStream body;

  private SseSubscription(InputStream body) {
    this.body = body;
    Thread reader = new Thread(this::read, "sse-subscription");
    reader.setDaemon(true);
    reader.start();
  }

  /** Subscribes to {@code url}, resuming after {@code lastEventId} unless it is null. */
  public static SseSubscription open(URI url, String lastEventId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).as("%s answered", url).isEqualTo(200);
    return new SseSubscription(response.body());
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = null;
      String id = null;
      StringBuilder data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(name == null ? "message" : name, id, data.toString()));
          }
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(line.substring(5).trim());
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // closed by the test or by the server: the events so far stay readable
    }
  }

  /** The next event within {@code deadline}; fails the test when none comes. */
  public Event next(Duration deadline) throws InterruptedException {
    Event e = events.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(e).as("an event within %s", deadline).isNotNull();
    return e;
  }

  /** The next event within {@code wait}, or null. */
  public Event poll(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
