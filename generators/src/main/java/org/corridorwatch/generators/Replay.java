package org.corridorwatch.generators;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Injector;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.LiveTraffic;
import org.corridorwatch.generators.scenario.Scenario;
import org.corridorwatch.generators.scenario.ScenarioContext;
import org.corridorwatch.generators.scenario.ScenarioRun;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Timeline;
import org.corridorwatch.generators.sink.RecordSink;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * One replay: scenarios (merged on one event-time line) or a user's file, through the injector,
 * paced, into a sink, with the known answers kept alongside. Optionally a live feed follows.
 *
 * <p>The library entry point; {@link ReplayCommand} is its command line. Single-threaded: {@link
 * #stop()} may be called from another thread (a Ctrl-C hook) and takes effect before the next
 * record.
 */
public final class Replay {
  /**
   * What to replay.
   *
   * @param scenarios the scenarios, merged by event time; empty when replaying a file
   * @param file a JSON-lines file to send instead, or null
   * @param settings scenario settings
   * @param seed the random seed: the same seed sends the same bytes
   * @param from inclusive start of event time, or null for the scenarios' own range
   * @param to exclusive end, or null
   * @param injection disorder, duplicates, late and malformed records
   * @param topics where records go
   * @param live whether a wall-clock feed follows the replay
   */
  public record Plan(
      List<Scenario> scenarios,
      Path file,
      ScenarioSettings settings,
      long seed,
      Long from,
      Long to,
      InjectionSettings injection,
      InputTopics topics,
      boolean live) {}

  /**
   * What a replay sent.
   *
   * @param perTopic records per topic
   * @param perKind records per kind (clean, duplicate, late, malformed, replayed)
   * @param liveRecords records of the live feed, included in the counts above
   * @param seconds wall time it took
   * @param stopped true when stopped before the end
   */
  public record Summary(
      Map<String, Long> perTopic,
      Map<Delivery.Kind, Long> perKind,
      long liveRecords,
      double seconds,
      boolean stopped) {
    public long total() {
      return perTopic.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Thrown inside the record path to unwind a replay that was asked to stop. */
  private static final class Stopped extends RuntimeException {
    Stopped() {
      super("replay stopped", null, false, false);
    }
  }

  private final Plan plan;
  private final CorridorCatalogue catalogue;
  private final RecordSink sink;
  private final Pacer pacer;
  private final KnownAnswers answers;
  private final Progress progress;
  private final Map<String, Long> perTopic = new TreeMap<>();
  private final Map<Delivery.Kind, Long> perKind = new EnumMap<>(Delivery.Kind.class);
  private long liveRecords;
  private long newestEventTime = Long.MIN_VALUE;
  private volatile boolean stopRequested;
  private volatile Thread runner;

  Replay(
      Plan plan,
      CorridorCatalogue catalogue,
      RecordSink sink,
      Pacer pacer,
      KnownAnswers answers,
      Progress progress) {
    this.plan = plan;
    this.catalogue = catalogue;
    this.sink = sink;
    this.pacer = pacer;
    this.answers = answers;
    this.progress = progress;
  }

  /** A replay without progress display, for programs and tests. */
  public static Replay of(
      Plan plan, CorridorCatalogue catalogue, RecordSink sink, Pacer pacer, KnownAnswers answers) {
    return new Replay(plan, catalogue, sink, pacer, answers, Progress.off());
  }

  /** Asks the replay to stop before its next record, waking it if it waits for one. */
  public void stop() {
    stopRequested = true;
    Thread running = runner;
    if (running != null) {
      running.interrupt(); // a paced replay may be parked for minutes until its next record
    }
  }

  /** Runs to the end (or until stopped), flushes the sink, and says what was sent. */
  public Summary run() {
    long start = System.nanoTime();
    boolean stopped = false;
    runner = Thread.currentThread();
    try {
      if (plan.file() != null) {
        FileReplay replayFile = new FileReplay(plan.file(), plan.topics());
        replayFile.check(); // a bad line stops the replay before anything is sent
        replayFile.replay(d -> deliver(d, pacer, true));
      } else {
        runScenarios(plan.scenarios(), plan.settings(), range(true), range(false), pacer, true);
      }
      sink.flush();
      if (plan.live()) {
        long now = System.currentTimeMillis();
        runScenarios(
            List.of(new LiveTraffic(now)),
            LiveTraffic.settingsFrom(now),
            now,
            Long.MAX_VALUE,
            Pacer.wallClock(),
            false);
      }
    } catch (Stopped e) {
      stopped = true;
    } finally {
      runner = null;
    }
    if (stopped) {
      Thread.interrupted(); // clear the wake-up, or the producer's flush would be interrupted
    }
    sink.flush();
    return new Summary(
        Map.copyOf(perTopic),
        Map.copyOf(perKind),
        liveRecords,
        (System.nanoTime() - start) / 1e9,
        stopped);
  }

  /**
   * Ends the replay's event time, as the end of a bounded run would, without changing any figure:
   * two crossings and two shipments, {@code gapMillis} and one 15-minute slot more after the newest
   * event sent. A crossing CLEARED for a vehicle that never arrived and a shipment ARRIVED count as
   * no trip, no departure and no queue change, but they move each topic's watermark past every
   * reading, balance hour, alert timeout and dedup hour the replay opened, so a running job writes
   * all of its answers. Two of each, a slot apart, because a lone record that far ahead is exactly
   * what the job's jump guard ({@link EventTimeFrontier}) refuses to follow until records spanning
   * a slot confirm it. The known answers see them like any record. Returns the number of records
   * sent (0 if nothing was sent before).
   */
  public int close(long gapMillis) {
    if (newestEventTime == Long.MIN_VALUE) {
      return 0;
    }
    long first = EventTimeRules.hourAfter(newestEventTime + gapMillis);
    String port = new TreeSet<>(catalogue.portIds()).first();
    String line = new TreeSet<>(catalogue.lineIds()).first();
    CorridorCodec codec = CorridorCodec.forOutputs();
    int sent = 0;
    for (long time : new long[] {first, first + EventTimeFrontier.CONFIRMATION_SPAN_MILLIS}) {
      BorderCrossing crossing =
          new BorderCrossing(
              "close-crossing-" + time,
              port,
              "CLOSE-REPLAY",
              CrossingStage.CLEARED,
              CrossingDirection.IMPORT,
              VehicleType.OTHER,
              false,
              time);
      Shipment shipment =
          new Shipment(
              "close-shipment-" + time,
              "CLOSE-REPLAY",
              line,
              ShipmentDirection.RETURN,
              ShipmentStatus.ARRIVED,
              false,
              null,
              null,
              null,
              time);
      for (InputRecord record : List.<InputRecord>of(crossing, shipment)) {
        deliver(
            new Delivery(
                plan.topics().topicOf(record),
                record.key().getBytes(StandardCharsets.UTF_8),
                codec.write(record),
                time,
                Delivery.Kind.EVENT,
                record,
                null),
            Pacer.unlimited(),
            true);
        sent++;
      }
    }
    sink.flush();
    return sent;
  }

  /** The replay's event-time range: as given, else spanning every scenario's own. */
  long range(boolean start) {
    Long given = start ? plan.from() : plan.to();
    if (given != null) {
      return given;
    }
    long bound = start ? Long.MAX_VALUE : Long.MIN_VALUE;
    for (Scenario s : plan.scenarios()) {
      bound =
          start
              ? Math.min(bound, s.defaultFrom(plan.settings()))
              : Math.max(bound, s.defaultTo(plan.settings()));
    }
    return bound;
  }

  private void runScenarios(
      List<Scenario> scenarios,
      ScenarioSettings settings,
      long from,
      long to,
      Pacer scenarioPacer,
      boolean observe) {
    Consumer<Delivery> out = d -> deliver(d, scenarioPacer, observe);
    Injector injector =
        new Injector(
            plan.injection(),
            plan.topics(),
            CorridorCodec.forOutputs(),
            ScenarioContext.randomFor(plan.seed(), "injection"),
            out);
    Timeline timeline = new Timeline(from, to, injector);
    List<ScenarioRun> runs = new ArrayList<>();
    for (Scenario s : scenarios) {
      runs.add(
          s.start(
              new ScenarioContext(
                  catalogue,
                  settings,
                  from,
                  to,
                  ScenarioContext.randomFor(plan.seed(), s.name()))));
    }
    List<ScenarioRun> running = new ArrayList<>(runs);
    while (!running.isEmpty()) {
      // advance the scenario that is furthest behind, then release what no scenario can precede
      ScenarioRun behind = running.get(0);
      for (ScenarioRun r : running) {
        if (r.safeTime() < behind.safeTime()) {
          behind = r;
        }
      }
      if (!behind.nextChunk(timeline)) {
        running.remove(behind);
      }
      long safe = Long.MAX_VALUE;
      for (ScenarioRun r : running) {
        safe = Math.min(safe, r.safeTime());
      }
      timeline.releaseBefore(safe);
      if (stopRequested) {
        throw new Stopped();
      }
    }
    timeline.releaseAll();
    injector.finish();
  }

  private void deliver(Delivery delivery, Pacer recordPacer, boolean observe) {
    if (stopRequested) {
      throw new Stopped();
    }
    recordPacer.await(delivery.eventTime());
    if (stopRequested) {
      throw new Stopped(); // woken from the pacer by stop(): this record is not sent
    }
    try {
      sink.send(delivery);
    } catch (RuntimeException e) {
      if (stopRequested) {
        // woken by stop() while the producer waited for the broker: this record was not taken
        throw new Stopped();
      }
      throw e;
    }
    if (delivery.kind() == Delivery.Kind.EVENT) {
      newestEventTime = Math.max(newestEventTime, delivery.eventTime());
    }
    if (observe && answers != null) {
      answers.observe(delivery);
    }
    if (!observe) {
      liveRecords++;
    }
    perTopic.merge(delivery.topic(), 1L, Long::sum);
    perKind.merge(delivery.kind(), 1L, Long::sum);
    progress.tick();
  }
}
