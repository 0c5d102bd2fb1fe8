package org.corridorwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cumulative distribution of latencies held in an HdrHistogram, as points and as a PNG plot: x
 * the latency in milliseconds on a log scale (readings wait for a checkpoint, alerts may not, so
 * the lines lie a decade or more apart), y the share of outputs at or below it.
 */
public final class LatencyCdf {
  /**
   * One step of the distribution.
   *
   * @param latencyMillis the highest latency the histogram holds as equivalent to a recorded one
   *     (exact below 2,048 ms at three significant digits)
   * @param fractionAtOrBelow the share of all samples at or below {@code latencyMillis}, 0 to 1
   */
  public record Point(long latencyMillis, double fractionAtOrBelow) {}

  private LatencyCdf() {}

  /**
   * One point per distinct recorded value, in increasing latency; none for an empty histogram.
   * Recorded values, not percentile steps: the few samples of a short run (ten alerts) each show as
   * their own step instead of being interpolated.
   */
  public static List<Point> of(Histogram histogram) {
    List<Point> points = new ArrayList<>();
    long total = histogram.getTotalCount();
    if (total == 0) {
      return points;
    }
    for (HistogramIterationValue v : histogram.recordedValues()) {
      points.add(new Point(v.getValueIteratedTo(), (double) v.getTotalCountToThisValue() / total));
    }
    return points;
  }

  /**
   * Plots one line per histogram that has samples above 0 ms, labelled with its name and count.
   *
   * @return false, writing nothing, when no histogram has any: an empty chart says nothing
   */
  public static boolean plot(Path png, String title, Map<String, Histogram> lines)
      throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(520)
            .title(title)
            .xAxisTitle("latency, ms (log scale)")
            .yAxisTitle("% of outputs at or below")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,###");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(100.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setChartTitleBoxVisible(false);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    boolean any = false;
    double least = Double.MAX_VALUE;
    double most = 0;
    for (Map.Entry<String, Histogram> line : lines.entrySet()) {
      double[][] steps = steps(of(line.getValue()));
      if (steps[0].length == 0) {
        continue;
      }
      least = Math.min(least, steps[0][0]);
      most = Math.max(most, steps[0][steps[0].length - 1]);
      chart
          .addSeries(
              line.getKey() + " (n = " + line.getValue().getTotalCount() + ")", steps[0], steps[1])
          .setMarker(SeriesMarkers.NONE);
      any = true;
    }
    if (any) {
      // whole decades: the log axis labels only powers of ten, so an axis from 450 to 8,700 ms,
      // as runs with a checkpoint wait span, would carry no label at all
      chart.getStyler().setXAxisMin(Math.pow(10, Math.floor(Math.log10(least))));
      chart.getStyler().setXAxisMax(Math.pow(10, Math.floor(Math.log10(most)) + 1));
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
    return any;
  }

  /**
   * The points as a staircase, x then y in percent: flat up to each recorded latency, then up by
   * its share, as a distribution of whole samples is. A log axis cannot show 0 ms, so samples of 0
   * ms start the first step instead of drawing one.
   */
  static double[][] steps(List<Point> points) {
    List<double[]> xy = new ArrayList<>();
    double below = 0;
    for (Point p : points) {
      if (p.latencyMillis() > 0) {
        xy.add(new double[] {p.latencyMillis(), 100 * below});
        xy.add(new double[] {p.latencyMillis(), 100 * p.fractionAtOrBelow()});
      }
      below = p.fractionAtOrBelow();
    }
    double[][] out = new double[2][xy.size()];
    for (int i = 0; i < xy.size(); i++) {
      out[0][i] = xy.get(i)[0];
      out[1][i] = xy.get(i)[1];
    }
    return out;
  }
}
