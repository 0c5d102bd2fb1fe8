package org.corridorwatch.jobs.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * Turns each run a {@link ConsecutiveRun} pattern matched into one {@link AlertSignal}, with what
 * every such function needs: one JSON mapper per operator instance for the evidence, and the
 * catalogue for ports' names.
 */
abstract class RunFinder<IN> extends PatternProcessFunction<IN, AlertSignal> {
  private static final long serialVersionUID = 1L;

  protected transient ObjectMapper json;
  protected transient CorridorCatalogue catalogue;

  @Override
  public void open(OpenContext context) {
    json = new ObjectMapper();
    catalogue = CorridorCatalogue.standard();
  }

  @Override
  public final void processMatch(
      Map<String, List<IN>> match, Context ctx, Collector<AlertSignal> out) throws Exception {
    out.collect(signal(ConsecutiveRun.readingsOf(match)));
  }

  /** The finding of one matched run, its readings in order. */
  abstract AlertSignal signal(List<IN> run) throws Exception;
}
