package org.corridorwatch.bench.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A flame graph of a JFR recording's execution samples, as a self-contained SVG: each box a method,
 * as wide as the share of samples with it on the stack, its callers below it. Boxes are coloured by
 * where the code comes from (ours, Flink CEP, Flink state, the rest of Flink, Kafka, the JDK), so
 * where the job's time goes is visible at a glance; hovering a box gives its method and share.
 */
@Command(
    name = "flame-graph",
    description = "Writes an SVG flame graph of the execution samples in a JFR recording.")
public final class FlameGraph implements Callable<Integer> {
  private static final int WIDTH = 1200;
  private static final int ROW = 16;
  private static final int MAX_DEPTH = 96;

  @Option(names = "--jfr", required = true, paramLabel = "FILE", description = "The recording.")
  Path jfr;

  @Option(names = "--svg", required = true, paramLabel = "FILE", description = "Where to write.")
  Path svg;

  @Option(
      names = "--title",
      defaultValue = "corridor-analytics: where the CPU goes",
      description = "The graph's title. Default: ${DEFAULT-VALUE}.")
  String title;

  @Option(
      names = "--skip-thread",
      paramLabel = "NAME",
      description =
          "Leave out the samples of the thread of this name, e.g. main while it only generates a"
              + " benchmark's input; repeatable.")
  Set<String> skipThreads = Set.of();

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "Also write the hot methods, libraries and threads of the same samples here.")
  Path markdown;

  /** One method on the stack below its callers, with the samples that passed through it. */
  static final class Node {
    final String frame;
    long samples;
    final Map<String, Node> callees = new LinkedHashMap<>();

    Node(String frame) {
      this.frame = frame;
    }

    Node callee(String frame) {
      return callees.computeIfAbsent(frame, Node::new);
    }
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new FlameGraph(), args));
  }

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(jfr)) {
      System.err.println("flame-graph: no recording at " + jfr);
      return 2;
    }
    Node root = read(jfr, skipThreads);
    if (root.samples == 0) {
      System.err.println("flame-graph: " + jfr + " holds no execution samples");
      return 1;
    }
    Files.writeString(svg, render(root, title));
    if (markdown != null) {
      Files.writeString(markdown, HotMethods.markdown(jfr, skipThreads));
    }
    System.err.printf(
        Locale.ROOT, "flame-graph: %,d samples drawn to %s%n", root.samples, svg.toAbsolutePath());
    return 0;
  }

  /** The samples' stacks merged into one tree, callers first. */
  static Node read(Path recording, Set<String> skipThreads) throws IOException {
    Node root = new Node("all");
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || HotMethods.skipped(event, skipThreads)) {
          continue;
        }
        List<RecordedFrame> frames = stack.getFrames();
        root.samples++;
        Node at = root;
        // JFR lists the top frame first; a flame graph grows from the caller up
        for (int i = frames.size() - 1; i >= 0; i--) {
          RecordedFrame f = frames.get(i);
          at = at.callee(f.getMethod().getType().getName() + "." + f.getMethod().getName());
          at.samples++;
        }
      }
    }
    return root;
  }

  /** The SVG: one box per node, rows from the bottom, boxes narrower than a pixel left out. */
  static String render(Node root, String title) {
    int depth = Math.min(MAX_DEPTH, depthOf(root));
    int height = (depth + 3) * ROW;
    StringBuilder out = new StringBuilder();
    out.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " font-family=\"monospace\" font-size=\"11\">%n",
                WIDTH,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n")
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"14\">%s (%,d samples)</text>%n",
                8,
                ROW,
                escape(title),
                root.samples));
    List<Object[]> stack = new ArrayList<>();
    stack.add(new Object[] {root, 0.0, 0});
    double perSample = (double) WIDTH / root.samples;
    while (!stack.isEmpty()) {
      Object[] item = stack.remove(stack.size() - 1);
      Node node = (Node) item[0];
      double x = (double) item[1];
      int level = (int) item[2];
      double w = node.samples * perSample;
      if (w < 1 || level > depth) {
        continue;
      }
      int y = height - (level + 1) * ROW;
      String label =
          String.format(
              Locale.ROOT,
              "%s (%,d samples, %.1f%%)",
              node.frame,
              node.samples,
              100.0 * node.samples / root.samples);
      out.append(
          String.format(
              Locale.ROOT,
              "<g><title>%s</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\""
                  + " fill=\"%s\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>",
              escape(label),
              x,
              y,
              w,
              ROW - 1,
              colour(node.frame)));
      int chars = (int) ((w - 4) / 6.6);
      if (chars >= 3) {
        String text = shortName(node.frame);
        if (text.length() > chars) {
          text = text.substring(0, Math.max(1, chars - 2)) + "..";
        }
        out.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\">%s</text>",
                x + 2,
                y + ROW - 4,
                escape(text)));
      }
      out.append("</g>\n");
      double childX = x;
      for (Node callee : node.callees.values()) {
        stack.add(new Object[] {callee, childX, level + 1});
        childX += callee.samples * perSample;
      }
    }
    return out.append("</svg>\n").toString();
  }

  private static int depthOf(Node node) {
    int deepest = 0;
    for (Node callee : node.callees.values()) {
      deepest = Math.max(deepest, depthOf(callee));
    }
    return deepest + 1;
  }

  /** The class's simple name and the method: the package is in the tooltip. */
  private static String shortName(String frame) {
    int method = frame.lastIndexOf('.');
    int type = frame.lastIndexOf('.', method - 1);
    return type < 0 ? frame : frame.substring(type + 1);
  }

  /** Where the code comes from decides the colour; the legend is in the report. */
  static String colour(String frame) {
    if (frame.startsWith("org.corridorwatch.")) {
      return "#2e8b57"; // ours: green
    }
    if (frame.startsWith("org.apache.flink.cep.")) {
      return "#d2691e"; // Flink CEP: orange
    }
    if (frame.startsWith("org.apache.flink.runtime.state.")
        || frame.startsWith("org.apache.flink.streaming.api.operators.InternalTimer")) {
      return "#b8860b"; // state and timers: ochre
    }
    if (frame.startsWith("org.apache.flink.")) {
      return "#e9967a"; // the rest of Flink: salmon
    }
    if (frame.startsWith("org.apache.kafka.")) {
      return "#6a5acd"; // Kafka: slate blue
    }
    if (frame.startsWith("com.fasterxml.jackson.")) {
      return "#3cb371"; // Jackson, under our codec: light green
    }
    return "#c0c0c0"; // the JDK and everything else: grey
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
