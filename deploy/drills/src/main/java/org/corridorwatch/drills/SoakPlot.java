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
 * Renders the soak drill's samples as one PNG of three stacked panels sharing the time axis: heap
 * in use, checkpoint size and input lag. "Flat" is judged by eye and by the report's first and last
 * thirds, so the plot shows the raw samples, not a smoothed line.
 */
@Command(
    name = "soak-plot",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"Renders a soak CSV (SoakSampler) as a PNG."})
public final class SoakPlot implements Callable<Integer> {
  static final String HEADER = "seconds,heapUsedBytes,checkpointBytes,inputLagRecords";

  @Option(names = "--csv", paramLabel = "FILE", required = true, description = "The samples.")
  Path csv;

  @Option(names = "--png", paramLabel = "FILE", required = true, description = "The plot.")
  Path png;

  @Override
  public Integer call() throws IOException {
    render(csv, png);
    return 0;
  }

  /** Reads the CSV and writes the PNG. */
  public static void render(Path csv, Path png) throws IOException {
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      if (line.isBlank() || line.startsWith("seconds")) {
        continue;
      }
      String[] f = line.split(",");
      rows.add(
          new double[] {
            Double.parseDouble(f[0]) / 60,
            Double.parseDouble(f[1]) / (1 << 20),
            Double.parseDouble(f[2]) / (1 << 20),
            Double.parseDouble(f[3])
          });
    }
    if (rows.isEmpty()) {
      throw new IOException(csv + " holds no samples");
    }
    String[] titles = {
      "TaskManager heap in use (MiB, both TaskManagers)",
      "Last checkpoint size (MiB)",
      "Input lag (records past the last committed offsets)"
    };
    List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> charts = new ArrayList<>();
    for (int panel = 0; panel < 3; panel++) {
      XYChart chart =
          new XYChartBuilder()
              .width(900)
              .height(260)
              .title(titles[panel])
              .xAxisTitle("minutes")
              .build();
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setMarkerSize(3);
      double[] x = new double[rows.size()];
      double[] y = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        x[i] = rows.get(i)[0];
        y[i] = rows.get(i)[panel + 1];
      }
      chart
          .addSeries(titles[panel], x, y)
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      charts.add(chart);
    }
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(charts, 3, 1, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new SoakPlot(), args));
  }
}
