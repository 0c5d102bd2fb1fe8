package org.corridorwatch.bench.pipeline;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * P3, against Flink SQL: the rolling 24 h trips per port as a {@code HOP} window table-valued
 * function, the way Flink's documentation writes a sliding window in SQL, over the same departures
 * as {@link RollingWindows}. The planner picks its own window aggregation (with slicing and local
 * pre-aggregation); nothing is tuned by hand.
 */
final class SqlHopWindows {
  private static final String TRIPS_PER_PORT =
      "SELECT portId, window_end, COUNT(*) AS trips"
          + " FROM TABLE(HOP(TABLE departures, DESCRIPTOR(rowtime),"
          + " INTERVAL '15' MINUTES, INTERVAL '24' HOURS))"
          + " GROUP BY portId, window_start, window_end";

  private SqlHopWindows() {}

  /** The departures' ports, counted in SQL. */
  static DataStream<WindowCount> tripsPerPort(StreamExecutionEnvironment env) {
    StreamTableEnvironment tables =
        SqlDepartures.view(
            env,
            departure -> departure.record().portId(),
            Types.STRING,
            "Departure ports",
            Schema.newBuilder().columnByExpression("portId", "f0"));
    Table trips = tables.sqlQuery(TRIPS_PER_PORT);
    return tables
        .toDataStream(trips)
        .map(SqlHopWindows::countOf)
        .returns(WindowCount.class)
        .name("Window counts");
  }

  private static WindowCount countOf(Row row) {
    LocalDateTime end = row.getFieldAs("window_end");
    long trips = row.getFieldAs("trips");
    return new WindowCount(
        row.getFieldAs("portId"), end.toInstant(ZoneOffset.UTC).toEpochMilli(), trips);
  }
}
