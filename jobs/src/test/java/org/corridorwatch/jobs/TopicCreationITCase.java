package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The topics the job creates: those whose newest record per key is the current state a reader
 * rebuilds (the balances, the alerts) keep their records for ever; the others take the broker's
 * retention.
 */
class TopicCreationITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void balancesAndAlertsAreKeptForEverAndTheOtherTopicsTakeTheBrokersRetention() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options = JobTestBed.options(KAFKA.broker(), topics);
    CorridorAnalyticsJob.prepareTopics(options, CorridorAnalyticsJob.clientProperties(options));

    Map<String, String> retention = new HashMap<>();
    try (Admin admin = KAFKA.broker().admin()) {
      List<ConfigResource> resources =
          List.of(topics.balance(), topics.alerts(), topics.utilisation(), topics.crossings())
              .stream()
              .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
              .toList();
      for (Map.Entry<ConfigResource, Config> e :
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS).entrySet()) {
        retention.put(e.getKey().name(), e.getValue().get(TopicConfig.RETENTION_MS_CONFIG).value());
      }
    }
    assertThat(retention)
        .containsEntry(topics.balance(), "-1")
        .containsEntry(topics.alerts(), "-1");
    assertThat(retention.get(topics.utilisation())).isNotEqualTo("-1");
    assertThat(retention.get(topics.crossings())).isNotEqualTo("-1");
  }
}
