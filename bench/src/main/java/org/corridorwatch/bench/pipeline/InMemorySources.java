package org.corridorwatch.bench.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.ingest.RecordParser;
import org.corridorwatch.jobs.ingest.SlotWatermarks;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * FLIP-27 sources over records held in memory, standing in for the job's Kafka sources: the bytes
 * are parsed in the source with the job's {@link RecordParser}, as its Kafka deserializer does, and
 * get the job's {@link SlotWatermarks} with its default out-of-orderness and idleness.
 *
 * <p>Every source runs one reader, like a one-partition topic: the generators' known answers and
 * the window comparison assume one ordered stream.
 */
final class InMemorySources {
  /** The job's defaults ({@code --out-of-orderness}, {@code --idleness}). */
  static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);

  static final Duration IDLENESS = Duration.ofSeconds(30);

  private InMemorySources() {}

  /** The held wire bytes {@code name} of one topic, parsed in the source. */
  static <T extends InputRecord> DataStream<Ingested<T>> parsed(
      StreamExecutionEnvironment env, String name, String topic, InputKind<T> kind) {
    int count = HeldInput.get(name).length;
    return ingest(env, name, kind, new ParseHeldBytes<>(name, topic, kind), count);
  }

  /** Crossings held already parsed as {@code name}: the source costs no parsing. */
  static DataStream<Ingested<BorderCrossing>> preParsed(
      StreamExecutionEnvironment env, String name) {
    int count = HeldInput.get(name).length;
    return ingest(env, name, InputKind.CROSSINGS, new ReadHeldCrossings(name), count);
  }

  /**
   * {@code count} records from {@code records} (unbounded with {@link Long#MAX_VALUE}), as the
   * source {@code "Memory: " + name} with one reader and the job's watermarks.
   */
  static <T extends InputRecord> DataStream<Ingested<T>> ingest(
      StreamExecutionEnvironment env,
      String name,
      InputKind<T> kind,
      GeneratorFunction<Long, Ingested<T>> records,
      long count) {
    WatermarkStrategy<Ingested<T>> watermarks = SlotWatermarks.strategy(OUT_OF_ORDERNESS, IDLENESS);
    return env.fromSource(
            new DataGeneratorSource<>(records, count, kind.type()), watermarks, "Memory: " + name)
        .setParallelism(1);
  }

  /** Parses the held bytes at each index; one parser per reader, as the codec wants. */
  private static final class ParseHeldBytes<T extends InputRecord>
      implements GeneratorFunction<Long, Ingested<T>> {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String topic;
    private final InputKind<T> kind;
    private transient Object[] values;
    private transient RecordParser<T> parser;

    ParseHeldBytes(String name, String topic, InputKind<T> kind) {
      this.name = name;
      this.topic = topic;
      this.kind = kind;
    }

    @Override
    public void open(SourceReaderContext context) {
      values = HeldInput.get(name);
      parser = new RecordParser<>(kind, CorridorCatalogue.standard(), System::currentTimeMillis);
    }

    @Override
    public Ingested<T> map(Long index) {
      int i = index.intValue();
      return parser.parse(topic, 0, i, null, (byte[]) values[i]);
    }
  }

  /** Hands out the held crossings at each index. */
  static class ReadHeldCrossings implements GeneratorFunction<Long, Ingested<BorderCrossing>> {
    private static final long serialVersionUID = 1L;
    private final String name;
    private transient Object[] records;

    ReadHeldCrossings(String name) {
      this.name = name;
    }

    @Override
    public void open(SourceReaderContext context) {
      records = HeldInput.get(name);
    }

    /** Whether a held crossing has this index; none has once they are released. */
    final boolean holds(long index) {
      return records != null && index < records.length;
    }

    /** Lets go of this reader's reference to the held crossings. */
    final void release() {
      records = null;
    }

    // HeldInput keeps any benchmark's input; this name holds parsed crossings only
    @SuppressWarnings("unchecked")
    @Override
    public Ingested<BorderCrossing> map(Long index) {
      return (Ingested<BorderCrossing>) records[index.intValue()];
    }
  }
}
