package org.corridorwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.corridorwatch.model.latency.CrossingWatermarks;

/**
 * Pairs each output with its trigger crossing ({@link CrossingWatermarks#triggerOf}) and records,
 * per kind, the latency from the trigger's produce time to the output becoming readable.
 *
 * <p>For alerts it also records how long the job took to decide ({@code detectedAt} − produced):
 * the difference to the readable latency is the wait for the checkpoint that commits the sink's
 * transaction. A decision before its trigger was produced would mean the trigger rule is wrong;
 * such outputs are counted, not recorded, so a wrong rule shows instead of skewing the figures.
 */
public final class OutputLatencies {
  /** Most latencies are milliseconds to seconds; three significant digits is plenty. */
  private static final int SIGNIFICANT_DIGITS = 3;

  /** The latencies of one kind of output. */
  public static final class Tally {
    private final Histogram readable = new Histogram(SIGNIFICANT_DIGITS);
    private final Histogram decided = new Histogram(SIGNIFICANT_DIGITS);
    private final Map<String, Histogram> decidedByType = new TreeMap<>();
    private final List<String> withoutTrigger = new ArrayList<>();
    private final List<String> beforeTrigger = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    private int warmingUp;

    /** Trigger produced → output readable, in milliseconds. */
    public Histogram readable() {
      return readable;
    }

    /** Trigger produced → job decided ({@code detectedAt}), in milliseconds; alerts only. */
    public Histogram decided() {
      return decided;
    }

    /**
     * {@link #decided} per alert type (the alert id's first part): each type takes its own path
     * through the job, so a slow tail shows which path it is on.
     */
    public Map<String, Histogram> decidedByType() {
      return decidedByType;
    }

    /** Outputs whose decision time the replayed crossings never reached: not from this replay. */
    public List<String> withoutTrigger() {
      return withoutTrigger;
    }

    /**
     * Every recorded output that carries a decision time, in the order read: the times behind
     * {@link #decided}, so a slow one can be set beside what the job was doing then.
     */
    public List<Decision> decisions() {
      return decisions;
    }

    /** Outputs whose trigger was produced while the job warmed up: counted, not recorded. */
    public int warmingUp() {
      return warmingUp;
    }

    /** Outputs readable, or decided, before their trigger was produced: the rule is wrong. */
    public List<String> beforeTrigger() {
      return beforeTrigger;
    }
  }

  /**
   * One output's three wall-clock times, epoch milliseconds.
   *
   * @param label the output, for people
   * @param producedAtMillis its trigger crossing was produced to Kafka
   * @param decidedAtMillis the job decided it ({@code detectedAt})
   * @param readableAtMillis a {@code read_committed} reader first saw it
   */
  public record Decision(
      String label, long producedAtMillis, long decidedAtMillis, long readableAtMillis) {
    public long decidedMillis() {
      return decidedAtMillis - producedAtMillis;
    }
  }

  private final Tally alerts = new Tally();
  private final Tally readings = new Tally();

  private OutputLatencies() {}

  /** The latencies of {@code outputs}, against the watermark the replayed crossings drove. */
  public static OutputLatencies of(List<ReadableOutput> outputs, CrossingWatermarks watermarks) {
    return of(outputs, watermarks, Long.MIN_VALUE);
  }

  /**
   * As {@link #of(List, CrossingWatermarks)}, leaving out the outputs whose trigger was produced
   * before {@code warmUpEndMillis}.
   */
  public static OutputLatencies of(
      List<ReadableOutput> outputs, CrossingWatermarks watermarks, long warmUpEndMillis) {
    OutputLatencies latencies = new OutputLatencies();
    for (ReadableOutput output : outputs) {
      Tally tally =
          output.kind() == ReadableOutput.Kind.ALERT ? latencies.alerts : latencies.readings;
      Optional<CrossingWatermarks.Step> trigger = watermarks.triggerOf(output.decisionTimeMillis());
      if (trigger.isEmpty()) {
        tally.withoutTrigger.add(output.label());
        continue;
      }
      long produced = trigger.get().producedAtMillis();
      if (produced < warmUpEndMillis) {
        tally.warmingUp++;
        continue;
      }
      long readable = output.readableAtMillis() - produced;
      long decided = output.hasDetectedAt() ? output.detectedAtMillis() - produced : 0;
      if (readable < 0 || decided < 0) {
        tally.beforeTrigger.add(output.label());
        continue;
      }
      tally.readable.recordValue(readable);
      if (output.hasDetectedAt()) {
        tally.decided.recordValue(decided);
        tally.decisions.add(
            new Decision(
                output.label(), produced, output.detectedAtMillis(), output.readableAtMillis()));
        tally
            .decidedByType
            .computeIfAbsent(typeOf(output.label()), t -> new Histogram(SIGNIFICANT_DIGITS))
            .recordValue(decided);
      }
    }
    return latencies;
  }

  /** An alert's type, the part of its id (the label's first word) before the first ':'. */
  static String typeOf(String label) {
    int colon = label.indexOf(':');
    int space = label.indexOf(' ');
    int end = colon >= 0 && (space < 0 || colon < space) ? colon : space;
    return end > 0 ? label.substring(0, end) : label;
  }

  public Tally alerts() {
    return alerts;
  }

  public Tally readings() {
    return readings;
  }
}
