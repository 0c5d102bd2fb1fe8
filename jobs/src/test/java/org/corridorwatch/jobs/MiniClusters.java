package org.corridorwatch.jobs;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The job's tests' Flink MiniCluster: one TaskManager, listening on loopback only. */
public final class MiniClusters {
  private MiniClusters() {}

  public static MiniClusterExtension onLoopback(int slots) {
    Configuration conf = new Configuration();
    CorridorAnalyticsJob.loopback(conf, "127.0.0.1");
    // the REST API serves metrics fetched at this interval; a test polling a gauge needs it short
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(200));
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .setConfiguration(conf)
            .build());
  }
}
