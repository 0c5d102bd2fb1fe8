package org.corridorwatch.bench;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram's figures as the benchmarks' JSON holds them: {@code count}, each percentile
 * asked for ({@code p50}, {@code p99_9}, ...), then {@code max}, in that order. The probe's report
 * and the Kafka report's merged runs both write them, and {@link BenchGoals} reads them back by
 * these names.
 */
public final class LatencyFigures {
  private LatencyFigures() {}

  public static Map<String, Object> of(Histogram h, double... percentiles) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("count", h.getTotalCount());
    for (double p : percentiles) {
      figures.put(name(p), h.getValueAtPercentile(p));
    }
    figures.put("max", h.getMaxValue());
    return figures;
  }

  /** {@code p50} for 50, {@code p99_9} for 99.9: a dot has no place in a JSON field's name. */
  static String name(double percentile) {
    String number = BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    return "p" + number.replace('.', '_');
  }
}
