package org.corridorwatch.console.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in receiver for unit tests: a JDK HTTP server on 127.0.0.1 that records every POST to
 * {@code /api/v2/alerts} and answers with a status the test chooses. It checks what the bridge
 * sends, not what Alertmanager makes of it; {@code AlertmanagerBridgeITCase} does that.
 */
final class FakeAlertmanager implements AutoCloseable {

  /** One POST as received. */
  record Received(String method, String path, String contentType, JsonNode body, long nanos) {}

  private final HttpServer server;
  private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final CountDownLatch firstRequest = new CountDownLatch(1);

  FakeAlertmanager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          firstRequest.countDown();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  new ObjectMapper().readTree(new String(body, StandardCharsets.UTF_8)),
                  System.nanoTime()));
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.get(), answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void answer(int httpStatus) {
    status.set(httpStatus);
  }

  /** Holds every request until {@link #release()}, as a hung Alertmanager would. */
  void hold() {
    gate = new CountDownLatch(1);
  }

  void release() {
    gate.countDown();
  }

  boolean awaitFirstRequest(Duration timeout) throws InterruptedException {
    return firstRequest.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next POST, or null if none comes within {@code timeout}. */
  Received next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  List<Received> drain() {
    List<Received> all = new ArrayList<>();
    received.drainTo(all);
    return all;
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
