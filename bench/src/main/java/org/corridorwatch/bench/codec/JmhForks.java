package org.corridorwatch.bench.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The codec's figure as the other benchmarks give theirs: each JMH fork is one run (a JVM of its
 * own, warmed up apart), and a benchmark's figure is the median of its forks' means with their min
 * and max. JMH's own score is the mean of every iteration with a confidence interval, which says
 * less about how far one JVM differs from the next.
 */
@Command(
    name = "jmh-forks",
    description = "Median, min and max over the forks of a JMH JSON result, as a markdown table.")
public final class JmhForks implements Callable<Integer> {
  /** P7: one border crossing read off the wire in at most this many nanoseconds. */
  static final double CODEC_GOAL_NANOS = 400;

  static final String CODEC = "corridorCodec";

  @Option(names = "--json", required = true, paramLabel = "FILE", description = "JMH -rf json.")
  private Path json;

  @Override
  public Integer call() throws IOException {
    System.out.print(markdown(new ObjectMapper().readTree(json.toFile())));
    return 0;
  }

  /** One benchmark's forks: how many, and the median, min and max of their means, in ns. */
  public record Figure(String method, int forks, double median, double min, double max) {
    public boolean isCodec() {
      return method.equals(CODEC);
    }

    public boolean meetsGoal() {
      return median <= CODEC_GOAL_NANOS;
    }
  }

  /** Each benchmark of a JMH JSON result, in its order there. */
  public static List<Figure> figures(JsonNode results) {
    List<Figure> figures = new ArrayList<>();
    for (JsonNode result : results) {
      String name = result.path("benchmark").asText();
      List<Double> means = new ArrayList<>();
      for (JsonNode fork : result.path("primaryMetric").path("rawData")) {
        double sum = 0;
        for (JsonNode iteration : fork) {
          sum += iteration.asDouble();
        }
        means.add(sum / Math.max(1, fork.size()));
      }
      means.sort(Double::compare);
      double median =
          means.size() % 2 == 1
              ? means.get(means.size() / 2)
              : (means.get(means.size() / 2 - 1) + means.get(means.size() / 2)) / 2;
      figures.add(
          new Figure(
              name.substring(name.lastIndexOf('.') + 1),
              means.size(),
              median,
              means.get(0),
              means.get(means.size() - 1)));
    }
    return figures;
  }

  static String markdown(JsonNode results) {
    StringBuilder s =
        new StringBuilder(
            "| benchmark | forks | ns per record: median (min, max) of the forks' means | goal |\n"
                + "|---|---:|---|---|\n");
    for (Figure f : figures(results)) {
      String goal =
          f.isCodec()
              ? String.format(
                  Locale.ROOT,
                  "≤ %.0f ns: %s",
                  CODEC_GOAL_NANOS,
                  f.meetsGoal() ? "met" : "**missed**")
              : "";
      s.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %d | %.0f (min %.0f, max %.0f) | %s |%n",
              f.method(),
              f.forks(),
              f.median(),
              f.min(),
              f.max(),
              goal));
    }
    return s.toString();
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new JmhForks(), args));
  }
}
