package org.corridorwatch.bench.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes the in-process throughput report: a markdown file with the machine it ran on, one table
 * row per variant, and a PNG bar chart per comparison beside it; and the same figures as JSON
 * ({@code <name>-in-process.json}).
 */
final class ThroughputReport {
  private ThroughputReport() {}

  /** Cores, memory and JVM of this machine, for the report's first line. */
  static String machine() {
    long memory =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return String.format(
        Locale.ROOT,
        "%d cores, %.1f GiB memory, %s %s (max heap %.1f GiB)",
        Runtime.getRuntime().availableProcessors(),
        memory / (double) (1L << 30),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory() / (double) (1L << 30));
  }

  /** The table, one row per variant; a measured variant's row carries its comparison's verdict. */
  static String table(List<Comparison> comparisons) {
    StringBuilder out =
        new StringBuilder(
            "| variant | events | median events/s | min | max | ratio | goal | verdict |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Comparison c : comparisons) {
      row(out, c.baseline(), "", "", "baseline");
      row(
          out,
          c.measured(),
          String.format(Locale.ROOT, "%.2f", c.ratio()),
          String.format(Locale.ROOT, "≥ %s", trim(c.goal())),
          c.met() ? "met" : "not met");
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Throughput t, String ratio, String goal, String v) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %,.0f | %,.0f | %,.0f | %s | %s | %s |%n",
            t.variant(),
            t.events(),
            t.median(),
            t.min(),
            t.max(),
            ratio,
            goal,
            v));
  }

  private static String trim(double goal) {
    return goal == Math.rint(goal) ? String.valueOf((long) goal) : String.valueOf(goal);
  }

  /**
   * Writes {@code <name>.md} and one {@code <name>-<comparison>.png} per comparison into {@code
   * dir}.
   *
   * @return the markdown file
   */
  static Path write(Path dir, String name, String settings, List<Comparison> comparisons)
      throws IOException {
    Files.createDirectories(dir);
    List<String> charts = new ArrayList<>();
    for (Comparison c : comparisons) {
      String file = name + "-" + slug(c.name()) + ".png";
      chart(c).save(dir.resolve(file));
      charts.add("![" + c.name() + "](" + file + ")");
    }
    String md =
        "# In-process throughput, "
            + name
            + "\n\n"
            + "Machine: "
            + machine()
            + ".\n\n"
            + settings
            + "\n\n"
            + table(comparisons)
            + "\n"
            + String.join("\n", charts)
            + "\n";
    Path report = dir.resolve(name + ".md");
    Files.writeString(report, md);
    Files.writeString(
        dir.resolve(name + "-in-process.json"),
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json(comparisons))
            + "\n");
    return report;
  }

  /** Every comparison with its two variants' figures, for whoever gathers the goals. */
  static Map<String, Object> json(List<Comparison> comparisons) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Comparison c : comparisons) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("goal", c.goal());
      m.put("ratio", c.ratio());
      m.put("met", c.met());
      m.put("measured", json(c.measured()));
      m.put("baseline", json(c.baseline()));
      all.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine());
    root.put("comparisons", all);
    return root;
  }

  private static Map<String, Object> json(Throughput t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("variant", t.variant());
    m.put("events", t.events());
    m.put("median", t.median());
    m.put("min", t.min());
    m.put("max", t.max());
    m.put("runs", t.eventsPerSecond().length);
    return m;
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  /** A bar chart of one comparison: median events/s per variant. */
  private static Chart chart(Comparison c) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(720)
            .height(420)
            .title(c.name() + String.format(Locale.ROOT, " (ratio %.2f)", c.ratio()))
            .xAxisTitle("variant")
            .yAxisTitle("median events/s")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setChartTitleBoxVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.addSeries(
        "median events/s",
        List.of(c.baseline().variant(), c.measured().variant()),
        List.of(c.baseline().median(), c.measured().median()));
    return file -> BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A chart that can be saved as a PNG file. */
  interface Chart {
    void save(Path file) throws IOException;
  }
}
