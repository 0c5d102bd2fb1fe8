package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka secrets given to the job in its client properties file (as SASL_SSL / SCRAM settings are)
 * appear neither in its arguments (only the file's path does) nor in the Flink web UI: the REST
 * views of the job, its plan, its configuration and the cluster's. (The job logs no client
 * property; Kafka's clients print password settings as {@code [hidden]}.)
 *
 * <p>The broker here is plaintext, so the password settings are inert but still read, logged and
 * carried into every source and sink exactly as they would be on a secured cluster.
 */
class SecretsITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  private static final String CANARY = "canary-5f1e0c";

  @Test
  void clientSecretsStayOutOfTheArgumentsAndTheWebUi(
      @TempDir Path dir, @InjectClusterRESTAddress URI rest) throws Exception {
    Path properties = dir.resolve("client.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "security.protocol=PLAINTEXT",
            "ssl.key.password=" + CANARY,
            "ssl.keystore.password=" + CANARY,
            "ssl.truststore.password=" + CANARY,
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"corridor-analytics\" password=\""
                + CANARY
                + "\";"));
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    AnalyticsOptions options =
        JobTestBed.options(KAFKA.broker(), topics, "--kafka-properties", properties.toString());
    JobClient job = JobTestBed.start(options);
    String seen;
    try {
      long deadline = System.nanoTime() + JobTestBed.DEADLINE.toNanos();
      while (job.getJobStatus().get() != JobStatus.RUNNING) {
        assertThat(System.nanoTime()).as("job RUNNING before the deadline").isLessThan(deadline);
      }
      HttpClient http = HttpClient.newHttpClient();
      StringBuilder views = new StringBuilder();
      String id = job.getJobID().toString();
      for (String path :
          List.of(
              "/jobs/" + id,
              "/jobs/" + id + "/config",
              "/jobs/" + id + "/plan",
              "/jobs/" + id + "/jobmanager/config",
              "/jobmanager/config",
              "/jobmanager/environment")) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        views.append(path).append(' ').append(response.body()).append('\n');
      }
      seen = views.toString();
    } finally {
      job.cancel().get();
    }

    assertThat(seen).contains("corridor-analytics").doesNotContain(CANARY);
    assertThat(options.kafka.kafkaProperties().toString()).doesNotContain(CANARY);
  }
}
