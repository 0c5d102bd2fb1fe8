package org.corridorwatch.drills;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.corridorwatch.cli.CommandLines;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders the soak drill's samples as one PNG of four stacked panels sharing the time axis: each
 * TaskManager's heap after a full collection, the checkpoint size, the input lag and the readings'
 * p99 end-to-end latency; and judges each series ({@link SoakVerdict}). The plot shows the raw
 * samples, not a smoothed line.
 */
@Command(
    name = "soak-plot",
    description = {"Renders a soak CSV (SoakSampler) as a PNG and judges it."})
public final class SoakPlot implements Callable<Integer> {
  private static final String HEAP = "heapAfterFullGcBytes:";
  private static final String[] TAIL = {
    "checkpointBytes", "inputLagRecords", "readingLatencyP99Ms", "readings"
  };

  @Option(names = "--csv", paramLabel = "FILE", required = true, description = "The samples.")
  Path csv;

  @Option(names = "--png", paramLabel = "FILE", required = true, description = "The plot.")
  Path png;

  @Option(names = "--verdict", paramLabel = "FILE", description = "Also judge it, into FILE.")
  Path verdict;

  @Override
  public Integer call() throws IOException {
    render(csv, png);
    if (verdict != null) {
      judge(csv, verdict);
    }
    return 0;
  }

  /** The CSV's first line for these TaskManagers. */
  static String header(List<String> taskmanagers) {
    StringBuilder h = new StringBuilder("seconds");
    taskmanagers.forEach(n -> h.append(',').append(HEAP).append(n));
    for (String t : TAIL) {
      h.append(',').append(t);
    }
    return h.toString();
  }

  /** A soak CSV: its column names and every row, a blank cell as NaN. */
  record Samples(List<String> columns, List<double[]> rows) {
    /** {seconds, value} of one column, blanks left out, scaled. */
    List<double[]> series(int column, double scale) {
      List<double[]> points = new ArrayList<>();
      for (double[] r : rows) {
        if (!Double.isNaN(r[column])) {
          points.add(new double[] {r[0], r[column] * scale});
        }
      }
      return points;
    }

    double seconds() {
      return rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[0];
    }
  }

  static Samples read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty() || !lines.get(0).startsWith("seconds,")) {
      throw new IOException(csv + " is not a soak CSV (no header)");
    }
    List<String> columns = List.of(lines.get(0).split(","));
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      double[] row = new double[columns.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = i < f.length && !f[i].isEmpty() ? Double.parseDouble(f[i]) : Double.NaN;
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IOException(csv + " holds no samples");
    }
    return new Samples(columns, rows);
  }

  /** Reads the CSV and writes the PNG. */
  public static void render(Path csv, Path png) throws IOException {
    Samples samples = read(csv);
    String[] titles = {
      "TaskManager heap after a full collection (MiB)",
      "Last checkpoint size (MiB)",
      "Input lag (records past the last committed offsets)",
      "Utilisation readings: p99 end-to-end latency per sample (s)"
    };
    List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = new ArrayList<>();
    for (int panel = 0; panel < titles.length; panel++) {
      XYChart chart =
          new XYChartBuilder()
              .width(900)
              .height(240)
              .title(titles[panel])
              .xAxisTitle("minutes")
              .build();
      chart.getStyler().setLegendVisible(panel == 0);
      chart.getStyler().setMarkerSize(4);
      for (int column : panelColumns(samples.columns(), panel)) {
        List<double[]> points = samples.series(column, scale(samples.columns().get(column)));
        if (points.isEmpty()) {
          continue;
        }
        double[] x = points.stream().mapToDouble(q -> q[0] / 60).toArray();
        double[] y = points.stream().mapToDouble(q -> q[1]).toArray();
        String name = samples.columns().get(column).replace(HEAP, "");
        chart
            .addSeries(name, x, y)
            .setXYSeriesRenderStyle(
                panel == 0
                    ? XYSeries.XYSeriesRenderStyle.Scatter
                    : XYSeries.XYSeriesRenderStyle.Line);
      }
      charts.add(chart);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(
        charts, titles.length, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Judges every series of the CSV and writes PASS or FAIL, then one line per series. */
  static boolean judge(Path csv, Path verdict) throws IOException {
    Samples samples = read(csv);
    List<String> lines = new ArrayList<>();
    boolean flat = true;
    for (int panel = 0; panel < 4; panel++) {
      for (int column : panelColumns(samples.columns(), panel)) {
        String name = samples.columns().get(column);
        SoakVerdict.Judgement j =
            SoakVerdict.judge(name, samples.series(column, 1), samples.seconds());
        flat &= j.flat();
        lines.add(j.describe());
      }
    }
    lines.add(0, flat ? "PASS" : "FAIL");
    Files.write(verdict, lines);
    return flat;
  }

  private static List<Integer> panelColumns(List<String> columns, int panel) {
    List<Integer> found = new ArrayList<>();
    for (int i = 1; i < columns.size(); i++) {
      String c = columns.get(i);
      boolean match =
          switch (panel) {
            case 0 -> c.startsWith(HEAP);
            case 1 -> c.equals("checkpointBytes");
            case 2 -> c.equals("inputLagRecords");
            default -> c.equals("readingLatencyP99Ms");
          };
      if (match) {
        found.add(i);
      }
    }
    return found;
  }

  private static double scale(String column) {
    if (column.endsWith("Bytes") || column.startsWith(HEAP)) {
      return 1.0 / (1 << 20);
    }
    return column.endsWith("Ms") ? 1.0 / 1000 : 1;
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new SoakPlot(), args));
  }
}
