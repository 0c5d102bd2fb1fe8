package org.corridorwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * The figures of one probe run, for people (text, markdown) and programs (JSON), with the warnings
 * that say when a figure means little.
 *
 * @param run what was measured and how: scenario, rates, options, machine; printed as given
 * @param latencies the paired latencies
 * @param unreadable output records that could not be read as their contract type
 * @param timedOut true when the outputs never went quiet before the deadline
 */
record LatencyReport(
    Map<String, Object> run, OutputLatencies latencies, List<String> unreadable, boolean timedOut) {

  /** Below this many samples the 99th percentile is just one of the few largest values. */
  static final int SAMPLES_FOR_P99 = 100;

  private static final double[] PERCENTILES = {50, 90, 99, 99.9};

  /** What to doubt in the figures, one line each; empty when nothing. */
  List<String> warnings() {
    List<String> w = new ArrayList<>();
    long alerts = latencies.alerts().readable().getTotalCount();
    if (alerts < SAMPLES_FOR_P99) {
      w.add(
          String.format(
              "only %d alert transition%s measured: p99 needs at least %d samples to be more than"
                  + " the largest one or two; replay more days (--days) or repeat the run",
              alerts, alerts == 1 ? "" : "s", SAMPLES_FOR_P99));
    }
    for (var kind :
        List.of(
            Map.entry("alerts", latencies.alerts()), Map.entry("readings", latencies.readings()))) {
      if (!kind.getValue().beforeTrigger().isEmpty()) {
        w.add(
            String.format(
                "%d %s were decided or readable before their trigger crossing was produced; the"
                    + " trigger rule does not match the job (first: %s)",
                kind.getValue().beforeTrigger().size(),
                kind.getKey(),
                kind.getValue().beforeTrigger().get(0)));
      }
      if (!kind.getValue().withoutTrigger().isEmpty()) {
        w.add(
            String.format(
                "%d %s were not decided by any replayed crossing (their decision time is past the"
                    + " last watermark the crossings drove), so they are not counted: the job emits"
                    + " them once the crossings input has been idle for its --idleness, because the"
                    + " control input never holds the watermark back (first: %s)",
                kind.getValue().withoutTrigger().size(),
                kind.getKey(),
                kind.getValue().withoutTrigger().get(0)));
      }
    }
    if (!unreadable.isEmpty()) {
      w.add(
          unreadable.size()
              + " output records could not be read (first: "
              + unreadable.get(0)
              + ")");
    }
    if (timedOut) {
      w.add("outputs were still coming at the deadline; later ones are missing (raise --timeout)");
    }
    return w;
  }

  /** The figures as lines for a terminal. */
  String text() {
    StringBuilder s = new StringBuilder();
    run.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-22s %s%n", k, v)));
    s.append(
        String.format(
            Locale.ROOT,
            "%n  %-40s %7s %8s %8s %8s %8s %8s%n",
            "latency, ms",
            "n",
            "p50",
            "p90",
            "p99",
            "p99.9",
            "max"));
    for (Map.Entry<String, Histogram> row : rows().entrySet()) {
      Histogram h = row.getValue();
      s.append(String.format(Locale.ROOT, "  %-40s %7d", row.getKey(), h.getTotalCount()));
      for (double p : PERCENTILES) {
        s.append(String.format(Locale.ROOT, " %8d", h.getValueAtPercentile(p)));
      }
      s.append(String.format(Locale.ROOT, " %8d%n", h.getMaxValue()));
    }
    for (String w : warnings()) {
      s.append("  WARNING: ").append(w).append(System.lineSeparator());
    }
    return s.toString();
  }

  /**
   * The figures as a markdown table with the run's settings above it, and under it the CDF plot
   * {@code cdfPlot} if there is one (a file name beside the markdown).
   */
  String markdown(Optional<String> cdfPlot) {
    StringBuilder s = new StringBuilder();
    run.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
    s.append("\n| latency, ms | n | p50 | p90 | p99 | p99.9 | max |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, Histogram> row : rows().entrySet()) {
      Histogram h = row.getValue();
      s.append("| ").append(row.getKey()).append(" | ").append(h.getTotalCount());
      for (double p : PERCENTILES) {
        s.append(" | ").append(h.getValueAtPercentile(p));
      }
      s.append(" | ").append(h.getMaxValue()).append(" |\n");
    }
    cdfPlot.ifPresent(
        file ->
            s.append("\n![latency CDF: share of outputs at or below each latency](")
                .append(file)
                .append(")\n"));
    List<String> w = warnings();
    if (!w.isEmpty()) {
      s.append('\n');
      w.forEach(line -> s.append("> **Warning:** ").append(line).append('\n'));
    }
    return s.toString();
  }

  /**
   * The figures as one JSON object, naming the CDF plot written beside it if any. Each figure
   * carries its whole histogram ({@code hdrHistogram}, see {@link EncodedHistograms}) for whoever
   * merges several runs.
   */
  String json(Optional<String> cdfPlot) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("run", run);
    cdfPlot.ifPresent(file -> root.put("latencyCdfPlot", file));
    Map<String, Object> figures = new LinkedHashMap<>();
    rows().forEach((name, h) -> figures.put(name, summary(h)));
    root.put("latencyMillis", figures);
    root.put("warnings", warnings());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
        + "\n";
  }

  /**
   * Writes markdown to a {@code .md} file, JSON to anything else, and the latency CDF beside it as
   * {@code <name>-cdf.png}, which the report names; no plot when nothing was measured.
   */
  void write(Path file) throws IOException {
    String name = file.getFileName().toString();
    boolean markdown = name.endsWith(".md");
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    String plotName = stem + "-cdf.png";
    Optional<String> plot =
        LatencyCdf.plot(
                file.resolveSibling(plotName),
                "Latency CDF, from the trigger crossing produced",
                rows())
            ? Optional.of(plotName)
            : Optional.empty();
    Files.writeString(file, markdown ? markdown(plot) : json(plot));
  }

  private Map<String, Histogram> rows() {
    Map<String, Histogram> rows = new LinkedHashMap<>();
    rows.put("alert produced → readable", latencies.alerts().readable());
    rows.put("alert produced → decided (detectedAt)", latencies.alerts().decided());
    latencies
        .alerts()
        .decidedByType()
        .forEach((type, h) -> rows.put("alert produced → decided, " + type, h));
    rows.put("reading produced → readable", latencies.readings().readable());
    return rows;
  }

  private static Map<String, Object> summary(Histogram h) {
    Map<String, Object> m = LatencyFigures.of(h, PERCENTILES);
    m.put("mean", Math.round(h.getMean()));
    m.put("hdrHistogram", EncodedHistograms.encode(h));
    return m;
  }
}
