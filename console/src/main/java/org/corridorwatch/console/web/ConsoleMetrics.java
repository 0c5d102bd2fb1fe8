package org.corridorwatch.console.web;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.corridorwatch.console.alertmanager.AlertmanagerBridge;

/**
 * The console's {@code /metrics}: the corridor as the console sees it (utilisation and customs
 * waits per port, open alerts by severity) and the console's own health (how far its reader is
 * behind the topics, SSE subscribers, slow ones dropped). Values are read from the live state at
 * each scrape.
 *
 * <p>A waits figure that is null on the topic (no vehicle waiting, no decision in the hour) has no
 * sample: a 0 would read as "cleared at once", and NaN would break sums and comparisons in alert
 * rules. The series comes back with the next record that has the figure.
 */
public final class ConsoleMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

  /**
   * @param consumerLag the reader's lag ({@link OutputReader#lag()})
   * @param readerUp whether the reader reads ({@link OutputReader#failure()} is null)
   * @param skippedRecords records the reader could not show ({@link OutputReader#skippedRecords()})
   */
  public ConsoleMetrics(
      ConsoleState state,
      LongSupplier consumerLag,
      BooleanSupplier readerUp,
      LongSupplier skippedRecords,
      SseHub hub) {
    GaugeWithCallback.builder()
        .name("corridorwatch_console_port_utilisation")
        .help("Newest rolling 24 h utilisation per port: trips / designed daily maximum")
        .labelNames("port")
        .callback(
            cb -> state.ports().forEach(p -> cb.call(p.utilisation().doubleValue(), p.portId())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("corridorwatch_console_port_waiting_vehicles")
        .help("Vehicles waiting for a customs decision at the newest slot end, per port")
        .labelNames("port")
        .callback(cb -> state.waits().forEach(w -> cb.call(w.waiting(), w.portId())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("corridorwatch_console_port_oldest_wait_minutes")
        .help(
            "Minutes the longest-waiting vehicle has waited, per port; no sample while none waits")
        .labelNames("port")
        .callback(
            cb -> state.waits().forEach(w -> sampleIfKnown(cb, w.oldestWaitMinutes(), w.portId())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("corridorwatch_console_port_clearance_minutes")
        .help(
            "Minutes from arrival to customs decision over the hour before the newest slot end,"
                + " per port, median and 90th percentile; none without decisions in that hour")
        .labelNames("port", "quantile")
        .callback(
            cb ->
                state
                    .waits()
                    .forEach(
                        w -> {
                          sampleIfKnown(cb, w.clearanceMinutesP50(), w.portId(), "0.5");
                          sampleIfKnown(cb, w.clearanceMinutesP90(), w.portId(), "0.9");
                        }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("corridorwatch_console_open_alerts")
        .help("Open alert episodes by severity")
        .labelNames("severity")
        .callback(cb -> state.openBySeverity().forEach((sev, n) -> cb.call(n, sev)))
        .register(registry);
    gauge(
        "corridorwatch_console_consumer_lag_records",
        "Committed output records the console has not read yet (-1 before the first look)",
        consumerLag);
    gauge(
        "corridorwatch_console_reader_up",
        "1 while the console reads its topics, 0 while its Kafka client fails (see its log): the"
            + " figures and alerts shown stand still then",
        () -> readerUp.getAsBoolean() ? 1 : 0);
    gauge(
        "corridorwatch_console_records_skipped",
        "Output records since start the console could not show, each logged with its offset",
        skippedRecords);
    gauge(
        "corridorwatch_console_sse_subscribers",
        "Dashboard stream (/api/stream) subscribers connected now",
        hub::subscribers);
    gauge(
        "corridorwatch_console_sse_slow_subscribers_dropped",
        "Subscribers disconnected since start because they read too slowly",
        hub::slowClientsClosed);
    gauge(
        "corridorwatch_console_sse_resyncs",
        "Times since start a subscriber behind a burst skipped ahead to a fresh snapshot",
        hub::resyncs);
  }

  /** Adds the alert stream's subscribers, and how often one lost its place in the stream. */
  public void watch(AlertFeed feed) {
    gauge(
        "corridorwatch_console_alert_stream_subscribers",
        "Alert stream subscribers connected now",
        feed::subscribers);
    gauge(
        "corridorwatch_console_alert_stream_places_lost",
        "Times since start an alert subscriber could not be sent every transition it missed and"
            + " was sent the open episodes instead",
        feed::placesLost);
  }

  /**
   * Adds the Alertmanager bridge's health, so a rule can page when alerts stop reaching people: an
   * unreachable Alertmanager is otherwise only a line in the console's log.
   */
  public void watch(AlertmanagerBridge bridge) {
    gauge(
        "corridorwatch_console_alertmanager_reachable",
        "1 while the last POST to Alertmanager succeeded (or none failed yet), 0 during an outage",
        () -> bridge.alertmanagerReachable() ? 1 : 0);
    gauge(
        "corridorwatch_console_alertmanager_failed_posts",
        "POSTs to Alertmanager since start that failed: unreachable, timed out or refused",
        bridge::failedAttempts);
    gauge(
        "corridorwatch_console_alertmanager_sent_alerts",
        "Alerts Alertmanager accepted since start, re-sends included",
        bridge::sentAlerts);
    gauge(
        "corridorwatch_console_alertmanager_open_alerts",
        "Episodes firing in Alertmanager as far as the console knows",
        bridge::openAlerts);
  }

  /** A waits figure's sample, or none when the figure is null (see above). */
  private static void sampleIfKnown(
      GaugeWithCallback.Callback cb, Long figure, String... labelValues) {
    if (figure != null) {
      cb.call(figure, labelValues);
    }
  }

  /** A gauge without labels, read from {@code value} at each scrape. */
  private void gauge(String name, String help, LongSupplier value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.getAsLong()))
        .register(registry);
  }

  public String contentType() {
    return writer.getContentType();
  }

  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
