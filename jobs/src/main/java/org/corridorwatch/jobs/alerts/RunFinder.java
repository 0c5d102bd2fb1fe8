package org.corridorwatch.jobs.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * What every CEP pattern function that turns a matched run into an {@link AlertSignal} needs: one
 * JSON mapper per operator instance for the evidence, and the catalogue for ports' names.
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
}
