package org.corridorwatch.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The flame graph's drawing: widths follow samples, callees sit above callers, colours by code. */
class FlameGraphTest {
  private static FlameGraph.Node tree() {
    FlameGraph.Node root = new FlameGraph.Node("all");
    root.samples = 4;
    FlameGraph.Node task = root.callee("org.apache.flink.runtime.taskmanager.Task.run");
    task.samples = 4;
    FlameGraph.Node cep = task.callee("org.apache.flink.cep.operator.CepOperator.onEventTime");
    cep.samples = 3;
    FlameGraph.Node ours = task.callee("org.corridorwatch.jobs.dedup.Deduplicate.processElement");
    ours.samples = 1;
    return root;
  }

  private static double widthOf(String svg, String frame) {
    Matcher m =
        Pattern.compile(
                "<title>"
                    + Pattern.quote(frame)
                    + " [^<]*</title><rect x=\"[^\"]*\" y=\"[^\"]*\""
                    + " width=\"([0-9.]+)\"")
            .matcher(svg);
    assertThat(m.find()).as("a box for " + frame).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void eachBoxIsAsWideAsItsShareOfSamples() {
    String svg = FlameGraph.render(tree(), "test");

    assertThat(widthOf(svg, "all")).isEqualTo(1200.0);
    assertThat(widthOf(svg, "org.apache.flink.cep.operator.CepOperator.onEventTime"))
        .isEqualTo(900.0);
    assertThat(widthOf(svg, "org.corridorwatch.jobs.dedup.Deduplicate.processElement"))
        .isEqualTo(300.0);
    assertThat(svg).contains("CepOperator.onEventTime (3 samples, 75.0%)");
  }

  @Test
  void aCalleeIsDrawnOneRowAboveItsCaller() {
    String svg = FlameGraph.render(tree(), "test");
    Matcher task =
        Pattern.compile("Task\\.run \\([^<]*</title><rect x=\"[^\"]*\" y=\"(\\d+)\"").matcher(svg);
    Matcher cep =
        Pattern.compile("onEventTime \\([^<]*</title><rect x=\"[^\"]*\" y=\"(\\d+)\"").matcher(svg);
    assertThat(task.find() && cep.find()).isTrue();
    assertThat(Integer.parseInt(cep.group(1))).isLessThan(Integer.parseInt(task.group(1)));
  }

  @Test
  void coloursSayWhereTheCodeComesFrom() {
    assertThat(FlameGraph.colour("org.corridorwatch.jobs.X.y"))
        .isNotEqualTo(FlameGraph.colour("org.apache.flink.cep.nfa.NFA.process"))
        .isNotEqualTo(FlameGraph.colour("java.util.HashMap.get"));
    assertThat(FlameGraph.colour("org.apache.flink.runtime.state.heap.StateTable.get"))
        .isEqualTo(
            FlameGraph.colour("org.apache.flink.runtime.state.heap.CopyOnWriteStateMap.get"));
  }
}
