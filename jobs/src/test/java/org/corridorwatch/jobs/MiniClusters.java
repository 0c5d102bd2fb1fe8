package org.corridorwatch.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The job's tests' Flink MiniCluster: one TaskManager, listening on loopback only. */
public final class MiniClusters {
  private MiniClusters() {}

  public static MiniClusterExtension onLoopback(int slots) {
    Configuration conf = new Configuration();
    CorridorAnalyticsJob.loopback(conf, "127.0.0.1");
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .setConfiguration(conf)
            .build());
  }
}
