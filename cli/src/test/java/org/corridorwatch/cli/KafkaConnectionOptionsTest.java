package org.corridorwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The brokers: the flag, else the file's, else loopback; the file's settings reach every client.
 */
class KafkaConnectionOptionsTest {
  @Command(name = "probe")
  static final class Probe {
    @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();
  }

  @TempDir Path dir;

  private static KafkaConnectionOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.kafka;
  }

  private Path file(String text) throws Exception {
    Path f = dir.resolve("client.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void withNothingGivenItIsTheLocalBroker() {
    KafkaConnectionOptions kafka = parse();
    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(kafka.clientProperties()).containsEntry("bootstrap.servers", "127.0.0.1:9092");
  }

  @Test
  void theFilesBrokersServeUnlessTheFlagNamesOthers() throws Exception {
    Path f = file("bootstrap.servers=broker-a:9093\nsecurity.protocol=SASL_SSL\n");

    KafkaConnectionOptions fromFile = parse("--kafka-properties", f.toString());
    assertThat(fromFile.bootstrapServers()).isEqualTo("broker-a:9093");
    assertThat(fromFile.clientProperties()).containsEntry("security.protocol", "SASL_SSL");

    KafkaConnectionOptions flag =
        parse("--kafka-properties", f.toString(), "--bootstrap-servers", "broker-b:9093");
    assertThat(flag.bootstrapServers()).isEqualTo("broker-b:9093");
    assertThat(flag.clientProperties())
        .containsEntry("bootstrap.servers", "broker-b:9093")
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void eachCallGetsItsOwnCopyToChange() {
    KafkaConnectionOptions kafka = parse("--bootstrap-servers", "127.0.0.1:19092");
    Properties one = kafka.clientProperties();
    one.put("client.id", "mine");
    assertThat(kafka.clientProperties()).doesNotContainKey("client.id");
  }

  @Test
  void aReadCommittedConsumerReadsCommittedBytesAndCommitsNoOffsets() throws Exception {
    Path f = file("security.protocol=SSL\n");
    Properties p = parse("--kafka-properties", f.toString()).readCommittedConsumer();
    assertThat(p)
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", "false")
        .containsEntry("security.protocol", "SSL")
        .containsEntry(
            "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
  }

  @Test
  void anUnreadableFileStopsTheProgramWithOneLineNamingIt() {
    Path missing = dir.resolve("missing.properties");
    KafkaConnectionOptions kafka = parse("--kafka-properties", missing.toString());
    assertThatThrownBy(kafka::clientProperties)
        .isInstanceOf(CommandFailure.class)
        .hasMessage("--kafka-properties " + missing + " is not a file that can be read");
  }

  @Test
  void aFolderGivenAsThePropertiesFileIsOneLineNotAnIoTrace() {
    KafkaConnectionOptions kafka = parse("--kafka-properties", dir.toString());
    assertThatThrownBy(kafka::clientProperties)
        .isInstanceOf(CommandFailure.class)
        .hasMessage("--kafka-properties " + dir + " is not a file that can be read");
  }
}
