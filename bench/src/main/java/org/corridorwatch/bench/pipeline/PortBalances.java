package org.corridorwatch.bench.pipeline;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.corridorwatch.jobs.AnalyticsPipeline;
import org.corridorwatch.jobs.balance.BalanceContribution;
import org.corridorwatch.jobs.balance.TradeBalanceFunction;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.TradeBalance;

/**
 * P3's balance half, our side: the job's {@link TradeBalanceFunction} keyed by port, over the same
 * pre-parsed departures as {@link RollingWindows}, so only the balance design is timed.
 *
 * <p>The departure → contribution mapping repeats the one inside {@link AnalyticsPipeline#build}
 * (it is a lambda there, not reachable from here). P3's check therefore also compares this graph's
 * output with the port balances of the real pipeline, so the two cannot drift apart unnoticed.
 */
final class PortBalances {
  private PortBalances() {}

  /** Cumulative and rolling 30-day balances per port, as the job writes them. */
  static DataStream<TradeBalance> ours(StreamExecutionEnvironment env) {
    return RollingWindows.departures(InMemorySources.preParsed(env, RollingWindows.CROSSINGS))
        .map(PortBalances::contribution)
        .returns(new TypeHint<BalanceContribution<BorderCrossing>>() {})
        .name("Port balance contributions")
        .keyBy(BalanceContribution::key)
        .process(new TradeBalanceFunction<BorderCrossing>())
        .returns(TradeBalance.class)
        .name("Trade balance: ports");
  }

  /** A crossing departing a port counts for that port: exports out, imports in. */
  static BalanceContribution<BorderCrossing> contribution(Ingested<BorderCrossing> in) {
    BorderCrossing departure = in.record();
    boolean inbound = departure.direction() == CrossingDirection.IMPORT;
    return new BalanceContribution<>(
        BalanceLevel.PORT,
        departure.portId(),
        departure.eventTimeMillis(),
        departure.direction() == CrossingDirection.EXPORT,
        inbound && !departure.laden(),
        in);
  }
}
