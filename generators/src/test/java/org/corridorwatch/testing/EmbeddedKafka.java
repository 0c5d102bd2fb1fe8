package org.corridorwatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.corridorwatch.model.kafka.ContractTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka 4.2 broker for tests: one KRaft node (combined broker and controller, {@code
 * node.id=1}) started inside this JVM, bound to 127.0.0.1 only, with its data in a temp directory
 * that {@link #close()} deletes.
 *
 * <p>If the system property {@value #EXTERNAL_BOOTSTRAP_PROPERTY} is set and not blank (for example
 * {@code mvn verify -Dkafka.bootstrap=127.0.0.1:9092}), no broker is started and that address is
 * used instead; {@link #close()} then leaves the external broker alone.
 *
 * <p>Most tests get an instance through {@link KafkaBrokerExtension}, which starts one broker per
 * test JVM. Use {@link #uniqueTopic(String)} for topic names so that tests sharing a broker (or an
 * external broker with data from earlier runs) do not see each other's records.
 */
public final class EmbeddedKafka implements AutoCloseable {

  /** System property naming an external broker to use instead of starting one. */
  public static final String EXTERNAL_BOOTSTRAP_PROPERTY = "kafka.bootstrap";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String LOOPBACK = "127.0.0.1";
  private static final int START_ATTEMPTS = 4;
  private static final Duration READY_DEADLINE = Duration.ofSeconds(30);
  private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_STEP = Duration.ofMillis(200);
  private static final AtomicInteger EMBEDDED_STARTS = new AtomicInteger();

  private final String bootstrapServers;
  private final boolean external;
  private KafkaRaftServer server; // null for an external broker, or while stopped
  private final Properties serverProps; // null for an external broker
  private final Path dataDir; // null for an external broker
  private final String formattedClusterId; // null for an external broker
  private boolean closed;

  private EmbeddedKafka(
      String bootstrapServers,
      KafkaRaftServer server,
      Properties serverProps,
      Path dataDir,
      String formattedClusterId) {
    this.bootstrapServers = bootstrapServers;
    this.external = server == null;
    this.server = server;
    this.serverProps = serverProps;
    this.dataDir = dataDir;
    this.formattedClusterId = formattedClusterId;
  }

  /**
   * Starts an embedded broker, or connects to the external one named by {@value
   * #EXTERNAL_BOOTSTRAP_PROPERTY}. Returns only once the broker answers {@code describeCluster}.
   */
  public static EmbeddedKafka start() {
    String external = externalBootstrap();
    if (external != null) {
      LOG.info(
          "Using EXTERNAL Kafka broker at {} (system property {}); no broker started",
          external,
          EXTERNAL_BOOTSTRAP_PROPERTY);
      awaitReady(external, READY_DEADLINE);
      return new EmbeddedKafka(external, null, null, null, null);
    }
    EmbeddedKafka started = startOwn();
    EMBEDDED_STARTS.incrementAndGet();
    return started;
  }

  /**
   * Starts an embedded broker of the caller's own, whatever {@value #EXTERNAL_BOOTSTRAP_PROPERTY}
   * says: for a test that stops and restarts it ({@link #stopBroker()}, {@link #restartBroker()}),
   * which it must not do to a broker others share.
   */
  public static EmbeddedKafka startOwn() {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startEmbedded();
      } catch (RuntimeException e) {
        if (!isPortClash(e)) {
          throw e;
        }
        LOG.warn("Kafka port taken between probe and bind (attempt {}), retrying", attempt);
        if (last != null) {
          e.addSuppressed(last);
        }
        last = e;
      }
    }
    throw last;
  }

  /** The value of {@value #EXTERNAL_BOOTSTRAP_PROPERTY}, or null if it is unset or blank. */
  static String externalBootstrap() {
    String value = System.getProperty(EXTERNAL_BOOTSTRAP_PROPERTY);
    // an unset Maven property can reach the forked JVM as its literal "${kafka.bootstrap}"
    if (value == null || value.isBlank() || value.contains("${")) {
      return null;
    }
    return value.trim();
  }

  /**
   * How many embedded brokers this JVM has started through {@link #start()}, the one the tests
   * share; a test's own broker ({@link #startOwn()}) is not counted (for the fixture's own tests).
   */
  public static int embeddedStartsInThisJvm() {
    return EMBEDDED_STARTS.get();
  }

  private static EmbeddedKafka startEmbedded() {
    long t0 = System.nanoTime();
    int[] ports = twoFreeLoopbackPorts();
    int brokerPort = ports[0];
    int controllerPort = ports[1];
    Path dir;
    try {
      dir = Files.createTempDirectory("corridor-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KafkaRaftServer server = null;
    try {
      Properties props = serverProperties(dir, brokerPort, controllerPort);
      Path propsFile = dir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "corridor-watch embedded KRaft broker");
      }

      // Kafka 4.x: with controller.quorum.bootstrap.servers (dynamic quorum, no
      // controller.quorum.voters) the format command requires --standalone on a controller.
      String clusterId = Uuid.randomUuid().toString();
      ByteArrayOutputStream formatOutput = new ByteArrayOutputStream();
      int rc;
      try (PrintStream ps = new PrintStream(formatOutput, true, StandardCharsets.UTF_8)) {
        rc =
            StorageTool.execute(
                new String[] {
                  "format", "-t", clusterId, "-c", propsFile.toString(), "--standalone"
                },
                ps);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "kafka-storage format failed with "
                + rc
                + ": "
                + formatOutput.toString(StandardCharsets.UTF_8));
      }
      long tFormatted = System.nanoTime();

      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      long tStarted = System.nanoTime();

      String bootstrap = LOOPBACK + ":" + brokerPort;
      String actualClusterId = awaitReady(bootstrap, READY_DEADLINE);
      if (!clusterId.equals(actualClusterId)) {
        throw new IllegalStateException(
            "broker at "
                + bootstrap
                + " reports cluster "
                + actualClusterId
                + ", not "
                + clusterId);
      }
      long tReady = System.nanoTime();
      LOG.info(
          "Started EMBEDDED Kafka 4.2 KRaft broker at {} (controller 127.0.0.1:{}, cluster {},"
              + " dir {}) in {} ms: format {} ms, startup {} ms, ready {} ms",
          bootstrap,
          controllerPort,
          clusterId,
          dir,
          millis(tReady - t0),
          millis(tFormatted - t0),
          millis(tStarted - tFormatted),
          millis(tReady - tStarted));
      return new EmbeddedKafka(bootstrap, server, props, dir, clusterId);
    } catch (Exception e) {
      if (server != null) {
        try {
          server.shutdown();
          server.awaitShutdown();
        } catch (RuntimeException shutdownFailure) {
          e.addSuppressed(shutdownFailure);
        }
      }
      deleteRecursively(dir);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("could not start the embedded Kafka broker", e);
    }
  }

  private static Properties serverProperties(Path dir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.bootstrap.servers", LOOPBACK + ":" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://"
            + LOOPBACK
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + LOOPBACK
            + ":"
            + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    // single node: every internal topic has one replica
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.partitions", "1");
    // transaction.max.timeout.ms stays at its default (900000): the job's sink uses 600000
    return p;
  }

  /**
   * Polls {@code describeCluster} until the broker answers with at least one node, or fails after
   * the deadline. Returns the cluster id.
   */
  private static String awaitReady(String bootstrap, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    Properties props = new Properties();
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    props.setProperty(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, "50");
    props.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
    props.setProperty(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    Exception lastFailure = null;
    try (Admin admin = Admin.create(props)) {
      while (System.nanoTime() < end) {
        long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        try {
          DescribeClusterResult cluster = admin.describeCluster();
          if (!cluster.nodes().get(remainingMs, TimeUnit.MILLISECONDS).isEmpty()) {
            return cluster.clusterId().get(remainingMs, TimeUnit.MILLISECONDS);
          }
        } catch (ExecutionException | TimeoutException e) {
          lastFailure = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted waiting for Kafka at " + bootstrap, e);
        }
      }
    }
    throw new IllegalStateException(
        "Kafka at " + bootstrap + " not ready within " + deadline, lastFailure);
  }

  /** host:port for clients, always {@code 127.0.0.1:<port>} for the embedded broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** True if this uses the broker named by {@value #EXTERNAL_BOOTSTRAP_PROPERTY}. */
  public boolean isExternal() {
    return external;
  }

  /** True unless {@link #stopBroker()} stopped the embedded broker (or it was closed). */
  public synchronized boolean isRunning() {
    return external || (server != null && !closed);
  }

  /**
   * Stops the embedded broker, cleanly, as SIGTERM stops a broker process, and keeps its data: a
   * broker outage. {@link #restartBroker()} brings it back on the same ports with the same data.
   */
  public synchronized void stopBroker() {
    requireOwn("stop");
    if (server == null) {
      return;
    }
    long t0 = System.nanoTime();
    KafkaRaftServer stopping = server;
    server = null;
    stopping.shutdown();
    stopping.awaitShutdown();
    LOG.info(
        "Stopped EMBEDDED Kafka broker at {} in {} ms (data kept for a restart)",
        bootstrapServers,
        millis(System.nanoTime() - t0));
  }

  /**
   * Starts the broker {@link #stopBroker()} stopped, on the same ports and log dir, and returns
   * once it answers. Its ports were just released, so a bind that fails is tried again until {@code
   * READY_DEADLINE}.
   */
  public synchronized void restartBroker() {
    requireOwn("restart");
    if (server != null) {
      return;
    }
    long t0 = System.nanoTime();
    long end = t0 + READY_DEADLINE.toNanos();
    while (true) {
      KafkaRaftServer starting =
          new KafkaRaftServer(KafkaConfig.fromProps(serverProps, false), Time.SYSTEM);
      try {
        starting.startup();
        server = starting;
        break;
      } catch (RuntimeException e) {
        try {
          starting.shutdown();
          starting.awaitShutdown();
        } catch (RuntimeException shutdownFailure) {
          e.addSuppressed(shutdownFailure);
        }
        if (!isPortClash(e) || System.nanoTime() > end) {
          throw e;
        }
        LOG.warn("Kafka port not free yet after the stop; starting again");
      }
    }
    String clusterId = awaitReady(bootstrapServers, READY_DEADLINE);
    if (!clusterId.equals(formattedClusterId)) {
      throw new IllegalStateException("restarted broker reports cluster " + clusterId);
    }
    LOG.info(
        "Restarted EMBEDDED Kafka broker at {} in {} ms",
        bootstrapServers,
        millis(System.nanoTime() - t0));
  }

  private void requireOwn(String what) {
    if (external) {
      throw new IllegalStateException(
          "cannot " + what + " the external broker " + bootstrapServers);
    }
    if (closed) {
      throw new IllegalStateException("cannot " + what + " a closed broker");
    }
  }

  /** The cluster id the broker reports now (asks the broker). */
  public String clusterId() {
    try (Admin admin = admin()) {
      return admin
          .describeCluster()
          .clusterId()
          .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("describeCluster failed on " + bootstrapServers, e);
    }
  }

  /** The cluster id given to the storage format, or empty for an external broker. */
  public Optional<String> formattedClusterId() {
    return Optional.ofNullable(formattedClusterId);
  }

  /** A new admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(props);
  }

  /** {@code prefix-<random>}: a topic name no other test (or earlier run) uses. */
  public static String uniqueTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Creates the topics with {@code partitions} partitions each and the broker's default replication
   * factor; topics that already exist are left as they are.
   */
  public void createTopics(int partitions, String... names) {
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
    }
    try (Admin admin = admin()) {
      var futures = admin.createTopics(topics).values();
      for (var entry : futures.entrySet()) {
        try {
          entry.getValue().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("could not create topic " + entry.getKey(), e);
          }
        } catch (TimeoutException e) {
          throw new IllegalStateException("timed out creating topic " + entry.getKey(), e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      // a producer writing before the partitions open can lose records (KAFKA-15591)
      ContractTopics.ensure(
          admin, List.of(names), List.of(), partitions, (short) 1, ADMIN_CALL_TIMEOUT);
    }
  }

  /**
   * Consumer properties with byte[] deserializers, {@code auto.offset.reset=earliest} and no auto
   * commit. {@code groupId} may be null (for assign-only consumers). {@code readCommitted} sets
   * {@code isolation.level=read_committed}, otherwise {@code read_uncommitted}.
   */
  public Properties consumerProps(String groupId, boolean readCommitted) {
    Properties p = new Properties();
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    if (groupId != null) {
      p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.setProperty(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.setProperty(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.setProperty(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    return p;
  }

  /** Producer properties with byte[] serializers, {@code acks=all} and idempotence. */
  public Properties producerProps() {
    Properties p = new Properties();
    p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.setProperty(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return p;
  }

  /**
   * Reads {@code topic} from the beginning of every partition until at least {@code expectedCount}
   * records have arrived and the reader has caught up with the end offsets seen at that moment (the
   * last stable offset when {@code readCommitted}), so the result is everything in the topic, not
   * just the first {@code expectedCount}. Fails with an {@link AssertionError} if fewer than {@code
   * expectedCount} arrive before the deadline. Records come in partition order, not global order.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, boolean readCommitted, int expectedCount, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProps(null, readCommitted))) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic, end);
      Map<TopicPartition, Long> target = null;
      while (System.nanoTime() < end) {
        if (!partitions.isEmpty()) {
          consumer.poll(pollStep(end)).forEach(records::add);
          if (records.size() >= expectedCount) {
            if (target == null) {
              target = new HashMap<>(consumer.endOffsets(partitions, remaining(end)));
            }
            if (caughtUp(consumer, target)) {
              return records;
            }
          }
        } else {
          partitions = assignFromBeginning(consumer, topic, end);
        }
      }
      if (records.size() >= expectedCount) {
        return records; // got enough, just not quite caught up with a moving end
      }
    }
    throw new AssertionError(
        "expected at least "
            + expectedCount
            + " records in topic "
            + topic
            + (readCommitted ? " (read_committed)" : " (read_uncommitted)")
            + " within "
            + deadline
            + " but got "
            + records.size());
  }

  /**
   * Reads {@code topic} from the beginning of every partition until no new record has arrived for
   * {@code quiet}, and returns everything read. Fails with an {@link AssertionError} if records are
   * still arriving when {@code deadline} passes.
   */
  public List<ConsumerRecord<byte[], byte[]>> readUntilQuiet(
      String topic, boolean readCommitted, Duration quiet, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProps(null, readCommitted))) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic, end);
      long lastNew = System.nanoTime();
      while (System.nanoTime() < end) {
        if (partitions.isEmpty()) {
          partitions = assignFromBeginning(consumer, topic, end);
        } else {
          int before = records.size();
          consumer.poll(pollStep(end)).forEach(records::add);
          if (records.size() > before) {
            lastNew = System.nanoTime();
          }
        }
        if (System.nanoTime() - lastNew >= quiet.toNanos()) {
          return records;
        }
      }
    }
    throw new AssertionError(
        "topic "
            + topic
            + " did not go quiet for "
            + quiet
            + " within "
            + deadline
            + "; read "
            + records.size()
            + " records so far");
  }

  private static List<TopicPartition> assignFromBeginning(
      KafkaConsumer<byte[], byte[]> consumer, String topic, long endNanos) {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(topic, pollStep(endNanos));
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return List.of(); // no metadata within one poll step (a busy machine): asked again
    }
    if (infos == null || infos.isEmpty()) {
      return List.of(); // the topic does not exist (yet)
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> target) {
    for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Duration remaining(long endNanos) {
    return Duration.ofNanos(
        Math.max(TimeUnit.MILLISECONDS.toNanos(1), endNanos - System.nanoTime()));
  }

  private static Duration pollStep(long endNanos) {
    Duration remaining = remaining(endNanos);
    return remaining.compareTo(POLL_STEP) < 0 ? remaining : POLL_STEP;
  }

  /**
   * Stops the embedded broker ({@code shutdown()} then {@code awaitShutdown()}) and deletes its
   * data directory. Does nothing for an external broker. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (external) {
      LOG.info("Leaving EXTERNAL Kafka broker at {} running", bootstrapServers);
      return;
    }
    long t0 = System.nanoTime();
    try {
      if (server != null) { // null: stopped by stopBroker() and not restarted
        server.shutdown();
        server.awaitShutdown();
        server = null;
      }
    } finally {
      deleteRecursively(dataDir);
    }
    LOG.info(
        "Stopped EMBEDDED Kafka broker at {} in {} ms and deleted {}",
        bootstrapServers,
        millis(System.nanoTime() - t0),
        dataDir);
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + (isExternal() ? "external " : "embedded ") + bootstrapServers + "]";
  }

  private static int[] twoFreeLoopbackPorts() {
    try {
      InetAddress loopback = InetAddress.getByName(LOOPBACK);
      try (ServerSocket a = new ServerSocket(0, 1, loopback);
          ServerSocket b = new ServerSocket(0, 1, loopback)) {
        return new int[] {a.getLocalPort(), b.getLocalPort()};
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + LOOPBACK, e);
    }
  }

  private static boolean isPortClash(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  LOG.warn("could not delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
