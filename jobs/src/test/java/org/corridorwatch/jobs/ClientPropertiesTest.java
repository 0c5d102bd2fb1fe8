package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's Kafka clients: no JMX beans and no metrics pushed, unless the properties file asks. */
class ClientPropertiesTest {
  @TempDir Path dir;

  @Test
  void theJobsClientsRegisterNoJmxBeansAndPushNoMetrics() {
    Properties client =
        CorridorAnalyticsJob.clientProperties(
            CorridorAnalyticsJob.parse("--bootstrap-servers", "127.0.0.1:19092"));

    assertThat(client)
        .containsEntry("bootstrap.servers", "127.0.0.1:19092")
        .containsEntry("metric.reporters", "")
        .containsEntry("enable.metrics.push", "false");
  }

  @Test
  void aPropertiesFileThatAsksForThemGetsThem() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "metric.reporters=org.apache.kafka.common.metrics.JmxReporter\n"
            + "enable.metrics.push=true\n");

    Properties client =
        CorridorAnalyticsJob.clientProperties(
            CorridorAnalyticsJob.parse("--kafka-properties", file.toString()));

    assertThat(client)
        .containsEntry("metric.reporters", "org.apache.kafka.common.metrics.JmxReporter")
        .containsEntry("enable.metrics.push", "true");
  }
}
