package org.corridorwatch.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.model.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak drill's instrument: every {@code --every} for {@code --duration}, one CSV row with the
 * TaskManagers' heap in use (REST {@code Status.JVM.Memory.Heap.Used}; its lower envelope is the
 * heap after garbage collection), the last completed checkpoint's size (REST {@code
 * /jobs/<id>/checkpoints}) and the job's input lag: records on the input topics past the offsets
 * its sources committed with their last checkpoint (Kafka's consumer-group lag). Then it renders
 * the CSV as a PNG ({@link SoakPlot}).
 */
@Command(
    name = "soak-sampler",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {"Samples heap, checkpoint size and input lag of a running job into a CSV."})
public final class SoakSampler implements Callable<Integer> {
  @Option(names = "--rest", paramLabel = "URL", required = true, description = "Flink REST URL.")
  String rest;

  @Option(names = "--job", paramLabel = "ID", required = true, description = "The job id.")
  String job;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOSTS",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka brokers. Default: ${DEFAULT-VALUE}.")
  String bootstrapServers;

  @Option(
      names = "--group",
      paramLabel = "ID",
      defaultValue = "corridor-analytics",
      description = "The job's consumer group (its --group-id). Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      defaultValue = "30m",
      converter = TimeOptions.DurationConverter.class,
      description = "Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = TimeOptions.DurationConverter.class,
      description = "Default: ${DEFAULT-VALUE}.")
  Duration every;

  @Option(names = "--csv", paramLabel = "FILE", required = true, description = "The samples.")
  Path csv;

  @Option(names = "--png", paramLabel = "FILE", description = "The plot. Default: none.")
  Path png;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    long start = System.nanoTime();
    long next = start;
    try (Admin admin = Admin.create(p);
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println(SoakPlot.HEADER);
      while (System.nanoTime() - start < duration.toNanos()) {
        next += every.toNanos();
        long seconds = Math.round((System.nanoTime() - start) / 1e9);
        out.printf("%d,%d,%d,%d%n", seconds, heapUsedBytes(), checkpointBytes(), inputLag(admin));
        out.flush();
        // a fixed sampling cadence, not a wait for a condition
        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
      }
    }
    if (png != null) {
      SoakPlot.render(csv, png);
    }
    return 0;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(rest + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new CommandFailure(path + " answered " + response.statusCode());
    }
    return mapper.readTree(response.body());
  }

  /** Heap in use summed over the TaskManagers. */
  private long heapUsedBytes() throws Exception {
    long sum = 0;
    for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
      for (JsonNode m :
          get(
              "/taskmanagers/"
                  + tm.path("id").asText()
                  + "/metrics?get=Status.JVM.Memory.Heap.Used")) {
        sum += m.path("value").asLong();
      }
    }
    return sum;
  }

  private long checkpointBytes() throws Exception {
    JsonNode completed = get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
    return completed.isMissingNode() || completed.isNull()
        ? 0
        : completed.path("checkpointed_size").asLong(completed.path("state_size").asLong());
  }

  /** Records on the input topics past what the job's sources committed. */
  private long inputLag(Admin admin) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    List<TopicPartition> inputs = new ArrayList<>();
    for (TopicPartition tp : committed.keySet()) {
      if (List.of(Topics.BORDER_CROSSINGS, Topics.SHIPMENTS, Topics.CONTROL).contains(tp.topic())) {
        inputs.add(tp);
      }
    }
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    inputs.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get();
    long lag = 0;
    for (TopicPartition tp : inputs) {
      lag += Math.max(0, ends.get(tp).offset() - committed.get(tp).offset());
    }
    return lag;
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new SoakSampler(), args));
  }
}
