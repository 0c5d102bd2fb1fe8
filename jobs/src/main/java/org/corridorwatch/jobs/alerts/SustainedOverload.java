package org.corridorwatch.jobs.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.UtilisationLevel;

/**
 * {@code SUSTAINED_OVERLOAD}, found with Flink CEP on the port utilisation readings, in the same
 * job graph (no Kafka round trip between a reading and its alert).
 *
 * <p>Three patterns run on each port's readings: N consecutive readings above the overload level, N
 * above the severe level, N below the clear level. "Consecutive" is strict, so a reading in between
 * breaks a run; that is the hysteresis. After a match the next run starts after its last reading,
 * so a long overload yields one finding per N readings, which {@link AlertEpisodes} folds into one
 * episode. Levels and N are those in force at each reading's time ({@link JudgedReading}), so a
 * {@code THRESHOLDS} control record changes them while the job runs; see {@link ConsecutiveRun}.
 */
public final class SustainedOverload {
  private SustainedOverload() {}

  /** The findings for {@code readings}, keyed by port. */
  public static DataStream<AlertSignal> signals(KeyedStream<JudgedReading, String> readings) {
    DataStream<AlertSignal> over =
        run(readings, Finding.OVER, "overload-run", "Sustained overload: run over the level");
    DataStream<AlertSignal> severe =
        run(
            readings,
            Finding.SEVERE,
            "severe-run",
            "Sustained overload: run over the severe level");
    DataStream<AlertSignal> clear =
        run(readings, Finding.CLEAR, "clear-run", "Sustained overload: run under the clear level");
    return over.union(severe, clear);
  }

  private static DataStream<AlertSignal> run(
      KeyedStream<JudgedReading, String> readings, Finding finding, String uid, String name) {
    Pattern<JudgedReading, JudgedReading> pattern =
        ConsecutiveRun.of(finding::matches, r -> r.thresholds().overloadReadings());
    // in arrival order, not event time: see ConsecutiveRun#inArrivalOrder
    return ConsecutiveRun.inArrivalOrder(CEP.pattern(readings, pattern))
        .process(new RunToSignal(finding))
        .returns(AlertSignal.class)
        .uid(uid)
        .name(name);
  }

  /** Which run a pattern looks for. */
  enum Finding {
    OVER,
    SEVERE,
    CLEAR;

    UtilisationLevel level(AlertThresholds t) {
      return switch (this) {
        case OVER -> t.overloadLevel();
        case SEVERE -> t.severeLevel();
        case CLEAR -> t.clearLevel();
      };
    }

    boolean matches(JudgedReading judged) {
      PortUtilisation u = judged.reading();
      UtilisationLevel level = level(judged.thresholds());
      return this == CLEAR
          ? level.notReachedBy(u.trips(), u.designedTripsPerDayMax())
          : level.exceededBy(u.trips(), u.designedTripsPerDayMax());
    }
  }

  /** Turns a matched run of readings into a finding with its evidence. */
  static final class RunToSignal extends RunFinder<JudgedReading> {
    private static final long serialVersionUID = 1L;
    private final Finding finding;

    RunToSignal(Finding finding) {
      this.finding = finding;
    }

    @Override
    AlertSignal signal(List<JudgedReading> judged) throws Exception {
      List<PortUtilisation> run = new ArrayList<>(judged.size());
      for (JudgedReading j : judged) {
        run.add(j.reading());
      }
      PortUtilisation first = run.get(0);
      PortUtilisation last = run.get(run.size() - 1);
      String port = first.portId();
      // the level that completed the run: the one in force at its newest reading
      UtilisationLevel level = finding.level(judged.get(judged.size() - 1).thresholds());
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
      return new AlertSignal(
          AlertType.SUSTAINED_OVERLOAD,
          port,
          finding != Finding.CLEAR,
          finding == Finding.SEVERE ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
          first.windowEndMillis(),
          last.windowEndMillis() - 1,
          message,
          json.writeValueAsString(evidence));
    }
  }
}
