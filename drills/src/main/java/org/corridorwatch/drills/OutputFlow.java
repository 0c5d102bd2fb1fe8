package org.corridorwatch.drills;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.generators.answers.TopicPartitions;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Tells when a job's output flows again after a fault: notes where the utilisation topic's
 * committed records end now, says {@code ready}, and then prints the wall-clock time (epoch
 * milliseconds) at which a {@code read_committed} consumer first reads a record past that point. A
 * drill starts it just before the fault, so its own start-up is not part of the recovery time it
 * measures.
 *
 * <p>Reading a record, not watching the end offset, is what counts: an aborted transaction moves
 * the end offset too (its abort marker takes an offset) without any output flowing. And the record
 * must have been written after the fault: a transaction the job wrote before it and committed just
 * after it (the commit of the last checkpoint) is not output flowing again. The drill writes the
 * fault's time into {@code --fault-time-file} once it has struck; records created (Kafka timestamp)
 * before that time do not count.
 */
@Command(
    name = "output-flow",
    description = {
      "Prints 'ready' once it knows where the committed records of --topic-utilisation end,"
          + " then the epoch milliseconds at which a new committed record is read there. Exit"
          + " code 1 on --timeout."
    })
public final class OutputFlow implements Callable<Integer> {
  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  /** Only the utilisation topic is watched: of the outputs, it is the one written every slot. */
  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = TimeOptions.PositiveDurationConverter.class,
      defaultValue = "5m",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Option(
      names = "--fault-time-file",
      paramLabel = "FILE",
      required = true,
      description =
          "Holds the fault's epoch milliseconds once the drill struck; only records created at"
              + " or after it count.")
  java.nio.file.Path faultTimeFile;

  @Override
  public Integer call() throws java.io.IOException {
    String topic = outputTopics.topics().utilisation();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(kafka.readCommittedConsumer())) {
      List<TopicPartition> partitions = TopicPartitions.of(consumer, topic, deadline);
      consumer.assign(partitions);
      // under read_committed, the end offsets are the last stable offsets: what is committed now
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      end.forEach(consumer::seek);
      System.out.println("ready");
      System.out.flush();
      long faultTime = Long.MAX_VALUE;
      while (System.nanoTime() < deadline) {
        var polled = consumer.poll(Duration.ofMillis(100));
        if (faultTime == Long.MAX_VALUE && java.nio.file.Files.isReadable(faultTimeFile)) {
          String text = java.nio.file.Files.readString(faultTimeFile).trim();
          if (!text.isEmpty()) {
            faultTime = Long.parseLong(text);
          }
        }
        for (var r : polled) {
          if (r.timestamp() >= faultTime) {
            System.out.println(System.currentTimeMillis());
            return 0;
          }
        }
      }
    }
    System.err.println("output-flow: no new committed record on " + topic + " within " + timeout);
    return 1;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new OutputFlow(), args));
  }
}
