package org.corridorwatch.drills;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.generators.BrokerWaitOption;
import org.corridorwatch.generators.delivery.Pacer;
import org.corridorwatch.generators.sink.BrokerWait;
import org.corridorwatch.generators.sink.WaitingProducer;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.model.kafka.InputTopicsOptions;
import org.corridorwatch.seeds.CorridorCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The hostile-input fuzz: sends records built to be rejected to every input topic, while a clean
 * replay runs, and writes how many of each dead-letter reason a correct job must produce for them
 * (for {@link DrillVerifier --injected-dead-letters}). See {@link HostileRecords} for what is sent
 * and how each record is classified.
 *
 * <p><b>Kafka's size limits.</b> A broker accepts a record batch up to the topic's {@code
 * max.message.bytes} (broker default {@code message.max.bytes}, 1 MiB + 12 bytes); a producer
 * refuses to send a record bigger than its {@code max.request.size} (default 1 MiB) before it
 * leaves the client. Both answer with {@link RecordTooLargeException}. Unless {@code
 * --no-limit-probes}, the fuzz first shows both refusals with a record of twice the default limit,
 * then raises the input topics' {@code max.message.bytes} to {@code --max-message-bytes} (and its
 * own producer's {@code max.request.size}), so that its 10 MB fields reach the job.
 */
@Command(
    name = "hostile-input",
    description = {
      "Sends hostile records to the three input topics: random bytes, truncated and deeply nested"
          + " JSON, wrong types, huge fields, NaN, negative and huge numbers, times in 1970 and"
          + " 2099, unknown ids, invalid UTF-8, empty and null keys and values. Writes, per"
          + " dead-letter reason, what a correct job must dead-letter (--report)."
    })
public final class HostileInput implements Callable<Integer> {
  private static final int DEFAULT_LIMIT = 1024 * 1024;

  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  @Option(
      names = "--records",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Hostile records to send, a third per input topic. Default: ${DEFAULT-VALUE}.")
  long records;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "20190701",
      description = "The same seed sends the same records. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--huge-records",
      paramLabel = "N",
      defaultValue = "3",
      description = "Records with a --huge-field-bytes field. Default: ${DEFAULT-VALUE}.")
  int hugeRecords;

  @Option(
      names = "--huge-field-bytes",
      paramLabel = "BYTES",
      defaultValue = "10485760",
      description = "Size of the huge field (10 MiB). Default: ${DEFAULT-VALUE}.")
  int hugeFieldBytes;

  @Option(
      names = "--max-message-bytes",
      paramLabel = "BYTES",
      defaultValue = "16777216",
      description =
          "max.message.bytes set on the input topics, and this producer's max.request.size, so"
              + " the huge records fit (16 MiB). Default: ${DEFAULT-VALUE}.")
  int maxMessageBytes;

  @Option(
      names = "--no-limit-probes",
      description = "Do not show Kafka refusing a record above the default limits first.")
  boolean noLimitProbes;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "0",
      description = "Send at most this many records a second; 0: as fast as possible.")
  double rate;

  @Option(
      names = "--wait-for-clean",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description =
          "Wait this long at most for a clean record on every crossings and shipments partition"
              + " before sending: records stamped in 1970 are LATE only once every partition has"
              + " one. Default: ${DEFAULT-VALUE}.")
  Duration waitForClean;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      required = true,
      description = "Where to write what was injected, per dead-letter reason.")
  Path report;

  @Mixin InputTopicsOptions inputTopics = new InputTopicsOptions();

  @Mixin BrokerWaitOption brokerWait = new BrokerWaitOption();

  private final Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
  private final Map<String, Long> byTopic = new TreeMap<>();
  private final Map<String, Long> byKind = new TreeMap<>();
  private final Map<String, Object> kafkaLimits = new LinkedHashMap<>();
  private long injected;

  @Spec CommandSpec spec;

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws Exception {
    if (records < 1) {
      throw usage("--records must be at least 1");
    }
    if (rate < 0) {
      throw usage("--rate must be 0 (as fast as possible) or positive");
    }
    if (hugeRecords > 0 && maxMessageBytes < hugeFieldBytes + 4096) {
      throw usage(
          "--max-message-bytes must exceed --huge-field-bytes by a few KiB for the record's"
              + " other fields");
    }
    // the report is what the run is for: a folder that is not there must stop it before sending
    Path folder = report.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw usage("--report " + report + ": its folder does not exist");
    }
    InputTopics topics = inputTopics.topics();
    CorridorCatalogue catalogue = CorridorCatalogue.standard();
    CorridorCodec codec =
        CorridorCodec.forInputs(new KnownIds(catalogue.portIds(), catalogue.lineIds()));
    long started = System.nanoTime();

    try (Admin admin = Admin.create(kafka.clientProperties())) {
      if (!noLimitProbes) {
        probeLimits(admin, topics, codec);
      }
      raiseLimits(admin, topics.all());
    }
    Map<String, List<Integer>> cleanPartitions = waitForClean(topics, codec);

    HostileRecords hostile =
        new HostileRecords(topics, codec, seed, records, hugeRecords, hugeFieldBytes);
    SplittableRandom partitionChoice = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Pacer pacer = rate > 0 ? Pacer.rate(rate) : Pacer.unlimited();
    BrokerWait wait = brokerWait.forProgram(kafka.bootstrapServers(), "hostile-input");
    Exception failed;
    // a broker that goes away is waited for (--broker-wait): every record is kept and retried,
    // idempotently, so the report's counts stay exact
    try (WaitingProducer producer =
        WaitingProducer.open(producerProperties(maxMessageBytes), wait)) {
      Map<String, Integer> partitions = new HashMap<>();
      for (String topic : topics.all()) {
        partitions.put(topic, producer.partitionsFor(topic).size());
      }
      for (long i = 0; i < records && producer.failure() == null; i++) {
        HostileRecords.HostileRecord r = hostile.next();
        List<Integer> allowed = cleanPartitions.get(r.topic());
        int partition =
            r.reason() == RejectReason.LATE
                ? allowed.get(partitionChoice.nextInt(allowed.size()))
                : partitionChoice.nextInt(partitions.get(r.topic()));
        pacer.await(0);
        producer.send(new ProducerRecord<>(r.topic(), partition, r.key(), r.value()), null);
        count(r.topic(), r.hostility().name(), r.reason());
      }
      if (producer.failure() == null) {
        producer.flush();
      }
      failed = producer.failure();
    }
    if (failed != null) {
      // an unacknowledged record may or may not be in the topic: the count would be a guess
      throw new CommandFailure(wait.failure(failed, "no report written"), failed);
    }
    kafkaLimits.put("inputTopicsMaxMessageBytes", maxMessageBytes);
    kafkaLimits.put("discardedBecauseAccepted", hostile.discarded());
    new InjectedDeadLetters(injected, byReason, byTopic, byKind, kafkaLimits).write(report);
    System.out.printf(
        "hostile-input: sent %,d hostile records in %.0f s: %s; written to %s%n",
        injected, (System.nanoTime() - started) / 1e9, byReason, report);
    return 0;
  }

  private void count(String topic, String kind, RejectReason reason) {
    injected++;
    byReason.merge(reason, 1L, Long::sum);
    byTopic.merge(topic, 1L, Long::sum);
    byKind.merge(kind, 1L, Long::sum);
  }

  /**
   * Shows Kafka's two size checks refusing a record twice the default limit: the producer's own
   * ({@code max.request.size}) and, with that raised, the broker's ({@code max.message.bytes}) on a
   * topic that still has its default. A probe that gets through anyway is counted as injected, so
   * the accounting holds either way, and the report says so.
   */
  private void probeLimits(Admin admin, InputTopics topics, CorridorCodec codec) throws Exception {
    String topic = topics.control();
    byte[] value =
        ("{\"schema\":\"control/1\",\"eventId\":\"probe\",\"type\":\"CAPACITY\",\"portId\":\"ZZ-"
                + "P".repeat(2 * DEFAULT_LIMIT)
                + "\",\"designedTripsPerDayMin\":1,\"designedTripsPerDayMax\":2,"
                + "\"effectiveFrom\":\"2019-07-01T00:00:00Z\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    kafkaLimits.put("probeRecordBytes", value.length);
    try (KafkaProducer<byte[], byte[]> producer = producer(DEFAULT_LIMIT)) {
      kafkaLimits.put("producerWithDefaultMaxRequestSize", probe(producer, topic, value, codec));
    }
    long topicLimit = topicMaxMessageBytes(admin, topic);
    kafkaLimits.put("topicMaxMessageBytesBefore", topicLimit);
    if (topicLimit >= value.length) {
      kafkaLimits.put("brokerWithTopicLimit", "not probed: the topic already takes " + topicLimit);
      return;
    }
    try (KafkaProducer<byte[], byte[]> producer = producer(4 * DEFAULT_LIMIT)) {
      kafkaLimits.put("brokerWithTopicLimit", probe(producer, topic, value, codec));
    }
  }

  private String probe(
      KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, CorridorCodec codec)
      throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(topic, 0, null, value)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RecordTooLargeException tooLarge) {
        return "refused: " + tooLarge.getMessage();
      }
      throw new CommandFailure("the size probe failed otherwise: " + e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new CommandFailure("the size probe was not answered within 30 s");
    } catch (RecordTooLargeException tooLarge) {
      return "refused: " + tooLarge.getMessage();
    }
    Decoded<?> decoded = codec.readControl(value);
    count(topic, "SIZE_PROBE", decoded.accepted() ? RejectReason.LATE : decoded.reason());
    return "ACCEPTED (limit not enforced); counted as injected";
  }

  private long topicMaxMessageBytes(Admin admin, String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    return Long.parseLong(entry.value());
  }

  /** Raises max.message.bytes on the input topics, explicitly, and says so in the report. */
  private void raiseLimits(Admin admin, Collection<String> topics) throws Exception {
    Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
    for (String topic : topics) {
      ops.put(
          new ConfigResource(ConfigResource.Type.TOPIC, topic),
          List.of(
              new AlterConfigOp(
                  new ConfigEntry(
                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes)),
                  AlterConfigOp.OpType.SET)));
    }
    try {
      admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new CommandFailure(
          "cannot raise max.message.bytes on " + topics + ": " + e.getCause().getMessage());
    }
    System.err.println(
        "hostile-input: max.message.bytes of " + topics + " set to " + maxMessageBytes);
  }

  /**
   * Per event-time input topic, the partitions that hold a record the codec accepts (a clean
   * event), once every partition holds one. A 1970 record is LATE only once the job's watermark,
   * the slowest partition's, has passed 1970: so every partition must hold a clean record, not only
   * the one the record goes to.
   */
  private Map<String, List<Integer>> waitForClean(InputTopics topics, CorridorCodec codec) {
    Map<String, List<Integer>> clean = new HashMap<>();
    long deadline = System.nanoTime() + waitForClean.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(kafka.readCommittedConsumer())) {
      for (String topic : List.of(topics.crossings(), topics.shipments())) {
        InputRecord.Kind kind = topics.kindOf(topic);
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<Integer> found = new ArrayList<>();
        while (found.size() < partitions.size() && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (found.contains(r.partition())) {
              continue;
            }
            Decoded<?> d =
                kind == InputRecord.Kind.BORDER_CROSSING
                    ? codec.readBorderCrossing(r.value())
                    : codec.readShipment(r.value());
            if (d.accepted()) {
              found.add(r.partition());
              consumer.pause(List.of(new TopicPartition(topic, r.partition())));
            }
          }
        }
        if (found.size() < partitions.size()) {
          throw new CommandFailure(
              "no clean record on every partition of "
                  + topic
                  + " within "
                  + waitForClean
                  + " (only on "
                  + found
                  + "); start the replay, or give --wait-for-clean longer");
        }
        clean.put(topic, found);
        consumer.unsubscribe();
      }
    }
    clean.put(topics.control(), List.of());
    return clean;
  }

  /** For the size probes, which wait for each answer themselves. */
  private KafkaProducer<byte[], byte[]> producer(int maxRequestSize) {
    return new KafkaProducer<>(
        producerProperties(maxRequestSize), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private Properties producerProperties(int maxRequestSize) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "corridor-watch-hostile-input");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
    // a 10 MiB record must fit the producer's buffer with room for the batches around it
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 4L * maxRequestSize));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // idempotence, acks=all, retries, in-flight limit, and delivery.timeout.ms / max.block.ms
    // following --broker-wait
    brokerWait.forProgram(kafka.bootstrapServers(), "hostile-input").configure(p);
    return p;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new HostileInput(), args));
  }
}
