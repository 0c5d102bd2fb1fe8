package org.corridorwatch.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A keyed test harness around the real CEP operator a detector put in the job graph, so harness
 * tests exercise the pattern the job runs rather than a copy of it.
 */
final class CepHarness {
  private CepHarness() {}

  /** The harness around the CEP operator with {@code uid} among the inputs of {@code union}. */
  static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> aroundInputOf(
      Transformation<?> union, String uid) throws Exception {
    return around(
        union.getInputs().stream().filter(t -> uid.equals(t.getUid())).findFirst().orElseThrow());
  }

  @SuppressWarnings("unchecked")
  static <IN, OUT> KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> around(
      Transformation<?> pattern) throws Exception {
    OneInputTransformation<IN, OUT> cep = (OneInputTransformation<IN, OUT>) pattern;
    assertThat(((SimpleOperatorFactory<OUT>) cep.getOperatorFactory()).getOperator())
        .isInstanceOf(CepOperator.class);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        cep.getOperatorFactory(),
        (KeySelector<IN, String>) cep.getStateKeySelector(),
        Types.STRING);
  }
}
