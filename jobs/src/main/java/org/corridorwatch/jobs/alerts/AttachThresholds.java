package org.corridorwatch.jobs.alerts;

import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.PortUtilisation;

/**
 * Pairs each utilisation reading with the thresholds in force for its port at its window end. Not
 * keyed: it keeps no per-port state, and it sits right after the keyed utilisation operator with
 * the same parallelism, so each port's readings keep their order.
 */
public final class AttachThresholds
    extends BroadcastProcessFunction<PortUtilisation, ControlRecord, JudgedReading> {
  private static final long serialVersionUID = 1L;
  private final AlertThresholds start;

  /**
   * @param start the thresholds the job's options set, in force until a record changes them
   */
  public AttachThresholds(AlertThresholds start) {
    this.start = start;
  }

  @Override
  public void processElement(
      PortUtilisation reading, ReadOnlyContext ctx, Collector<JudgedReading> out) throws Exception {
    AlertThresholds t =
        ThresholdsInForce.at(
            ctx.getBroadcastState(ThresholdsInForce.CHANGES),
            reading.portId(),
            reading.windowEndMillis(),
            start);
    out.collect(new JudgedReading(reading, t));
  }

  @Override
  public void processBroadcastElement(
      ControlRecord control, Context ctx, Collector<JudgedReading> out) throws Exception {
    ThresholdsInForce.apply(ctx.getBroadcastState(ThresholdsInForce.CHANGES), control);
  }
}
