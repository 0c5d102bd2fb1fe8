package org.corridorwatch.jobs;

import java.math.BigDecimal;
import java.time.Duration;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.UtilisationLevel;
import org.corridorwatch.model.kafka.InputTopicsOptions;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.corridorwatch.model.kafka.TopicCreationOptions;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Every option of {@code corridor-analytics}, with its default: a picocli mixin of {@link
 * CorridorAnalyticsJob}. Typed here, over the raw arguments, so the job reads settings, never
 * strings. Grouped by concern, as Flink groups its own options, so {@code --help} shows a section
 * per group. {@link #problem()} checks them all, across groups.
 */
public final class AnalyticsOptions {
  /** The brokers and the client's security settings, as every corridor-watch program takes them. */
  @Mixin public KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  /** The topics the job reads. */
  @Mixin public InputTopicsOptions inputTopics = new InputTopicsOptions();

  /** The topics the job writes. */
  @Mixin public OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  /** The alert thresholds the job starts with, and how long a customs visit is kept. */
  public static final class AlertOptions {
    @Option(
        names = "--overload-level",
        paramLabel = "RATIO",
        defaultValue = "1.00",
        description =
            "SUSTAINED_OVERLOAD: a reading is over above this utilisation."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    BigDecimal overloadLevel;

    @Option(
        names = "--severe-level",
        paramLabel = "RATIO",
        defaultValue = "1.25",
        description =
            "SUSTAINED_OVERLOAD: CRITICAL above this utilisation."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    BigDecimal severeLevel;

    @Option(
        names = "--clear-level",
        paramLabel = "RATIO",
        defaultValue = "0.90",
        description =
            "SUSTAINED_OVERLOAD: cleared below this utilisation."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    BigDecimal clearLevel;

    @Option(
        names = "--overload-readings",
        paramLabel = "N",
        defaultValue = "4",
        description =
            "SUSTAINED_OVERLOAD: consecutive readings to raise, escalate or clear."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    int overloadReadings;

    @Option(
        names = "--clearance-limit",
        paramLabel = "DURATION",
        defaultValue = "6h",
        description =
            "CLEARANCE_BACKLOG: a vehicle without a customs decision this long after ARRIVED has"
                + " timed out; whole minutes, under --max-wait. A THRESHOLDS control record changes"
                + " it while the job runs. Default: ${DEFAULT-VALUE}.")
    Duration clearanceLimit;

    @Option(
        names = "--backlog-window",
        paramLabel = "DURATION",
        defaultValue = "1h",
        description =
            "CLEARANCE_BACKLOG: how long a timed-out vehicle counts; a window with none clears"
                + " the alert. Whole minutes, at most 24h. A THRESHOLDS control record changes it"
                + " while the job runs. Default: ${DEFAULT-VALUE}.")
    Duration backlogWindow;

    @Option(
        names = "--max-wait",
        paramLabel = "DURATION",
        defaultValue = "48h",
        description =
            "Customs waits: a visit with no DEPARTED this long after its ARRIVED is dropped (and"
                + " counted in the visitsDropped metric), so a lost record cannot keep a vehicle"
                + " waiting for ever. Default: ${DEFAULT-VALUE}.")
    Duration maxWait;

    @Option(
        names = "--backlog-warning-count",
        paramLabel = "N",
        defaultValue = "10",
        description =
            "CLEARANCE_BACKLOG: timeouts in a window for a WARNING."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    int backlogWarningCount;

    @Option(
        names = "--backlog-critical-count",
        paramLabel = "N",
        defaultValue = "30",
        description =
            "CLEARANCE_BACKLOG: timeouts in a window for CRITICAL."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    int backlogCriticalCount;

    @Option(
        names = "--queue-readings",
        paramLabel = "N",
        defaultValue = "4",
        description =
            "QUEUE_GROWTH: consecutive growing slot ends to raise, or steady ones to clear."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    int queueReadings;

    @Option(
        names = "--queue-level",
        paramLabel = "RATIO",
        defaultValue = "0.85",
        description =
            "QUEUE_GROWTH: growth counts only above this utilisation."
                + " A THRESHOLDS control record changes it while the job runs. Default: ${DEFAULT-VALUE}.")
    BigDecimal queueLevel;
  }

  @ArgGroup(validate = false, heading = "%nAlert thresholds and customs waits%n")
  AlertOptions alerts = new AlertOptions();

  /** How records are placed in event time: lateness, idleness, wrong clocks and duplicates. */
  public static final class EventTimeOptions {
    @Option(
        names = "--out-of-orderness",
        paramLabel = "DURATION",
        defaultValue = "5m",
        description =
            "How far behind the newest event a record may arrive and still count."
                + " Default: ${DEFAULT-VALUE}.")
    Duration outOfOrderness;

    @Option(
        names = "--idleness",
        paramLabel = "DURATION",
        defaultValue = "30s",
        description =
            "A partition stops holding back the watermark once the job has read it to its end"
                + " and it has then had no records for this long. A partition with unread records,"
                + " one the broker cannot confirm, and every partition while the job waits for its"
                + " first data keep holding it. Default: ${DEFAULT-VALUE}.")
    Duration idleness;

    @Option(
        names = "--max-watermark-jump",
        paramLabel = "DURATION",
        defaultValue = "1d",
        description =
            "A record stamped further than this ahead of its partition's newest event time does"
                + " not move the watermark until records spanning a 15-minute slot confirm the new"
                + " time range, so one bad clock cannot make every later record LATE. At least"
                + " 15m. Default: ${DEFAULT-VALUE}.")
    Duration maxWatermarkJump;

    @Option(
        names = "--dedup-horizon",
        paramLabel = "DURATION",
        defaultValue = "24h",
        description =
            "How long, in event time, an eventId is remembered; a whole number of 15-minute"
                + " slots. Default: ${DEFAULT-VALUE}.")
    Duration dedupHorizon;
  }

  @ArgGroup(validate = false, heading = "%nEvent time%n")
  EventTimeOptions eventTime = new EventTimeOptions();

  /** How the job commits its progress and its outputs, exactly once. */
  public static final class DeliveryOptions {
    @Option(
        names = "--group-id",
        paramLabel = "ID",
        defaultValue = "corridor-analytics",
        description =
            "Consumer group the sources commit progress under, for monitoring; the job itself"
                + " resumes from its checkpoints. Default: ${DEFAULT-VALUE}.")
    String groupId;

    @Option(
        names = "--transactional-id-prefix",
        paramLabel = "PREFIX",
        defaultValue = "corridor-analytics",
        description =
            "Prefix of the sinks' Kafka transactional ids; unique per job on a cluster."
                + " Default: ${DEFAULT-VALUE}.")
    String transactionalIdPrefix;

    @Option(
        names = "--checkpoint-interval",
        paramLabel = "DURATION",
        defaultValue = "10s",
        description =
            "How often state is checkpointed; committed outputs become readable at this"
                + " pace. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Option(
        names = "--buffer-timeout",
        paramLabel = "DURATION",
        defaultValue = "10ms",
        description =
            "How long a task holds a network buffer that is not full before sending it on. Each"
                + " step from a crossing to its alert may wait this long when traffic is light, so"
                + " it bounds how fast alerts are decided; under load buffers fill first."
                + " Default: ${DEFAULT-VALUE}.")
    Duration bufferTimeout;

    @Option(
        names = "--checkpoint-dir",
        paramLabel = "URI",
        description =
            "Where checkpoints go, e.g. file:///var/lib/corridor-watch/checkpoints. Default:"
                + " the cluster's setting.")
    String checkpointDir;

    @Option(
        names = "--transaction-timeout",
        paramLabel = "DURATION",
        defaultValue = "10m",
        description =
            "Kafka transaction timeout of the sinks: above the checkpoint interval and the"
                + " worst recovery time, at most the broker's transaction.max.timeout.ms (15m by"
                + " default). Default: ${DEFAULT-VALUE}.")
    Duration transactionTimeout;
  }

  @ArgGroup(validate = false, heading = "%nDelivery and checkpoints%n")
  DeliveryOptions delivery = new DeliveryOptions();

  /** How the job creates missing topics at start, and how long it waits for Kafka then. */
  @ArgGroup(validate = false, heading = "%nTopic creation%n")
  TopicCreationOptions topicCreation = new TopicCreationOptions();

  /**
   * How the job runs: its parallelism, whether it stops at its input's end, and the endpoints of an
   * embedded mini-cluster.
   */
  public static final class LocalRunOptions {
    @Option(
        names = "--parallelism",
        paramLabel = "N",
        description =
            "Parallelism of the job. Sources never use more readers than their topic has"
                + " partitions. Default: the cluster's setting.")
    Integer parallelism;

    @Option(
        names = "--bounded",
        description =
            "Read the input topics up to their current end, emit everything, and finish."
                + " For backfills and tests. Default: run until stopped.")
    boolean bounded;

    @Option(
        names = "--local-bind-address",
        paramLabel = "HOST",
        defaultValue = "127.0.0.1",
        description =
            "Where an embedded mini-cluster (the job run as a plain program) listens."
                + " Ignored on a real cluster. Default: ${DEFAULT-VALUE}.")
    String localBindAddress;

    @Option(
        names = "--local-web-port",
        paramLabel = "PORT",
        defaultValue = "0",
        description =
            "Port of the Flink web UI of an embedded mini-cluster, on --local-bind-address;"
                + " 0 picks a free one. Ignored on a real cluster. Default: ${DEFAULT-VALUE}.")
    int localWebPort;

    @Option(
        names = "--metrics-port",
        paramLabel = "PORT[-PORT]",
        description =
            "Serve the embedded mini-cluster's metrics, the job's own counters included, to"
                + " Prometheus at http://<--local-bind-address>:PORT/metrics; a range takes its"
                + " first free port. Ignored on a real cluster, which configures its own reporter."
                + " Default: off.")
    String metricsPort;
  }

  @ArgGroup(validate = false, heading = "%nLocal run%n")
  LocalRunOptions localRun = new LocalRunOptions();

  /** How topics are created when missing, and how long the job waits for Kafka at start. */
  public TopicCreationOptions topicCreation() {
    return topicCreation;
  }

  /**
   * The alert thresholds the job starts with; {@code THRESHOLDS} control records change them while
   * it runs.
   *
   * @throws IllegalArgumentException for a level with more than four decimals
   */
  public AlertThresholds alertThresholds() {
    return new AlertThresholds(
        UtilisationLevel.of(alerts.overloadLevel),
        UtilisationLevel.of(alerts.severeLevel),
        UtilisationLevel.of(alerts.clearLevel),
        alerts.overloadReadings,
        alerts.backlogWarningCount,
        alerts.backlogCriticalCount,
        UtilisationLevel.of(alerts.queueLevel),
        alerts.queueReadings,
        (int) alerts.clearanceLimit.toMinutes(),
        (int) alerts.backlogWindow.toMinutes());
  }

  /** {@code 9250} or {@code 9250-9260}: ports from 1 to 65535, a range not backwards. */
  private static boolean isPortOrRange(String text) {
    if (!text.matches("\\d{1,5}(-\\d{1,5})?")) {
      return false;
    }
    String[] ends = text.split("-");
    int low = Integer.parseInt(ends[0]);
    int high = Integer.parseInt(ends[ends.length - 1]);
    return low >= 1 && high <= 65535 && low <= high;
  }

  private static boolean wholeMinutes(Duration d) {
    return !d.isNegative() && !d.isZero() && d.toMillis() % 60_000 == 0;
  }

  /** Stops the command with the first option error, as one line for the user. */
  public void requireValid(CommandSpec spec) {
    String problem = problem();
    if (problem != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), problem);
    }
  }

  /** The option errors, as one line for the user, or null when all are fine. */
  public String problem() {
    if (delivery.checkpointInterval.toMillis() < 100) {
      return "--checkpoint-interval must be at least 100ms";
    }
    if (delivery.transactionTimeout.compareTo(delivery.checkpointInterval.multipliedBy(2)) < 0) {
      return "--transaction-timeout must be at least twice --checkpoint-interval, or restarts"
          + " fence the sinks' transactions";
    }
    if (eventTime.dedupHorizon.isNegative()
        || eventTime.dedupHorizon.toMillis() % EventTimeRules.SLOT_MILLIS != 0) {
      return "--dedup-horizon must be a whole number of 15-minute slots, such as 24h";
    }
    if (eventTime.outOfOrderness.isNegative()
        || eventTime.idleness.isNegative()
        || eventTime.idleness.isZero()) {
      return "--out-of-orderness must not be negative and --idleness must be positive";
    }
    if (eventTime.maxWatermarkJump.toMillis() < EventTimeRules.SLOT_MILLIS) {
      return "--max-watermark-jump must be at least one 15-minute slot, such as 1d";
    }
    if (delivery.bufferTimeout.isNegative() || delivery.bufferTimeout.isZero()) {
      return "--buffer-timeout must be positive, such as 10ms";
    }
    if (localRun.parallelism != null && localRun.parallelism < 1) {
      return "--parallelism must be at least 1";
    }
    if (!wholeMinutes(alerts.clearanceLimit) || !wholeMinutes(alerts.backlogWindow)) {
      return "--clearance-limit and --backlog-window must be positive whole minutes, such as 6h"
          + " or 90m";
    }
    if (alerts.backlogWindow.toMinutes() > AlertThresholds.MAX_BACKLOG_WINDOW_MINUTES) {
      return "--backlog-window must be at most 24h";
    }
    if (alerts.maxWait.toMillis() < EventTimeRules.SLOT_MILLIS) {
      return "--max-wait must be at least 15m";
    }
    if (alerts.clearanceLimit.compareTo(alerts.maxWait) >= 0
        || alerts.clearanceLimit.toMinutes() > AlertThresholds.MAX_CLEARANCE_LIMIT_MINUTES) {
      return "--clearance-limit must be under --max-wait and at most 48h: a visit is dropped at"
          + " --max-wait, so it could never time out";
    }
    String thresholds;
    try {
      thresholds = alertThresholds().problem();
    } catch (IllegalArgumentException e) {
      thresholds = e.getMessage();
    }
    if (thresholds != null) {
      // the record's field names are the options' names (alerts.clearLevel: --clear-level)
      return "alert threshold options: " + thresholds;
    }
    if (localRun.localWebPort < 0 || localRun.localWebPort > 65535) {
      return "--local-web-port must be 0 (any free port) to 65535";
    }
    if (localRun.metricsPort != null && !isPortOrRange(localRun.metricsPort)) {
      return "--metrics-port must be a port or a range such as 9250-9260, within 1 to 65535";
    }
    return null;
  }
}
