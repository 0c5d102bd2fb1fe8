package org.corridorwatch.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.corridorwatch.console.web.OutputReader;
import org.corridorwatch.model.Topics;
import picocli.CommandLine.Option;

/**
 * Where the console's commands read the outputs from: the brokers, the client security settings and
 * the four output topics the console shows. A picocli mixin, so every console command names them
 * alike.
 */
public final class OutputTopicsOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
  public String bootstrapServers;

  @Option(
      names = "--kafka-properties",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*), e.g. for SASL_SSL.")
  public Path kafkaProperties;

  @Option(
      names = "--topic-utilisation",
      paramLabel = "TOPIC",
      defaultValue = Topics.PORT_UTILISATION,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicUtilisation;

  @Option(
      names = "--topic-balance",
      paramLabel = "TOPIC",
      defaultValue = Topics.TRADE_BALANCE,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicBalance;

  @Option(
      names = "--topic-alerts",
      paramLabel = "TOPIC",
      defaultValue = Topics.ALERTS,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicAlerts;

  @Option(
      names = "--topic-port-waits",
      paramLabel = "TOPIC",
      defaultValue = Topics.PORT_WAITS,
      description = "Default: ${DEFAULT-VALUE}.")
  public String topicPortWaits;

  /** The output topics, as the reader takes them. */
  public OutputReader.Topics topics() {
    return new OutputReader.Topics(topicUtilisation, topicBalance, topicAlerts, topicPortWaits);
  }

  /** The client properties: the file's, then {@code --bootstrap-servers}. */
  public Properties clientProperties() throws IOException {
    Properties p = new Properties();
    if (kafkaProperties != null) {
      try (InputStream in = Files.newInputStream(kafkaProperties)) {
        p.load(in);
      }
    }
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }
}
