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
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.kafka.OutputTopics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code deploy/kubernetes} consistent with the code. Those manifests cannot run on the
 * machines that build this project, so nothing else would notice when a renamed class, a new topic,
 * a bumped version or a mistyped Flink key leaves them behind. Every fact they share with the code
 * is checked here against the code itself: the entry class and jar name, the job's arguments
 * through the job's own parser, the contract's topics and the partitions the job expects, Flink's
 * configuration keys as Flink declares them, Kafka users, ports and mounts.
 *
 * <p>It checks that every manifest is a Kubernetes object listed in {@code kustomization.yaml};
 * that the FlinkDeployment starts the job's entry class from the shaded jar of this version, in an
 * image of this Flink version, as the {@code Dockerfile} builds it; that the job's arguments pass
 * the job's own parser and name the contract's topics, which the KafkaTopics create with the
 * partitions the job expects; that every Flink configuration key is one Flink declares, with a
 * value of its type, and agrees with what the job sets itself; that the Kafka cluster runs the
 * build's Kafka version, the job reaches it as the KafkaUser over SCRAM and TLS with the mounted
 * client properties, and the console at the same address; that the user's ACLs allow what the job
 * does; and that the PodMonitor and the console's Service use the ports their containers open.
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

  @BeforeAll
  static void load() throws IOException {
    dir = Path.of(property("corridor.project.dir")).resolve("deploy/kubernetes");
    byKind = new HashMap<>();
    for (JsonNode doc : documents()) {
      byKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
    }
    flink = one("FlinkDeployment");
    options = CorridorAnalyticsJob.parse(jobArgs());
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
    JsonNode kafka = one("Kafka");
    String cluster = kafka.path("metadata").path("name").asText();
    assertThat(kafka.path("spec").path("kafka").path("version").asText())
        .isEqualTo(property("corridor.kafka.version"));
    JsonNode listener = null;
    for (JsonNode l : kafka.path("spec").path("kafka").path("listeners")) {
      if (l.path("authentication").path("type").asText().equals("scram-sha-512")) {
        listener = l;
      }
    }
    assertThat(listener).as("a SCRAM-SHA-512 listener").isNotNull();
    assertThat(listener.path("tls").asBoolean()).isTrue();
    String bootstrap = cluster + "-kafka-bootstrap:" + listener.path("port").asInt();
    assertThat(options.kafka.bootstrapServers()).isEqualTo(bootstrap);

    JsonNode user = one("KafkaUser");
    assertThat(user.path("spec").path("authentication").path("type").asText())
        .isEqualTo("scram-sha-512");
    Map<String, String> mounts = mountedVolumes();
    String userMount = mounts.get("secret:" + user.path("metadata").path("name").asText());
    String caMount = mounts.get("secret:" + cluster + "-cluster-ca-cert");
    assertThat(userMount).as("mount of the KafkaUser's Secret").isNotNull();
    assertThat(caMount).as("mount of the cluster CA's Secret").isNotNull();

    // --kafka-properties is a key of a mounted ConfigMap, and that file uses the mounts above
    Path file = options.kafka.kafkaProperties();
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
    assertThat(client.getProperty("sasl.jaas.config"))
        .as("sasl.jaas.config, read from the KafkaUser's Secret")
        .endsWith(":" + userMount + ":sasl.jaas.config}");

    String console = envOf(one("Deployment"), "CORRIDOR_BOOTSTRAP_SERVERS");
    assertThat(console).as("the console's bootstrap servers").isEqualTo(bootstrap);
  }

  @Test
  void theKafkaUserMayDoWhatTheJobDoes() {
    List<String> grants = new ArrayList<>();
    for (JsonNode acl : one("KafkaUser").path("spec").path("authorization").path("acls")) {
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
  void consoleServiceSendsItsPortToTheConsoleContainer() {
    JsonNode deployment = one("Deployment");
    JsonNode service = one("Service");
    Map<String, Integer> ports = containerPorts(deployment.path("spec").path("template"), null);
    JsonNode servicePort = service.path("spec").path("ports").path(0);
    JsonNode target = servicePort.path("targetPort");
    int targetPort = target.isTextual() ? ports.getOrDefault(target.asText(), -1) : target.asInt();
    assertThat(ports.values()).as("container ports").contains(targetPort);
    assertThat(servicePort.path("port").asInt()).isEqualTo(targetPort);
    JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
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

  /** Mount path of each volume of the Flink pods, as "secret:NAME" or "configMap:NAME". */
  private static Map<String, String> mountedVolumes() {
    JsonNode pod = flink.path("spec").path("podTemplate").path("spec");
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

  private static String envOf(JsonNode deployment, String name) {
    for (JsonNode c : deployment.path("spec").path("template").path("spec").path("containers")) {
      for (JsonNode e : c.path("env")) {
        if (e.path("name").asText().equals(name)) {
          return e.path("value").asText();
        }
      }
    }
    return null;
  }

  private static String line(String text, String regex) {
    Matcher m = Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("a line matching %s", regex).isTrue();
    return m.group(1);
  }

  // --- the code's side

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
