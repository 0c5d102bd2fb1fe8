package org.corridorwatch.jobs.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.util.Collector;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortUtilisation;

/**
 * {@code SUSTAINED_OVERLOAD}, found with Flink CEP on the port utilisation readings, in the same
 * job graph (no Kafka round trip between a reading and its alert).
 *
 * <p>Three patterns run on each port's readings: N consecutive readings above the overload level, N
 * above the severe level, N below the clear level. "Consecutive" is strict, so a reading in between
 * breaks a run; that is the hysteresis. After a match the next run starts after its last reading,
 * so a long overload yields one finding per N readings, which {@link AlertEpisodes} folds into one
 * episode. Each pattern holds at most N-1 readings of partial match per port.
 */
public final class SustainedOverload {
  private SustainedOverload() {}

  /** The findings for {@code readings}, keyed by port. */
  public static DataStream<AlertSignal> signals(
      KeyedStream<PortUtilisation, String> readings, OverloadThresholds t) {
    DataStream<AlertSignal> over =
        run(
            readings,
            t,
            Finding.OVER,
            "overload-run",
            "Sustained overload: " + t.readings() + " over " + t.overload());
    DataStream<AlertSignal> severe =
        run(
            readings,
            t,
            Finding.SEVERE,
            "severe-run",
            "Sustained overload: " + t.readings() + " over " + t.severe());
    DataStream<AlertSignal> clear =
        run(
            readings,
            t,
            Finding.CLEAR,
            "clear-run",
            "Sustained overload: " + t.readings() + " under " + t.clear());
    return over.union(severe, clear);
  }

  private static DataStream<AlertSignal> run(
      KeyedStream<PortUtilisation, String> readings,
      OverloadThresholds t,
      Finding finding,
      String uid,
      String name) {
    Pattern<PortUtilisation, PortUtilisation> pattern =
        Pattern.<PortUtilisation>begin("run", AfterMatchSkipStrategy.skipPastLastEvent())
            .where(SimpleCondition.of(reading -> finding.matches(t, reading)))
            .times(t.readings())
            .consecutive();
    return CEP.pattern(readings, pattern)
        .process(new RunToSignal(finding, t))
        .returns(AlertSignal.class)
        .uid(uid)
        .name(name);
  }

  /** Which run a pattern looks for. */
  enum Finding {
    OVER,
    SEVERE,
    CLEAR;

    boolean matches(OverloadThresholds t, PortUtilisation u) {
      long trips = u.trips();
      long max = u.designedTripsPerDayMax();
      return switch (this) {
        case OVER -> t.overload().exceededBy(trips, max);
        case SEVERE -> t.severe().exceededBy(trips, max);
        case CLEAR -> t.clear().notReachedBy(trips, max);
      };
    }
  }

  /** Turns a matched run of readings into a finding with its evidence. */
  static final class RunToSignal extends RunFinder<PortUtilisation> {
    private static final long serialVersionUID = 1L;
    private final Finding finding;
    private final OverloadThresholds thresholds;

    RunToSignal(Finding finding, OverloadThresholds thresholds) {
      this.finding = finding;
      this.thresholds = thresholds;
    }

    @Override
    public void processMatch(
        Map<String, List<PortUtilisation>> match, Context ctx, Collector<AlertSignal> out)
        throws Exception {
      List<PortUtilisation> run = match.get("run");
      PortUtilisation first = run.get(0);
      PortUtilisation last = run.get(run.size() - 1);
      String port = first.portId();
      UtilisationLevel level =
          switch (finding) {
            case OVER -> thresholds.overload();
            case SEVERE -> thresholds.severe();
            case CLEAR -> thresholds.clear();
          };
      ObjectNode evidence = json.createObjectNode();
      evidence.put("level", level.value());
      evidence.put("readings", run.size());
      ArrayNode readings = evidence.putArray("windows");
      for (PortUtilisation u : run) {
        readings
            .addObject()
            .put("windowEnd", Instant.ofEpochMilli(u.windowEndMillis()).toString())
            .put("trips", u.trips())
            .put("designedTripsPerDayMax", u.designedTripsPerDayMax())
            .put("utilisation", u.utilisation());
      }
      String name = catalogue.port(port).name();
      long percent = last.utilisation().movePointRight(2).longValue();
      String message =
          finding == Finding.CLEAR
              ? String.format(
                  "%s back under %s%% of designed capacity for %d readings (now %d%%)",
                  name,
                  level.value().movePointRight(2).stripTrailingZeros().toPlainString(),
                  run.size(),
                  percent)
              : String.format(
                  "%s at %d%% of designed capacity, over %s%% for %d readings",
                  name,
                  percent,
                  level.value().movePointRight(2).stripTrailingZeros().toPlainString(),
                  run.size());
      out.collect(
          new AlertSignal(
              AlertType.SUSTAINED_OVERLOAD,
              port,
              finding != Finding.CLEAR,
              finding == Finding.SEVERE ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
              first.windowEndMillis(),
              last.windowEndMillis() - 1,
              message,
              json.writeValueAsString(evidence)));
    }
  }
}
