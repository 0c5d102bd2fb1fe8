package org.corridorwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves the shared broker fixture against a real Kafka 4.2 broker. */
class KafkaBrokerITCase {

  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Test
  void embeddedBrokerListensOnLoopbackOnly() throws Exception {
    EmbeddedKafka kafka = KAFKA.broker();
    assumeFalse(kafka.isExternal(), "external broker: its listeners are not ours to check");

    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");

    String listeners;
    try (Admin admin = kafka.admin()) {
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config =
          admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
      listeners = config.get("listeners").value();
      assertThat(config.get("advertised.listeners").value())
          .isEqualTo("PLAINTEXT://" + kafka.bootstrapServers());
      assertThat(config.get("transaction.max.timeout.ms").value()).isEqualTo("900000");
    }
    List<String> endpoints = List.of(listeners.split(","));
    assertThat(endpoints)
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).matches("(PLAINTEXT|CONTROLLER)://127\\.0\\.0\\.1:\\d+"));

    // and nothing answers on this machine's other addresses
    List<Integer> ports =
        endpoints.stream().map(l -> Integer.parseInt(l.substring(l.lastIndexOf(':') + 1))).toList();
    for (InetAddress address : nonLoopbackIpv4Addresses()) {
      for (int port : ports) {
        assertThatThrownBy(
                () -> {
                  try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, port), 1000);
                  }
                })
            .as("port %d on %s", port, address)
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void thousandRecordsOnThreePartitionsComeBack() throws Exception {
    EmbeddedKafka kafka = KAFKA.broker();
    String topic = EmbeddedKafka.uniqueTopic("fixture-bulk");
    kafka.createTopics(3, topic);
    kafka.createTopics(3, topic); // idempotent

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerProps())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, bytes("k-" + i), bytes("v-" + i))));
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    }

    List<ConsumerRecord<byte[], byte[]>> records = kafka.readAll(topic, false, 1000, DEADLINE);
    assertThat(records).hasSize(1000);
    assertThat(records.stream().map(r -> string(r.key())).collect(Collectors.toSet()))
        .isEqualTo(IntStream.range(0, 1000).mapToObj(i -> "k-" + i).collect(Collectors.toSet()));
    assertThat(records)
        .allSatisfy(
            r -> assertThat(string(r.value())).isEqualTo("v-" + string(r.key()).substring(2)));
    assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(0, 1, 2);

    assertThat(kafka.readUntilQuiet(topic, true, Duration.ofMillis(500), DEADLINE)).hasSize(1000);
  }

  @Test
  void readCommittedSeesOnlyCommittedTransactions() throws Exception {
    EmbeddedKafka kafka = KAFKA.broker();
    String topic = EmbeddedKafka.uniqueTopic("fixture-tx");
    kafka.createTopics(1, topic);

    Properties props = kafka.producerProps();
    props.setProperty(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, EmbeddedKafka.uniqueTopic("fixture-txid"));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      producer.initTransactions();

      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, bytes("committed-" + i)));
      }
      producer.commitTransaction();

      producer.beginTransaction();
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, bytes("aborted-" + i)));
      }
      producer.flush();
      producer.abortTransaction();
    }

    List<ConsumerRecord<byte[], byte[]>> committed = kafka.readAll(topic, true, 10, DEADLINE);
    assertThat(committed)
        .map(r -> string(r.value()))
        .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "committed-" + i).toList());

    List<ConsumerRecord<byte[], byte[]>> everything = kafka.readAll(topic, false, 15, DEADLINE);
    assertThat(everything).hasSize(15);
    assertThat(everything)
        .map(r -> string(r.value()))
        .filteredOn(v -> v.startsWith("aborted-"))
        .hasSize(5);
  }

  @Test
  void readAllFailsWithTheCountWhenTooFewArrive() {
    EmbeddedKafka kafka = KAFKA.broker();
    String topic = EmbeddedKafka.uniqueTopic("fixture-empty");
    kafka.createTopics(2, topic);

    assertThatThrownBy(() -> kafka.readAll(topic, true, 1, Duration.ofSeconds(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at least 1 records in topic " + topic)
        .hasMessageEndingWith("but got 0");
    assertThat(kafka.readUntilQuiet(topic, true, Duration.ofMillis(300), DEADLINE)).isEmpty();
  }

  @Test
  void oneBrokerPerJvm() {
    EmbeddedKafka kafka = KAFKA.broker();
    assertThat(EmbeddedKafka.embeddedStartsInThisJvm()).isEqualTo(kafka.isExternal() ? 0 : 1);
    assertThat(KAFKA.broker()).isSameAs(kafka);
    assertThat(KAFKA.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
  }

  private static List<InetAddress> nonLoopbackIpv4Addresses() throws SocketException {
    List<InetAddress> result = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          result.add(a);
        }
      }
    }
    return result;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
