package org.corridorwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Option;

/**
 * How every corridor-watch program reaches Kafka: the brokers and the client's security settings. A
 * picocli mixin, so the job, the replay, the console, the checks, the probes and the drills take
 * the same two options with the same meaning.
 *
 * <p>The brokers are {@code --bootstrap-servers} when given, else the properties file's {@code
 * bootstrap.servers}, else 127.0.0.1:9092: a file made for one cluster carries its address, and a
 * flag still overrides it.
 */
public final class KafkaConnectionOptions {
  /** Where a local broker listens when nothing says otherwise. */
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka brokers. Default: bootstrap.servers from --kafka-properties, else "
              + DEFAULT_BOOTSTRAP_SERVERS
              + ".")
  String bootstrapServers;

  @Option(
      names = "--kafka-properties",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*, bootstrap.servers), e.g. for"
              + " SASL_SSL. Secrets belong here, never in arguments.")
  Path kafkaProperties;

  private Properties loaded;

  /** For programs and tests that build the options without a command line. */
  public static KafkaConnectionOptions of(String bootstrapServers) {
    KafkaConnectionOptions options = new KafkaConnectionOptions();
    options.bootstrapServers = bootstrapServers;
    return options;
  }

  /**
   * The brokers, as the clients will be given them; the file is read only when the flag is absent.
   */
  public String bootstrapServers() {
    return bootstrapServers != null
        ? bootstrapServers
        : clientProperties().getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
  }

  /** The properties file, or null. */
  public Path kafkaProperties() {
    return kafkaProperties;
  }

  /**
   * A fresh copy of the client properties: the file's, then the brokers. An unreadable file stops
   * the program with one line naming it.
   */
  public Properties clientProperties() {
    if (loaded == null) {
      Properties p = new Properties();
      if (kafkaProperties != null) {
        if (!Files.isRegularFile(kafkaProperties) || !Files.isReadable(kafkaProperties)) {
          throw new CommandFailure(
              "--kafka-properties " + kafkaProperties + " is not a file that can be read");
        }
        try (InputStream in = Files.newInputStream(kafkaProperties)) {
          p.load(in);
        } catch (IOException e) {
          throw new UncheckedIOException("reading --kafka-properties " + kafkaProperties, e);
        }
      }
      if (bootstrapServers != null
          || !p.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
        p.put(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers != null ? bootstrapServers : DEFAULT_BOOTSTRAP_SERVERS);
      }
      loaded = p;
    }
    Properties copy = new Properties();
    copy.putAll(loaded);
    return copy;
  }

  /**
   * A consumer's properties for reading a topic as the job reads its inputs and as a subscriber
   * must read the outputs: committed records only, raw bytes, no group offsets committed (every
   * reader here assigns its partitions itself).
   */
  public Properties readCommittedConsumer() {
    return readCommittedConsumer(clientProperties());
  }

  /** The same from client properties built elsewhere (the job's), which stay unchanged. */
  public static Properties readCommittedConsumer(Map<?, ?> client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
