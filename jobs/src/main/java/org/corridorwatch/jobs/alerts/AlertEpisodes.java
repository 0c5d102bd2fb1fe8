package org.corridorwatch.jobs.alerts;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;

/**
 * The alert lifecycle for one (type, subject): at most one open episode; {@code RAISED} when a
 * condition first holds, {@code ESCALATED} when its severity rises, {@code CLEARED} when it no
 * longer holds. A repeat of a condition already raised is not a new alert.
 *
 * <p>Findings are applied in event-time order once the watermark passes them, and all findings of
 * one instant together: a run that is severe from its first reading opens as {@code RAISED
 * CRITICAL}, not as a WARNING escalated a moment later. The {@code alertId} is {@code
 * type:subject:startedAt}, from event time only, so a replay of the same input gives the same ids.
 * {@code detectedAt} is the processing time of the transition, to measure latency.
 */
public final class AlertEpisodes extends KeyedProcessFunction<String, AlertSignal, Alert> {
  private static final long serialVersionUID = 1L;

  private transient ValueState<Alert> open;
  private transient MapState<Long, AlertSignal> pending;

  /** By type and status ordinals: created once in open(), no lookup or allocation per alert. */
  private transient Counter[][] written;

  @Override
  public void open(OpenContext context) {
    open =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("open-episode", TypeInformation.of(Alert.class)));
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "pending-findings", Types.LONG, TypeInformation.of(AlertSignal.class)));
    MetricGroup group = JobMetrics.of(getRuntimeContext().getMetricGroup());
    written = new Counter[AlertType.values().length][AlertStatus.values().length];
    for (AlertType type : AlertType.values()) {
      MetricGroup byType = group.addGroup(JobMetrics.TYPE, type.name());
      for (AlertStatus status : AlertStatus.values()) {
        written[type.ordinal()][status.ordinal()] =
            byType.addGroup(JobMetrics.STATUS, status.name()).counter(JobMetrics.ALERTS);
      }
    }
  }

  @Override
  public void processElement(AlertSignal signal, Context ctx, Collector<Alert> out)
      throws Exception {
    AlertSignal earlier = pending.get(signal.atMillis());
    pending.put(signal.atMillis(), earlier == null ? signal : stronger(earlier, signal));
    ctx.timerService().registerEventTimeTimer(signal.atMillis());
  }

  /**
   * Of two findings at one instant: a raise over a clearing, the higher severity, the earlier
   * start.
   */
  static AlertSignal stronger(AlertSignal a, AlertSignal b) {
    if (a.raise() != b.raise()) {
      return a.raise() ? a : b;
    }
    int bySeverity = a.severity().compareTo(b.severity());
    AlertSignal winner = bySeverity > 0 ? a : bySeverity < 0 ? b : a;
    long started = Math.min(a.startedAtMillis(), b.startedAtMillis());
    return new AlertSignal(
        winner.type(),
        winner.subject(),
        winner.raise(),
        winner.severity(),
        started,
        winner.atMillis(),
        winner.message(),
        winner.evidenceJson());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    AlertSignal signal = pending.get(timestamp);
    pending.remove(timestamp);
    if (signal == null) {
      return;
    }
    Alert episode = open.value();
    long now = ctx.timerService().currentProcessingTime();
    if (signal.raise()) {
      if (episode == null) {
        emit(out, open(signal, now));
      } else if (signal.severity().compareTo(episode.severity()) > 0) {
        emit(out, transition(episode, AlertStatus.ESCALATED, signal, now));
      }
    } else if (episode != null) {
      emit(out, transition(episode, AlertStatus.CLEARED, signal, now));
      open.clear();
    }
  }

  private Alert open(AlertSignal s, long now) throws Exception {
    String alertId =
        s.type().name() + ":" + s.subject() + ":" + Instant.ofEpochMilli(s.startedAtMillis());
    Alert raised =
        new Alert(
            alertId,
            s.type(),
            s.subject(),
            s.severity(),
            AlertStatus.RAISED,
            s.startedAtMillis(),
            now,
            s.message(),
            s.evidenceJson());
    open.update(raised);
    return raised;
  }

  private Alert transition(Alert episode, AlertStatus status, AlertSignal s, long now)
      throws Exception {
    AlertSeverity severity = status == AlertStatus.ESCALATED ? s.severity() : episode.severity();
    Alert next =
        new Alert(
            episode.alertId(),
            episode.type(),
            episode.subject(),
            severity,
            status,
            episode.startedAtMillis(),
            now,
            s.message(),
            s.evidenceJson());
    if (status == AlertStatus.ESCALATED) {
      open.update(next);
    }
    return next;
  }

  private void emit(Collector<Alert> out, Alert alert) {
    written[alert.type().ordinal()][alert.status().ordinal()].inc();
    out.collect(alert);
  }
}
