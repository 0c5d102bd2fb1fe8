package org.corridorwatch.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.generators.Replay;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.scenario.ScenarioSettings;
import org.corridorwatch.generators.scenario.Scenarios;
import org.corridorwatch.generators.sink.RecordSink;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.ingest.RecordParser;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * The benchmarks' input, generated once and held in memory: the wire bytes of the {@code baseline}
 * scenario (every catalogue port, busy but under capacity) and of {@code ilstc-2019} (shuttles on
 * the lines) over a number of days, exactly as the generator would send them to Kafka, with the
 * generator's default disorder. Crossings are also kept parsed, for benchmarks that measure a
 * window design rather than the parser.
 *
 * @param crossings values for the border-crossings topic, in send order
 * @param shipments values for the shipments topic, in send order
 * @param parsedCrossings {@link #crossings} parsed once with the job's own parser
 */
public record BenchInput(byte[][] crossings, byte[][] shipments, Ingested<?>[] parsedCrossings) {
  /** The seed of every benchmark input: the same seed gives the same bytes. */
  static final long SEED = 8;

  /** Generates {@code days} days of traffic starting at the scenarios' default start. */
  public static BenchInput generate(int days) {
    InputTopics topics = InputTopics.contract();
    Replay.Plan plan =
        new Replay.Plan(
            List.of(
                Scenarios.named("baseline").orElseThrow(),
                Scenarios.named("ilstc-2019").orElseThrow()),
            null,
            new ScenarioSettings(ScenarioSettings.DEFAULT_START, days),
            SEED,
            ScenarioSettings.DEFAULT_START,
            ScenarioSettings.DEFAULT_START + days * 86_400_000L,
            new InjectionSettings(
                InjectionSettings.DEFAULT_DISORDER_MILLIS,
                0,
                0,
                InjectionSettings.DEFAULT_LATE_BY_MILLIS,
                0),
            topics,
            false);
    HeldRecords held = new HeldRecords(topics);
    CorridorCatalogue catalogue = CorridorCatalogue.standard();
    Replay.of(plan, catalogue, held, Pacer.unlimited(), null).run();
    byte[][] crossings = held.crossings.toArray(byte[][]::new);
    RecordParser<BorderCrossing> parser =
        new RecordParser<>(InputKind.CROSSINGS, catalogue, System::currentTimeMillis);
    Ingested<?>[] parsed = new Ingested<?>[crossings.length];
    for (int i = 0; i < crossings.length; i++) {
      parsed[i] = parser.parse(topics.crossings(), 0, i, null, crossings[i]);
    }
    return new BenchInput(crossings, held.shipments.toArray(byte[][]::new), parsed);
  }

  /** Every input record, all topics. */
  public long events() {
    return crossings.length + (long) shipments.length;
  }

  /** A replay's records, kept by topic instead of sent. */
  private static final class HeldRecords implements RecordSink {
    private final InputTopics topics;
    private final List<byte[]> crossings = new ArrayList<>();
    private final List<byte[]> shipments = new ArrayList<>();

    HeldRecords(InputTopics topics) {
      this.topics = topics;
    }

    @Override
    public void send(Delivery delivery) {
      if (delivery.topic().equals(topics.crossings())) {
        crossings.add(delivery.value());
      } else if (delivery.topic().equals(topics.shipments())) {
        shipments.add(delivery.value());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
