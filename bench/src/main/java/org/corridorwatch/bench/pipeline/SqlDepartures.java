package org.corridorwatch.bench.pipeline;

import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BorderCrossing;

/**
 * P3's departures for Flink SQL: the same held departures as {@link RollingWindows}, as the view
 * {@code departures} with the columns a query reads, the event time as {@code rowtime} and the
 * stream's own watermarks, so SQL's windows close when the job's do.
 */
final class SqlDepartures {
  private SqlDepartures() {}

  /**
   * A table environment holding the view. Its session zone is UTC: a window's {@code window_end} is
   * a TIMESTAMP in that zone, so it is then the instant it names, and hours align to UTC as the
   * job's do.
   *
   * @param columns what SQL reads of a departure, of type {@code type}, in the operator {@code
   *     name}
   * @param schema those columns; the event time and the watermark are added here
   */
  static <T> StreamTableEnvironment view(
      StreamExecutionEnvironment env,
      MapFunction<Ingested<BorderCrossing>, T> columns,
      TypeInformation<T> type,
      String name,
      Schema.Builder schema) {
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.getConfig().setLocalTimeZone(ZoneOffset.UTC);
    DataStream<T> departures =
        RollingWindows.departures(InMemorySources.preParsed(env, RollingWindows.CROSSINGS))
            .map(columns)
            .returns(type)
            .name(name);
    tables.createTemporaryView(
        "departures",
        departures,
        schema
            .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
            // the stream's own watermarks: SlotWatermarks, as in the job
            .watermark("rowtime", "SOURCE_WATERMARK()")
            .build());
    return tables;
  }
}
