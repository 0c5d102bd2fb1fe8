package org.corridorwatch.cli;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Option;

/**
 * {@code --connect-timeout}: how long a program that must reach Kafka before it can begin waits for
 * the brokers to answer, before it stops with one line. A picocli mixin, so the job, the replay and
 * the latency probe take it alike; the programs that also create topics take it through {@code
 * TopicCreationOptions}, which extends this.
 */
public class ConnectTimeoutOption {
  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = TimeOptions.PositiveDurationConverter.class,
      description = "How long to wait at start for Kafka to answer. Default: ${DEFAULT-VALUE}.")
  private Duration connectTimeout = Duration.ofSeconds(15);

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * An admin client's properties: {@code client}'s (brokers, security), with every request and
   * every call bounded by the connect timeout, so that an unreachable cluster is reported in that
   * time rather than after the client's default minute.
   */
  public Properties adminClient(Map<?, ?> client) {
    return adminClient(client, connectTimeout);
  }

  /** The same with a timeout from elsewhere. */
  public static Properties adminClient(Map<?, ?> client, Duration timeout) {
    Properties p = new Properties();
    p.putAll(client);
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    return p;
  }
}
