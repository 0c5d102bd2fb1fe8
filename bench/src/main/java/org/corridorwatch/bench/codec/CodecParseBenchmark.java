package org.corridorwatch.bench.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.jobs.ingest.RecordParser;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.Topics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of reading one border crossing off the wire, per record, against two plain Jackson
 * readings of the same bytes: a tree (no types, no checks) and data binding into a record (types,
 * no contract rules). A small object bound by Jackson costs about a microsecond; the job's parser
 * also checks every contract rule (required fields, enums, catalogue ids, the time guard) and keeps
 * the original bytes for the dead-letter topic, and this says what that costs on top.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecParseBenchmark {
  /**
   * The same fields as a crossing, for Jackson's own binding; enums and the time as strings, so
   * this baseline does less than the codec (no enum lookup, no instant parsed).
   */
  public record PlainCrossing(
      String schema,
      String eventId,
      String portId,
      String vehicleId,
      String stage,
      String direction,
      String vehicleType,
      boolean laden,
      String eventTime) {}

  private static final byte[] CROSSING =
      ("{\"schema\":\"border-crossing/1\",\"eventId\":\"c-000001\",\"portId\":\"CN-PINGXIANG\","
              + "\"vehicleId\":\"GX-A1234\",\"stage\":\"DEPARTED\",\"direction\":\"EXPORT\","
              + "\"vehicleType\":\"TRUCK\",\"laden\":true,\"eventTime\":\"2019-07-01T08:15:00Z\"}")
          .getBytes(StandardCharsets.UTF_8);

  private RecordParser<BorderCrossing> parser;
  private ObjectMapper mapper;
  private long offset;

  @Setup
  public void setUp() {
    parser =
        new RecordParser<>(
            InputKind.CROSSINGS, CorridorCatalogue.standard(), System::currentTimeMillis);
    mapper = new ObjectMapper();
  }

  /** What the job's Kafka source does with each crossing: parse, check, keep the bytes. */
  @Benchmark
  public Ingested<BorderCrossing> corridorCodec() {
    Ingested<BorderCrossing> parsed =
        parser.parse(Topics.BORDER_CROSSINGS, 0, offset++, null, CROSSING);
    if (!parsed.accepted()) {
      throw new IllegalStateException("the benchmark's record was rejected: " + parsed.detail());
    }
    return parsed;
  }

  /** Jackson data binding into a record of the same fields: types, no contract rules. */
  @Benchmark
  public PlainCrossing jacksonDataBinding() throws Exception {
    return mapper.readValue(CROSSING, PlainCrossing.class);
  }

  /** Jackson's tree: tokenising and building nodes, nothing more. */
  @Benchmark
  public JsonNode jacksonTree() throws Exception {
    return mapper.readTree(CROSSING);
  }
}
