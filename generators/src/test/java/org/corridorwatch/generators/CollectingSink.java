package org.corridorwatch.generators;

import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.Scenario;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.RecordSink;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;

/** Test sink: keeps every delivery in order, so a replay can be inspected without Kafka. */
final class CollectingSink implements RecordSink {
  static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  final List<Delivery> deliveries = new ArrayList<>();
  int flushes;
  // read from another thread by tests that wait for a replay running in the background
  private volatile int sent;

  @Override
  public void send(Delivery delivery) {
    deliveries.add(delivery);
    sent++;
  }

  /** Records sent so far; safe to read while the replay runs on another thread. */
  int size() {
    return sent;
  }

  @Override
  public void flush() {
    flushes++;
  }

  @Override
  public void close() {}

  /** A plan replaying one named scenario over its own range. */
  static Replay.Plan plan(String scenario, int days, long seed, InjectionSettings injection) {
    Scenario s =
        Scenarios.named(scenario).orElseThrow(() -> new AssertionError("no scenario " + scenario));
    return new Replay.Plan(
        List.of(s),
        null,
        new ScenarioSettings(ScenarioSettings.DEFAULT_START, days),
        seed,
        null,
        null,
        injection,
        InputTopics.contract(),
        false);
  }

  /** The known-answers oracle with the contract's defaults: 5 min out-of-orderness, 24 h dedup. */
  static KnownAnswers oracle() {
    return new KnownAnswers(
        CATALOGUE, inputCodec(), InputTopics.contract(), 5 * 60_000L, 24 * 60 * 60_000L);
  }

  /** The job's input reader, with the catalogue's ids. */
  static CorridorCodec inputCodec() {
    return CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds()));
  }

  /** Runs {@code plan} unpaced into a new collecting sink, letting {@code answers} observe. */
  static CollectingSink replay(Replay.Plan plan, KnownAnswers answers) {
    CollectingSink sink = new CollectingSink();
    Replay.Summary summary = Replay.of(plan, CATALOGUE, sink, Pacer.unlimited(), answers).run();
    if (summary.stopped() || summary.total() != sink.deliveries.size()) {
      throw new AssertionError("replay summary disagrees with what the sink got: " + summary);
    }
    return sink;
  }
}
