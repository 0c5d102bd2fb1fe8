package org.corridorwatch.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Writes {@code docs/reliability.md} from the drills' result files: one table row per drill (runs,
 * lost, duplicated, rewritten, recovery min/median/max, verdict, notes), the soak plot, the machine
 * and the command that produced it. {@code run-all.sh} calls it; the figures are the drills' own.
 */
@Command(
    name = "reliability-report",
    description = {"Writes the reliability report (Markdown) from drill result files."})
public final class ReliabilityReport implements Callable<Integer> {
  @Parameters(paramLabel = "RESULT", description = "Drill result files (--results of a drill).")
  List<Path> results = new ArrayList<>();

  @Option(names = "--out", paramLabel = "FILE", required = true, description = "The report.")
  Path out;

  @Option(names = "--machine", paramLabel = "TEXT", required = true, description = "Machine line.")
  String machine;

  @Option(names = "--command", paramLabel = "TEXT", required = true, description = "Command line.")
  String command;

  @Option(
      names = "--plot",
      paramLabel = "PATH",
      description = "The soak plot, relative to the report. Default: none.")
  String plot;

  @Override
  public Integer call() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    StringBuilder md = new StringBuilder();
    md.append("# Reliability: fault drills\n\n")
        .append(
            "Written by `deploy/drills/run-all.sh`; every figure below is measured by the drill")
        .append(" named, on a real standalone Flink cluster (JobManager and two TaskManagers as")
        .append(" separate processes) with a real Kafka broker process, and every output topic is")
        .append(" checked against the replay's known answers with `read_committed`")
        .append(
            " (`DrillVerifier`). See [deploy/drills/README.md](../deploy/drills/README.md).\n\n")
        .append("- Machine: ")
        .append(machine)
        .append("\n- Command: `")
        .append(command)
        .append("`\n\n")
        .append(
            "| drill | runs | lost | duplicated | rewritten | recovery s (min / median / max) |")
        .append(" verdict | notes |\n|---|---|---|---|---|---|---|---|\n");
    int failed = 0;
    for (Path file : results) {
      if (!Files.isReadable(file)) {
        throw new CommandFailure(file + " cannot be read");
      }
      JsonNode r = mapper.readTree(file.toFile());
      List<Double> recovery = new ArrayList<>();
      r.path("recoverySeconds").forEach(n -> recovery.add(n.asDouble()));
      String verdict = r.path("verdict").asText("FAIL");
      if (!verdict.equals("PASS")) {
        failed++;
      }
      md.append("| ")
          .append(r.path("drill").asText(file.getFileName().toString()))
          .append(" | ")
          .append(r.path("runs").asText())
          .append(" | ")
          .append(orDash(r.path("lost")))
          .append(" | ")
          .append(orDash(r.path("duplicated")))
          .append(" | ")
          // results written before the count existed have none: a dash, not a zero
          .append(orDash(r.path("rewritten")))
          .append(" | ")
          .append(spread(recovery))
          .append(" | **")
          .append(verdict)
          .append("** | ")
          .append(r.path("notes").asText().replace("|", "/"))
          .append(" |\n");
    }
    if (plot != null) {
      md.append("\n## Soak\n\n![soak: heap, checkpoint size, input lag](")
          .append(plot)
          .append(")\n");
    }
    Files.writeString(out, md.toString());
    System.out.println("reliability-report: " + results.size() + " drills, " + failed + " failed");
    return 0;
  }

  private static String orDash(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "–" : n.asText();
  }

  /** min / median / max, or a dash when the drill measures no recovery. */
  static String spread(List<Double> seconds) {
    if (seconds.isEmpty()) {
      return "–";
    }
    List<Double> sorted = new ArrayList<>(seconds);
    sorted.sort(Double::compare);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return String.format(
        Locale.ROOT, "%.1f / %.1f / %.1f", sorted.get(0), median, sorted.get(n - 1));
  }

  public static void main(String[] args) {
    System.exit(CommandLines.run(new ReliabilityReport(), args));
  }
}
