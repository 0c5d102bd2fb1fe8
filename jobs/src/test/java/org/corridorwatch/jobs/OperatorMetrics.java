package org.corridorwatch.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobID;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.AbstractMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/**
 * Real Flink metric groups for operator test harnesses, recording every metric an operator
 * registers together with the logical scope and variables a reporter sees.
 *
 * <p>A harness's default metric group discards what is registered under sub-groups, so counters
 * under {@code corridorwatch} could not be read back. With these groups a test reads a counter the
 * way Prometheus names it: logical scope below the operator, metric name, and labels from key/value
 * groups.
 */
public final class OperatorMetrics {
  private static final String OPERATOR_SCOPE = "taskmanager.job.task.operator.";

  private record Registered(String name, Map<String, String> variables, Metric metric) {}

  private final List<Registered> registered = new CopyOnWriteArrayList<>();
  private final TaskMetricGroup task;

  public OperatorMetrics() {
    TestingMetricRegistry registry =
        TestingMetricRegistry.builder()
            .setRegisterConsumer(
                (metric, name, group) ->
                    registered.add(
                        new Registered(
                            scopeBelowOperator(group) + name, group.getAllVariables(), metric)))
            .build();
    task =
        TaskManagerMetricGroup.createTaskManagerMetricGroup(
                registry, "127.0.0.1", ResourceID.generate())
            .addJob(new JobID(), "metrics-test")
            .addTask(ExecutionAttemptID.randomId(), "metrics-test-task");
  }

  private static String scopeBelowOperator(AbstractMetricGroup<?> group) {
    String scope = group.getLogicalScope(s -> s, '.') + ".";
    return scope.startsWith(OPERATOR_SCOPE) ? scope.substring(OPERATOR_SCOPE.length()) : scope;
  }

  /** An environment for a harness whose operator registers its metrics here. */
  public MockEnvironment environment() {
    return new MockEnvironmentBuilder().setMetricGroup(task).build();
  }

  /**
   * The count of the one counter called {@code name} (e.g. {@code corridorwatch.duplicates}) with
   * these labels.
   *
   * @param labels key, value, key, value ... of the key/value groups, e.g. {@code "reason", "LATE"}
   * @throws AssertionError if no counter or more than one matches
   */
  public long count(String name, String... labels) {
    List<Registered> matches =
        registered.stream()
            .filter(r -> r.name().equals(name) && hasLabels(r.variables(), labels))
            .toList();
    if (matches.size() != 1 || !(matches.get(0).metric() instanceof Counter counter)) {
      throw new AssertionError(
          matches.size()
              + " counters "
              + name
              + " with labels "
              + List.of(labels)
              + "; registered: "
              + registered.stream().map(Registered::name).distinct().toList());
    }
    return counter.getCount();
  }

  private static boolean hasLabels(Map<String, String> variables, String... labels) {
    for (int i = 0; i + 1 < labels.length; i += 2) {
      if (!labels[i + 1].equals(variables.get("<" + labels[i] + ">"))) {
        return false;
      }
    }
    return true;
  }
}
