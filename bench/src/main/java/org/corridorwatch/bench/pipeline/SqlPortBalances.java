package org.corridorwatch.bench.pipeline;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.TradeBalance;

/**
 * P3's balance half in Flink SQL: the contract's port trade balances (section 5.2 of
 * docs/contract.md) over the same departures as {@link PortBalances}, with window table-valued
 * functions, as Flink's documentation writes them. The planner chooses its own operators; nothing
 * is tuned by hand.
 *
 * <ul>
 *   <li>{@code CUMULATIVE}: departures per port and hour ({@code TUMBLE}), then a running total per
 *       port over those hours (an {@code OVER} aggregation on the window's time). An hour with
 *       departures is exactly when the job's cumulative figures change, so both emit one record per
 *       port and hour with departures, as of the hour's end.
 *   <li>{@code ROLLING_30D}: a {@code HOP} window of 30 days sliding by an hour, which is the
 *       contract's "30 days of event time ending at asOf" for every whole hour. The job writes a
 *       rolling record only when the figures changed, so {@code LAG} drops an hour whose counts
 *       equal the previous hour's; an hour after a gap (no window, the 30 days were empty) always
 *       counts as a change, as it does in the job.
 * </ul>
 *
 * <p>What SQL cannot say: a window with no departure does not exist, so the job's last rolling
 * record of a port, all zeros, written when its last departure leaves the 30 days, has no SQL
 * counterpart. {@link BalanceComparison} leaves those zero records out.
 */
final class SqlPortBalances {
  /** The contract's counts over a window's departures: EXPORT out, IMPORT in, unladen IMPORT. */
  private static final String COUNTS =
      "COUNT(*) FILTER (WHERE direction = 'EXPORT') AS outbound,"
          + " COUNT(*) FILTER (WHERE direction = 'IMPORT') AS inbound,"
          + " COUNT(*) FILTER (WHERE direction = 'IMPORT' AND NOT laden) AS emptyInbound";

  private static final String PORT_HOURS =
      "SELECT portId, window_end, window_time, "
          + COUNTS
          + " FROM TABLE(TUMBLE(TABLE departures, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))"
          + " GROUP BY portId, window_start, window_end, window_time";

  // the scopes are cast to STRING: as literals they would be CHAR(10) and CHAR(11), and UNION ALL
  // would pad CUMULATIVE with a blank
  private static final String CUMULATIVE =
      "SELECT portId, CAST('CUMULATIVE' AS STRING) AS balanceScope, window_end AS asOf,"
          + " SUM(outbound) OVER sinceFirst AS outbound,"
          + " SUM(inbound) OVER sinceFirst AS inbound,"
          + " SUM(emptyInbound) OVER sinceFirst AS emptyInbound"
          + " FROM port_hours"
          + " WINDOW sinceFirst AS (PARTITION BY portId ORDER BY window_time"
          + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";

  private static final String PORT_30_DAYS =
      "SELECT portId, window_end, window_time, "
          + COUNTS
          + " FROM TABLE(HOP(TABLE departures, DESCRIPTOR(rowtime),"
          + " INTERVAL '1' HOUR, INTERVAL '30' DAY))"
          + " GROUP BY portId, window_start, window_end, window_time";

  private static final String ROLLING_CHANGES =
      "SELECT portId, CAST('ROLLING_30D' AS STRING) AS balanceScope, window_end AS asOf,"
          + " outbound, inbound, emptyInbound"
          + " FROM ("
          + "SELECT *, LAG(window_end) OVER byHour AS previousEnd,"
          + " LAG(outbound) OVER byHour AS previousOutbound,"
          + " LAG(inbound) OVER byHour AS previousInbound,"
          + " LAG(emptyInbound) OVER byHour AS previousEmptyInbound"
          + " FROM port_30_days"
          + " WINDOW byHour AS (PARTITION BY portId ORDER BY window_time))"
          // the first hour of a port, or the first after its 30 days were empty: always a change
          + " WHERE previousEnd IS NULL OR previousEnd < window_end - INTERVAL '1' HOUR"
          + " OR outbound <> previousOutbound OR inbound <> previousInbound"
          + " OR emptyInbound <> previousEmptyInbound";

  /** What SQL reads of a departure: the contract's balance needs no other field. */
  private static final TypeInformation<Row> DEPARTURE =
      Types.ROW_NAMED(
          new String[] {"portId", "direction", "laden"}, Types.STRING, Types.STRING, Types.BOOLEAN);

  private SqlPortBalances() {}

  /** Both scopes' records, as the job's {@link TradeBalance}, so the outputs compare directly. */
  static DataStream<TradeBalance> balances(StreamExecutionEnvironment env) {
    StreamTableEnvironment tables =
        SqlDepartures.view(
            env,
            SqlPortBalances::columns,
            DEPARTURE,
            "Departure columns",
            Schema.newBuilder()
                .column("portId", "STRING")
                .column("direction", "STRING")
                .column("laden", "BOOLEAN"));
    tables.createTemporaryView("port_hours", tables.sqlQuery(PORT_HOURS));
    tables.createTemporaryView("port_30_days", tables.sqlQuery(PORT_30_DAYS));
    return tables
        .toDataStream(tables.sqlQuery(CUMULATIVE + " UNION ALL " + ROLLING_CHANGES))
        .map(SqlPortBalances::balanceOf)
        .returns(TradeBalance.class)
        .name("Trade balances");
  }

  private static Row columns(Ingested<BorderCrossing> in) {
    BorderCrossing departure = in.record();
    return Row.of(departure.portId(), departure.direction().name(), departure.laden());
  }

  private static TradeBalance balanceOf(Row row) {
    LocalDateTime asOf = row.getFieldAs("asOf");
    return new TradeBalance(
        BalanceLevel.PORT,
        row.getFieldAs("portId"),
        BalanceScope.valueOf(row.getFieldAs("balanceScope")),
        asOf.toInstant(ZoneOffset.UTC).toEpochMilli(),
        row.<Long>getFieldAs("outbound"),
        row.<Long>getFieldAs("inbound"),
        row.<Long>getFieldAs("emptyInbound"));
  }
}
