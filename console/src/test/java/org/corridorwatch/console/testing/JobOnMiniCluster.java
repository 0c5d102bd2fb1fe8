package org.corridorwatch.console.testing;

import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.corridorwatch.jobs.AnalyticsOptions;
import org.corridorwatch.jobs.CorridorAnalyticsJob;

/** The real analytics job, Kafka sources and sinks included, on an embedded mini-cluster. */
public final class JobOnMiniCluster {
  private JobOnMiniCluster() {}

  /** Creates its topics as the job does at start, then starts it; returns once it is submitted. */
  public static JobClient start(AnalyticsOptions options) throws Exception {
    Properties client = CorridorAnalyticsJob.clientProperties(options);
    Map<String, Integer> partitions = CorridorAnalyticsJob.prepareTopics(options, client);
    StreamExecutionEnvironment env = CorridorAnalyticsJob.environment(options);
    CorridorAnalyticsJob.wire(env, options, client, partitions);
    return env.executeAsync(CorridorAnalyticsJob.JOB_NAME);
  }
}
