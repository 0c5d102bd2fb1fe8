package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.console.web.ConsoleServer;
import org.corridorwatch.console.web.OutputReader;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.kafka.OutputTopics;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import picocli.CommandLine;

/**
 * Keeps {@code deploy/kubernetes} consistent with the code. Those manifests cannot run on the
 * machines that build this project, so nothing else would notice when a renamed class, a new topic,
 * a bumped version or a mistyped Flink key leaves them behind. Every fact they share with the code
 * is checked here against the code itself: the entry class and jar names, the job's and the
 * console's arguments through their own parsers, the contract's topics and the partitions the job
 * expects, Flink's configuration keys as Flink declares them, Kafka users, ports, probes and
 * mounts.
 *
 * <p>It checks that every manifest is a Kubernetes object listed in {@code kustomization.yaml};
 * that the FlinkDeployment starts the job's entry class from the shaded jar of this version, in an
 * image of this Flink version, as the {@code Dockerfile} builds it; that the job's arguments pass
 * the job's own parser and name the contract's topics, which the KafkaTopics create with the
 * partitions the job expects; that every Flink configuration key is one Flink declares, with a
 * value of its type, and agrees with what the job sets itself; that the Kafka cluster runs the
 * build's Kafka version, and the job reaches it as its KafkaUser over SCRAM and TLS with the
 * mounted client properties; that the user's ACLs allow what the job does; that the PodMonitor
 * scrapes the port the reporter opens. For the console: that its image runs the jar the console's
 * pom shades at this version, on the Java the build compiles for, as {@code console.Dockerfile}
 * builds it; that its arguments pass the console's own parser, reach the job's brokers and read
 * outputs the job writes, as the console's own KafkaUser, which may read those and nothing else;
 * that its Service, container port and probes use the port it listens on, on the pod's address; and
 * that the probes ask a path a running console answers.
 *
 * <p>It lives in the drills module, beside the drills' Java, which tests the deployment, since no
 * Java lives under {@code deploy/}. It reads the manifests by path ({@code deploy/kubernetes} under
 * {@code corridor.project.dir}, the build's top folder), and sits in the job's package because the
 * parsed options it reads ({@link AnalyticsOptions}) keep their fields package-private.
 */
class KubernetesManifestsTest {
  /** Reporter keys are named by the user ({@code metrics.reporter.<name>.<setting>}). */
  private static final Pattern METRICS_REPORTER_KEY =
      Pattern.compile("metrics\\.reporter\\.[A-Za-z0-9_-]+\\..+");

  private static Path dir;
  private static Map<String, List<JsonNode>> byKind;
  private static JsonNode flink;
  private static AnalyticsOptions options;
  private static JsonNode console;
  private static CommandLine consoleCommand;

  @BeforeAll
  static void load() throws IOException {
    dir = Path.of(property("corridor.project.dir")).resolve("deploy/kubernetes");
    byKind = new HashMap<>();
    for (JsonNode doc : documents()) {
      byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
    }
    flink = one("FlinkDeployment");
    options = CorridorAnalyticsJob.parse(jobArgs());
    console = one("Deployment");
    consoleCommand = CommandLines.create(new ConsoleServer());
    consoleCommand.parseArgs(consoleArgs());
  }

  @Test
  void everyManifestIsAKubernetesObjectListedInTheKustomization() throws IOException {
    for (List<JsonNode> docs : byKind.values()) {
      for (JsonNode doc : docs) {
        assertThat(doc.path("apiVersion").asText()).as("apiVersion of %s", doc).isNotEmpty();
        assertThat(doc.path("kind").asText()).as("kind of %s", doc).isNotEmpty();
      }
    }
    Set<String> listed = new TreeSet<>();
    one("Kustomization").path("resources").forEach(r -> listed.add(r.asText()));
    Set<String> files = new TreeSet<>();
    for (Path file : yamlFiles()) {
      files.add(file.getFileName().toString());
    }
    files.remove("kustomization.yaml");
    assertThat(listed).as("resources of kustomization.yaml").isEqualTo(files);
  }

  @Test
  void flinkDeploymentStartsTheJobsEntryClassFromTheShadedJarInTheImage() throws IOException {
    String version = property("corridor.project.version");
    String flinkVersion = property("corridor.flink.version");
    JsonNode job = flink.path("spec").path("job");

    assertThat(job.path("entryClass").asText()).isEqualTo(CorridorAnalyticsJob.class.getName());
    // the shaded jar: <artifactId>-<version>-<shadedClassifierName>.jar (jobs/pom.xml)
    String jar = "corridor-watch-jobs-" + version + "-job.jar";
    assertThat(job.path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/" + jar);
    assertThat(flink.path("spec").path("image").asText())
        .isEqualTo("corridor-watch-jobs:" + version);
    String[] majorMinor = flinkVersion.split("\\.");
    assertThat(flink.path("spec").path("flinkVersion").asText())
        .isEqualTo("v" + majorMinor[0] + "_" + majorMinor[1]);

    String dockerfile = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
    assertThat(line(dockerfile, "FROM (\\S+)")).isEqualTo("flink:" + flinkVersion + "-java17");
    assertThat(line(dockerfile, "ARG VERSION=(\\S+)")).isEqualTo(version);
    assertThat(line(dockerfile, "COPY .*?(\\S+ \\S+)"))
        .isEqualTo("jobs/target/corridor-watch-jobs-${VERSION}-job.jar /opt/flink/usrlib/");
  }

  @Test
  void jobArgumentsAreValidOptionsNamingTheContractTopics() throws Exception {
    assertThat(options.problem()).isNull();
    List<String> named = new ArrayList<>(options.inputTopics.topics().all());
    named.addAll(options.outputTopics.topics().all());
    assertThat(new HashSet<>(named)).hasSize(8).isEqualTo(contractTopics());
    assertThat(options.delivery.checkpointDir).isNotNull();
  }

  @Test
  void kafkaTopicsAreTheContractTopicsWithThePartitionsTheJobExpects() throws Exception {
    Set<String> names = new HashSet<>();
    for (JsonNode topic : all("KafkaTopic")) {
      String name = topicName(topic);
      names.add(name);
      assertThat(topic.path("spec").path("partitions").asInt())
          .as("partitions of %s: the job's --partitions", name)
          .isEqualTo(options.topicCreation.partitions());
      assertThat(topic.path("spec").path("replicas").asInt())
          .as("replicas of %s: the job's --replication-factor", name)
          .isEqualTo(options.topicCreation.replicationFactor());
      assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText())
          .as("cluster of %s", name)
          .isEqualTo(one("Kafka").path("metadata").path("name").asText());
    }
    assertThat(names).isEqualTo(contractTopics());
    // a source never runs more readers than partitions: more parallelism would only idle
    assertThat(flink.path("spec").path("job").path("parallelism").asInt())
        .isBetween(1, options.topicCreation.partitions());
  }

  @Test
  void theKnownFlinkKeysIncludeDeprecatedOnes() {
    Map<String, List<ConfigOption<?>>> known = flinkOptions();
    assertThat(known).containsKey(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
    // the fallback key of the one above: a manifest written for Flink 1.x still passes
    assertThat(known).containsKey("state.checkpoints.dir");
  }

  @Test
  void everyFlinkConfigurationKeyIsAFlinkOptionWithAValueOfItsType() {
    Map<String, List<ConfigOption<?>>> known = flinkOptions();
    Map<String, String> conf = flinkConfiguration();
    Configuration parsed = Configuration.fromMap(conf);
    List<String> unknown = new ArrayList<>();
    for (String key : conf.keySet()) {
      if (METRICS_REPORTER_KEY.matcher(key).matches()) {
        continue;
      }
      List<ConfigOption<?>> declared = known.get(key);
      if (declared == null) {
        unknown.add(key);
        continue;
      }
      for (ConfigOption<?> option : declared) {
        assertThatCode(() -> parsed.get(option))
            .as("%s: %s", key, conf.get(key))
            .doesNotThrowAnyException();
      }
    }
    assertThat(unknown).as("keys no Flink options class declares").isEmpty();
  }

  @Test
  void flinkConfigurationAgreesWithWhatTheJobSetsItself() {
    Map<String, List<ConfigOption<?>>> known = flinkOptions();
    Configuration cluster = Configuration.fromMap(flinkConfiguration());
    Configuration job = CorridorAnalyticsJob.configuration(options);
    for (String key : job.keySet()) {
      for (ConfigOption<?> option : known.getOrDefault(key, List.of())) {
        if (cluster.contains(option)) {
          assertThat((Object) cluster.get(option))
              .as("%s in flinkConfiguration and in the job's arguments", key)
              .isEqualTo(job.get(option));
        }
      }
    }
    // upgradeMode: savepoint needs somewhere to write them; Kubernetes HA its storage
    Map<String, String> conf = flinkConfiguration();
    assertThat(flink.path("spec").path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
    assertThat(conf)
        .containsKey(CheckpointingOptions.SAVEPOINT_DIRECTORY.key())
        .containsEntry("high-availability.type", "kubernetes")
        .containsKey("high-availability.storageDir");
  }

  @Test
  void theJobReachesKafkaAsItsScramUserOverTls() throws IOException {
    assertThat(one("Kafka").path("spec").path("kafka").path("version").asText())
        .isEqualTo(property("corridor.kafka.version"));
    assertThat(options.kafka.bootstrapServers()).isEqualTo(scramBootstrap());
    Properties client = clientProperties(flinkPod(), options.kafka.kafkaProperties());
    assertThat(kafkaUserOf(flinkPod(), client)).isNotNull();
  }

  @Test
  void theKafkaUserMayDoWhatTheJobDoes() throws IOException {
    List<String> grants = grants(jobUser());
    for (String in : options.inputTopics.topics().all()) {
      assertThat(grants).contains("topic:" + in + ":literal:Read");
    }
    OutputTopics outputs = options.outputTopics.topics();
    for (String out :
        List.of(
            outputs.utilisation(), outputs.balance(), outputs.alerts(), outputs.deadLetters())) {
      assertThat(grants).contains("topic:" + out + ":literal:Write");
    }
    assertThat(grants).contains("group:" + options.delivery.groupId + ":literal:Read");
    assertThat(grants)
        .contains("transactionalId:" + options.delivery.transactionalIdPrefix + ":prefix:Write");
  }

  @Test
  void podMonitorScrapesThePrometheusReporterPort() {
    JsonNode monitor = one("PodMonitor");
    assertThat(monitor.path("spec").path("selector").path("matchLabels").path("app").asText())
        .as("native Kubernetes Flink labels its pods app: <FlinkDeployment name>")
        .isEqualTo(flink.path("metadata").path("name").asText());
    String port = monitor.path("spec").path("podMetricsEndpoints").path(0).path("port").asText();
    int reporterPort = Integer.parseInt(flinkConfiguration().get("metrics.reporter.prom.port"));
    Map<String, Integer> ports =
        containerPorts(flink.path("spec").path("podTemplate"), "flink-main-container");
    assertThat(ports).containsEntry(port, reporterPort);
  }

  @Test
  void consoleImageRunsTheConsolesShadedJarOnTheBuildsJava() throws Exception {
    String version = property("corridor.project.version");
    assertThat(consoleContainer().path("image").asText())
        .isEqualTo("corridor-watch-console:" + version);

    // the jar as console/pom.xml names it: <artifactId>-<version>-<shadedClassifierName>.jar
    Document pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of(property("corridor.project.dir"), "console", "pom.xml").toFile());
    String shade =
        "/project/build/plugins/plugin[artifactId='maven-shade-plugin']"
            + "/executions/execution/configuration/";
    assertThat(xpath(pom, shade + "shadedArtifactAttached")).isEqualTo("true");
    assertThat(xpath(pom, shade + "transformers/transformer/mainClass"))
        .isEqualTo(ConsoleServer.class.getName());
    String jar =
        xpath(pom, "/project/artifactId")
            + "-${VERSION}-"
            + xpath(pom, shade + "shadedClassifierName")
            + ".jar";

    String dockerfile = Files.readString(dir.resolve("console.Dockerfile"), StandardCharsets.UTF_8);
    assertThat(line(dockerfile, "FROM (\\S+)"))
        .matches("eclipse-temurin:" + property("corridor.java.release") + "-jre(-[a-z0-9]+)?");
    assertThat(line(dockerfile, "ARG VERSION=(\\S+)")).isEqualTo(version);
    String[] copy = line(dockerfile, "COPY (\\S+ \\S+)").split(" ");
    assertThat(copy[0]).isEqualTo("console/target/" + jar);
    List<String> entrypoint = new ArrayList<>();
    new ObjectMapper()
        .readTree(line(dockerfile, "ENTRYPOINT (\\[.*\\])"))
        .forEach(a -> entrypoint.add(a.asText()));
    assertThat(entrypoint).as("ENTRYPOINT").contains("-jar");
    assertThat(entrypoint.get(entrypoint.indexOf("-jar") + 1))
        .as("the jar ENTRYPOINT runs")
        .isEqualTo(copy[1]);
    // the logging configuration named there is on the console's runtime classpath, so in its jar
    String logConfig = "-Dlog4j2.configurationFile=";
    List<String> logConfigs =
        entrypoint.stream()
            .filter(a -> a.startsWith(logConfig))
            .map(a -> a.substring(logConfig.length()))
            .toList();
    assertThat(logConfigs).hasSize(1);
    assertThat(ConsoleServer.class.getClassLoader().getResource(logConfigs.get(0)))
        .as("resource %s", logConfigs.get(0))
        .isNotNull();
    // runAsNonRoot can only verify a numeric user
    assertThat(Integer.parseInt(line(dockerfile, "USER (\\d+)(?::\\d+)?"))).as("USER").isPositive();
    assertThat(consoleContainer().path("securityContext").path("runAsNonRoot").asBoolean(false))
        .isTrue();
  }

  @Test
  void consoleArgumentsReachTheJobsBrokersAndReadOutputsTheJobWrites() throws Exception {
    assertThat(consoleKafka().bootstrapServers()).isEqualTo(options.kafka.bootstrapServers());
    assertThat(options.outputTopics.topics().all())
        .as("the job's outputs")
        .containsAll(OutputReader.topicsRead(consoleOutputs()));
    String bind = consoleOption("--bind");
    assertThat(InetAddress.getByName(bind).isAnyLocalAddress())
        .as("--bind %s: in a pod, the Service and the probes come in on the pod's address", bind)
        .isTrue();
  }

  @Test
  void theConsoleReachesKafkaAsItsOwnUserThatMayOnlyReadWhatItShows() throws IOException {
    Properties client = clientProperties(consolePod(), consoleKafka().kafkaProperties());
    JsonNode user = kafkaUserOf(consolePod(), client);
    assertThat(user.path("metadata").path("name").asText())
        .as("the console's KafkaUser")
        .isNotEqualTo(jobUser().path("metadata").path("name").asText());
    Set<String> reads = new TreeSet<>();
    for (String topic : OutputReader.topicsRead(consoleOutputs())) {
      reads.add("topic:" + topic + ":literal:Describe");
      reads.add("topic:" + topic + ":literal:Read");
    }
    assertThat(new TreeSet<>(grants(user)))
        .as("the console's ACLs: read the topics it reads, nothing else")
        .isEqualTo(reads);
    // so no group ACL: the console's consumer has no group, it assigns itself every partition
    assertThat(KafkaConnectionOptions.readCommittedConsumer(client))
        .doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
  }

  @Test
  void consoleServiceSendsItsPortToTheConsoleContainer() {
    int port = consoleOption("--port");
    assertThat(port).as("--port: a Service needs a fixed one").isBetween(1, 65535);
    JsonNode service = one("Service");
    Map<String, Integer> ports = containerPorts(console.path("spec").path("template"), null);
    assertThat(ports.values()).as("container ports").contains(port);
    JsonNode servicePort = service.path("spec").path("ports").path(0);
    assertThat(consolePortNumber(servicePort.path("targetPort"))).isEqualTo(port);
    assertThat(servicePort.path("port").asInt()).isEqualTo(port);
    JsonNode podLabels = console.path("spec").path("template").path("metadata").path("labels");
    service
        .path("spec")
        .path("selector")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(podLabels.path(e.getKey()).asText())
                    .as("pod label %s", e.getKey())
                    .isEqualTo(e.getValue().asText()));
  }

  @Test
  void consoleProbesAskAPathARunningConsoleAnswers() throws Exception {
    Set<String> paths = new TreeSet<>();
    for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
      JsonNode get = consoleContainer().path(probe).path("httpGet");
      if (probe.equals("startupProbe") && get.isMissingNode()) {
        continue;
      }
      assertThat(get.isMissingNode()).as("%s: an HTTP GET", probe).isFalse();
      int port = consoleOption("--port");
      assertThat(consolePortNumber(get.path("port"))).as("port of %s", probe).isEqualTo(port);
      paths.add(get.path("path").asText());
    }
    // Asked of a console started here on a free loopback port, with no broker behind it: a probe
    // must be answered whether Kafka is there or not.
    ConsoleServer server = ConsoleServer.parse("--port=0", "--bootstrap-servers=127.0.0.1:1");
    server.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      for (String path : paths) {
        HttpRequest get =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        // the kubelet counts 200 to 399 as success
        assertThat(http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode())
            .as("GET %s", path)
            .isBetween(200, 399);
      }
    } finally {
      server.close();
    }
  }

  // --- the manifests

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static List<JsonNode> documents() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> docs = new ArrayList<>();
    for (Path file : yamlFiles()) {
      try (MappingIterator<JsonNode> it =
          yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
            docs.add(doc);
          }
        }
      }
    }
    return docs;
  }

  private static List<JsonNode> all(String kind) {
    return byKind.getOrDefault(kind, List.of());
  }

  private static JsonNode one(String kind) {
    assertThat(all(kind)).as("manifests of kind %s", kind).hasSize(1);
    return all(kind).get(0);
  }

  private static String[] jobArgs() {
    List<String> args = new ArrayList<>();
    flink.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
    return args.toArray(String[]::new);
  }

  /** flinkConfiguration as the operator takes it: a map of strings, so a bare 2 is an error. */
  private static Map<String, String> flinkConfiguration() {
    Map<String, String> conf = new LinkedHashMap<>();
    flink
        .path("spec")
        .path("flinkConfiguration")
        .fields()
        .forEachRemaining(
            e -> {
              assertThat(e.getValue().isTextual())
                  .as("%s must be a string: quote it", e.getKey())
                  .isTrue();
              conf.put(e.getKey(), e.getValue().asText());
            });
    return conf;
  }

  private static String topicName(JsonNode topic) {
    String name = topic.path("spec").path("topicName").asText();
    return name.isEmpty() ? topic.path("metadata").path("name").asText() : name;
  }

  private static JsonNode flinkPod() {
    return flink.path("spec").path("podTemplate").path("spec");
  }

  private static JsonNode consolePod() {
    return console.path("spec").path("template").path("spec");
  }

  private static JsonNode consoleContainer() {
    JsonNode containers = consolePod().path("containers");
    assertThat(containers.size()).as("containers of the console's pod").isEqualTo(1);
    return containers.path(0);
  }

  private static String[] consoleArgs() {
    List<String> args = new ArrayList<>();
    consoleContainer().path("args").forEach(a -> args.add(a.asText()));
    return args.toArray(String[]::new);
  }

  /** A container port given by name or number, as a number; -1 for a name no port has. */
  private static int consolePortNumber(JsonNode port) {
    Map<String, Integer> ports = containerPorts(console.path("spec").path("template"), null);
    return port.isTextual() ? ports.getOrDefault(port.asText(), -1) : port.asInt();
  }

  /** Mount path of each volume of a pod, as "secret:NAME" or "configMap:NAME". */
  private static Map<String, String> mountedVolumes(JsonNode pod) {
    Map<String, String> sources = new HashMap<>();
    for (JsonNode v : pod.path("volumes")) {
      if (v.has("secret")) {
        sources.put(
            v.path("name").asText(), "secret:" + v.path("secret").path("secretName").asText());
      } else if (v.has("configMap")) {
        sources.put(
            v.path("name").asText(), "configMap:" + v.path("configMap").path("name").asText());
      }
    }
    Map<String, String> mounts = new HashMap<>();
    for (JsonNode c : pod.path("containers")) {
      for (JsonNode m : c.path("volumeMounts")) {
        String source = sources.get(m.path("name").asText());
        if (source != null) {
          mounts.put(source, m.path("mountPath").asText());
        }
      }
    }
    return mounts;
  }

  /** Port name to number of the containers of a pod template, or of the one named. */
  private static Map<String, Integer> containerPorts(JsonNode podTemplate, String container) {
    Map<String, Integer> ports = new HashMap<>();
    for (JsonNode c : podTemplate.path("spec").path("containers")) {
      if (container == null || c.path("name").asText().equals(container)) {
        for (JsonNode p : c.path("ports")) {
          ports.put(p.path("name").asText(), p.path("containerPort").asInt());
        }
      }
    }
    return ports;
  }

  /**
   * The Kafka client properties a pod's program reads: its {@code --kafka-properties} is a key of a
   * ConfigMap mounted in the pod, and the file asks for SCRAM over TLS and trusts the cluster's CA
   * as mounted there.
   */
  private static Properties clientProperties(JsonNode pod, Path file) throws IOException {
    assertThat(file).as("--kafka-properties").isNotNull();
    Map<String, String> mounts = mountedVolumes(pod);
    String caMount = mounts.get("secret:" + kafkaCluster() + "-cluster-ca-cert");
    assertThat(caMount).as("mount of the cluster CA's Secret").isNotNull();
    JsonNode configMap = null;
    for (JsonNode cm : all("ConfigMap")) {
      String mount = mounts.get("configMap:" + cm.path("metadata").path("name").asText());
      if (mount != null && file.getParent().toString().equals(mount)) {
        configMap = cm;
      }
    }
    assertThat(configMap).as("a mounted ConfigMap holding %s", file).isNotNull();
    Properties client = new Properties();
    client.load(
        new StringReader(configMap.path("data").path(file.getFileName().toString()).asText()));
    assertThat(client)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", caMount + "/ca.crt");
    return client;
  }

  /**
   * The KafkaUser whose credentials a pod's client properties use: they read {@code
   * sasl.jaas.config} through a DirectoryConfigProvider allowed to read a directory where a Secret
   * is mounted, and Strimzi writes that Secret for the SCRAM KafkaUser of the same name.
   */
  private static JsonNode kafkaUserOf(JsonNode pod, Properties client) {
    Matcher jaas =
        Pattern.compile("\\$\\{([^:}]+):([^:}]+):sasl\\.jaas\\.config}")
            .matcher(client.getProperty("sasl.jaas.config", ""));
    assertThat(jaas.matches())
        .as("sasl.jaas.config read from a file: %s", client.getProperty("sasl.jaas.config"))
        .isTrue();
    String provider = jaas.group(1);
    String secretDir = jaas.group(2);
    assertThat(client.getProperty("config.providers", "").split(","))
        .as("config.providers")
        .contains(provider);
    assertThat(client.getProperty("config.providers." + provider + ".class"))
        .isEqualTo(DirectoryConfigProvider.class.getName());
    assertThat(
            client
                .getProperty("config.providers." + provider + ".param.allowed.paths", "")
                .split(","))
        .as("the directories %s may read", provider)
        .contains(secretDir);
    String secret = null;
    for (Map.Entry<String, String> mount : mountedVolumes(pod).entrySet()) {
      if (mount.getKey().startsWith("secret:") && mount.getValue().equals(secretDir)) {
        secret = mount.getKey().substring("secret:".length());
      }
    }
    assertThat(secret).as("a Secret mounted at %s", secretDir).isNotNull();
    JsonNode user = null;
    for (JsonNode u : all("KafkaUser")) {
      if (u.path("metadata").path("name").asText().equals(secret)) {
        user = u;
      }
    }
    assertThat(user).as("the KafkaUser %s, whose Secret that is", secret).isNotNull();
    assertThat(user.path("spec").path("authentication").path("type").asText())
        .isEqualTo("scram-sha-512");
    assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText())
        .isEqualTo(kafkaCluster());
    return user;
  }

  private static JsonNode jobUser() throws IOException {
    return kafkaUserOf(flinkPod(), clientProperties(flinkPod(), options.kafka.kafkaProperties()));
  }

  /** A user's ACLs as "type:name:patternType:operation". */
  private static List<String> grants(JsonNode user) {
    List<String> grants = new ArrayList<>();
    for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
      JsonNode r = acl.path("resource");
      for (JsonNode op : acl.path("operations")) {
        grants.add(
            r.path("type").asText()
                + ":"
                + r.path("name").asText()
                + ":"
                + r.path("patternType").asText("literal")
                + ":"
                + op.asText());
      }
    }
    return grants;
  }

  private static String kafkaCluster() {
    return one("Kafka").path("metadata").path("name").asText();
  }

  /** The address of the Kafka cluster's SCRAM listener, which must use TLS. */
  private static String scramBootstrap() {
    JsonNode listener = null;
    for (JsonNode l : one("Kafka").path("spec").path("kafka").path("listeners")) {
      if (l.path("authentication").path("type").asText().equals("scram-sha-512")) {
        listener = l;
      }
    }
    assertThat(listener).as("a SCRAM-SHA-512 listener").isNotNull();
    assertThat(listener.path("tls").asBoolean()).isTrue();
    return kafkaCluster() + "-kafka-bootstrap:" + listener.path("port").asInt();
  }

  private static String xpath(Document doc, String expression) throws Exception {
    String value = XPathFactory.newInstance().newXPath().evaluate(expression, doc).strip();
    assertThat(value).as("%s in console/pom.xml", expression).isNotEmpty();
    return value;
  }

  private static String line(String text, String regex) {
    Matcher m = Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("a line matching %s", regex).isTrue();
    return m.group(1);
  }

  // --- the code's side

  /** An option's value as the console's parser left it, its default if not given. */
  private static <T> T consoleOption(String name) {
    return consoleCommand.getCommandSpec().findOption(name).getValue();
  }

  /** The console's mixin of this type, as its parser filled it. */
  private static <T> T consoleMixin(Class<T> type) {
    for (Object mixin : consoleCommand.getMixins().values()) {
      if (type.isInstance(mixin)) {
        return type.cast(mixin);
      }
    }
    throw new AssertionError("the console takes no " + type.getSimpleName());
  }

  private static KafkaConnectionOptions consoleKafka() {
    return consoleMixin(KafkaConnectionOptions.class);
  }

  private static OutputTopics consoleOutputs() {
    return consoleMixin(OutputTopicsOptions.class).topics();
  }

  /** Every topic of wire contract v1: the constants of {@link Topics}. */
  private static Set<String> contractTopics() throws IllegalAccessException {
    Set<String> topics = new HashSet<>();
    for (Field f : Topics.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        topics.add((String) f.get(null));
      }
    }
    return topics;
  }

  private static Map<String, List<ConfigOption<?>>> flinkOptionsCache;

  /**
   * Every configuration key Flink declares, with its deprecated and fallback keys: the {@code
   * ConfigOption} constants of every class in Flink's {@code org.apache.flink.configuration}
   * package, in whichever jars on the classpath hold it.
   */
  private static synchronized Map<String, List<ConfigOption<?>>> flinkOptions() {
    if (flinkOptionsCache != null) {
      return flinkOptionsCache;
    }
    String pkg = ConfigOption.class.getPackageName();
    Map<String, List<ConfigOption<?>>> byKey = new HashMap<>();
    for (String className : classesIn(pkg)) {
      Class<?> type;
      try {
        type = Class.forName(className, true, ConfigOption.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        continue; // a class needing what this classpath lacks declares no option we can use
      }
      for (Field f : type.getFields()) {
        if (!Modifier.isStatic(f.getModifiers()) || f.getType() != ConfigOption.class) {
          continue;
        }
        ConfigOption<?> option;
        try {
          option = (ConfigOption<?>) f.get(null);
        } catch (IllegalAccessException e) {
          continue;
        }
        byKey.computeIfAbsent(option.key(), k -> new ArrayList<>()).add(option);
        for (FallbackKey fallback : option.fallbackKeys()) {
          byKey.computeIfAbsent(fallback.getKey(), k -> new ArrayList<>()).add(option);
        }
      }
    }
    flinkOptionsCache = byKey;
    return byKey;
  }

  private static Set<String> classesIn(String pkg) {
    String path = pkg.replace('.', '/');
    Set<String> classes = new TreeSet<>();
    try {
      Enumeration<URL> roots = ConfigOption.class.getClassLoader().getResources(path);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        if (root.getProtocol().equals("jar")) {
          JarURLConnection connection = (JarURLConnection) root.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
              addClass(classes, path, entry.getName());
            }
          }
        } else if (root.getProtocol().equals("file")) {
          Path base = Path.of(root.toURI());
          try (Stream<Path> files = Files.list(base)) {
            files.forEach(f -> addClass(classes, path, path + "/" + f.getFileName()));
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot list the classes of " + pkg, e);
    }
    return classes;
  }

  /** Adds a top-level class directly in {@code path}; nested classes hold no options here. */
  private static void addClass(Set<String> classes, String path, String entry) {
    if (entry.startsWith(path + "/")
        && entry.endsWith(".class")
        && entry.indexOf('/', path.length() + 1) < 0
        && !entry.contains("$")) {
      classes.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value)
        .as("system property %s; run through Maven, which sets it (jobs/pom.xml)", name)
        .isNotBlank();
    return value;
  }
}
