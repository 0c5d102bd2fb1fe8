package org.corridorwatch.console;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints the corridor's state to the terminal every few seconds: a line per port and corridor and
 * one per open alert, read from the output topics as a subscriber would ({@code read_committed},
 * from the beginning, so a restart shows the whole picture again).
 */
@Command(
    name = "corridor-watch summary",
    mixinStandardHelpOptions = true,
    description =
        "Prints a live summary of the output topics: each port's newest utilisation, each"
            + " corridor's running balance, open alerts. Reads committed records only.")
public final class TerminalSummary implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TerminalSummary.class);

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = TimeOptions.DurationConverter.class,
      description = "How often to print. Default: ${DEFAULT-VALUE}.")
  Duration every;

  @Mixin OutputTopicsOptions outputs = new OutputTopicsOptions();

  private final PrintStream out;

  public TerminalSummary() {
    this(System.out);
  }

  TerminalSummary(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    if (every.toMillis() < 100) {
      throw new picocli.CommandLine.ParameterException(
          CommandLines.create(this), "--every must be at least 100ms");
    }
    CorridorSummary summary = new CorridorSummary(CorridorCatalogue.standard());
    CorridorCodec codec = CorridorCodec.forOutputs();
    List<String> topics =
        List.of(outputs.topicUtilisation, outputs.topicBalance, outputs.topicAlerts);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
      List<TopicPartition> assigned = List.of();
      long nextPrint = System.currentTimeMillis() + every.toMillis();
      while (!Thread.currentThread().isInterrupted()) {
        if (assigned.isEmpty()) {
          // the job creates the output topics when it starts; until then there is nothing to read
          assigned = partitionsOf(consumer, topics);
          if (!assigned.isEmpty()) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
          }
        }
        if (!assigned.isEmpty()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(250))) {
            apply(summary, codec, r);
          }
        }
        long now = System.currentTimeMillis();
        if (now >= nextPrint) {
          summary.lines(now).forEach(out::println);
          out.flush();
          nextPrint = now + every.toMillis();
        }
        if (assigned.isEmpty()) {
          waitBriefly();
        }
      }
    }
    return 0;
  }

  private void apply(
      CorridorSummary summary, CorridorCodec codec, ConsumerRecord<byte[], byte[]> r) {
    String topic = r.topic();
    if (topic.equals(outputs.topicUtilisation)) {
      accept(codec.readPortUtilisation(r.value()), r).ifPresent(summary::apply);
    } else if (topic.equals(outputs.topicBalance)) {
      accept(codec.readTradeBalance(r.value()), r).ifPresent(summary::apply);
    } else {
      accept(codec.readAlert(r.value()), r).ifPresent(summary::apply);
    }
  }

  private static <T> java.util.Optional<T> accept(Decoded<T> decoded, ConsumerRecord<?, ?> r) {
    if (decoded.accepted()) {
      return java.util.Optional.of(decoded.value());
    }
    // a record that breaks the contract is the writer's bug; say where it is and go on
    LOG.warn(
        "skipping {}-{}@{}: not a contract record ({})",
        r.topic(),
        r.partition(),
        r.offset(),
        decoded.detail());
    return java.util.Optional.empty();
  }

  private static List<TopicPartition> partitionsOf(
      KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
    List<TopicPartition> all = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (partitions == null || partitions.isEmpty()) {
        return List.of();
      }
      partitions.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
    }
    return all;
  }

  private static void waitBriefly() {
    try {
      // nothing to poll yet: pace the metadata lookups instead of spinning
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Properties consumerProperties() throws IOException {
    Properties p = outputs.clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new TerminalSummary(), args));
  }
}
