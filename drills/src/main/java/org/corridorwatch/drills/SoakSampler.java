package org.corridorwatch.drills;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.cli.TimeOptions;
import org.corridorwatch.generators.OutOfOrdernessOption;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopicsOptions;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import org.corridorwatch.seeds.CorridorCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The soak drill's instrument: every {@code --every} for {@code --duration}, one CSV row with
 *
 * <ul>
 *   <li>each TaskManager's heap after the full collection it was made to run ({@code jcmd <pid>
 *       GC.run} every {@code --full-gc-every}), read from its GC log: the live set, blank in rows
 *       without one;
 *   <li>the last completed checkpoint's size (REST {@code /jobs/<id>/checkpoints});
 *   <li>the job's input lag: records on the input topics past the offsets its sources committed
 *       with their last checkpoint (Kafka's consumer-group lag);
 *   <li>the p99 end-to-end latency of the utilisation readings that became readable in the row's
 *       interval ({@link ReadingLatencyWatch}), and how many there were.
 * </ul>
 *
 * <p>Then it renders the CSV as a PNG ({@link SoakPlot}) and judges each series ({@link
 * SoakVerdict}).
 */
@Command(
    name = "soak-sampler",
    description = {
      "Samples a running job's live heap, checkpoint size, input lag and reading latency into a"
          + " CSV, plots it and judges each series flat or growing."
    })
public final class SoakSampler implements Callable<Integer> {
  @Option(names = "--rest", paramLabel = "URL", required = true, description = "Flink REST URL.")
  String rest;

  @Option(names = "--job", paramLabel = "ID", required = true, description = "The job id.")
  String job;

  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  /** The input lag counts all three; the reading latency follows the crossings. */
  @Mixin InputTopicsOptions inputTopics = new InputTopicsOptions();

  /** The reading latency follows the utilisation topic; the other outputs are not read. */
  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  @Option(
      names = "--group",
      paramLabel = "ID",
      defaultValue = "corridor-analytics",
      description = "The job's consumer group (its --group-id). Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = TimeOptions.PositiveDurationConverter.class,
      defaultValue = "30m",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(
      names = "--every",
      paramLabel = "DURATION",
      converter = TimeOptions.PositiveDurationConverter.class,
      defaultValue = "10s",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration every;

  @Option(names = "--csv", paramLabel = "FILE", required = true, description = "The samples.")
  Path csv;

  @Option(names = "--png", paramLabel = "FILE", description = "The plot. Default: none.")
  Path png;

  @Option(
      names = "--taskmanager",
      paramLabel = "NAME=PID",
      required = true,
      description = "A TaskManager's process, to make it collect fully; repeatable.")
  Map<String, Long> taskmanagers;

  @Option(
      names = "--gc-log",
      paramLabel = "NAME=FILE",
      required = true,
      description = "A TaskManager's GC log (-Xlog:gc with timemillis); repeatable.")
  Map<String, Path> gcLogs;

  @Option(
      names = "--full-gc-every",
      paramLabel = "DURATION",
      converter = TimeOptions.PositiveDurationConverter.class,
      defaultValue = "5m",
      description =
          "How often each TaskManager is made to collect fully. Default: ${DEFAULT-VALUE}.")
  Duration fullGcEvery;

  @Mixin OutOfOrdernessOption outOfOrderness = new OutOfOrdernessOption();

  @Option(
      names = "--verdict",
      paramLabel = "FILE",
      description = "Write PASS or FAIL and one line per series here.")
  Path verdict;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    if (!taskmanagers.keySet().equals(gcLogs.keySet())) {
      throw new CommandFailure("give each --taskmanager a --gc-log of the same name, and no other");
    }
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(taskmanagers.keySet()));
    Map<String, GcLogTail> tails = new java.util.HashMap<>();
    names.forEach(n -> tails.put(n, new GcLogTail(gcLogs.get(n))));
    Properties p = kafka.clientProperties();
    CorridorCodec inputs =
        CorridorCodec.forInputs(
            new KnownIds(
                CorridorCatalogue.standard().portIds(), CorridorCatalogue.standard().lineIds()));
    long start = System.nanoTime();
    long next = start;
    long nextFullGc = start + fullGcEvery.toNanos();
    try (Admin admin = Admin.create(p);
        ReadingLatencyWatch latency =
            new ReadingLatencyWatch(
                kafka,
                inputTopics.topics(),
                outputTopics.topics(),
                inputs,
                outOfOrderness.value());
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
      out.println(SoakPlot.header(names));
      while (System.nanoTime() - start < duration.toNanos()) {
        next += every.toNanos();
        // follow the topics until the next sample is due
        do {
          latency.poll();
        } while (System.nanoTime() < next);
        if (System.nanoTime() >= nextFullGc) {
          nextFullGc += fullGcEvery.toNanos();
          for (String name : names) {
            fullGc(name, taskmanagers.get(name));
          }
        }
        StringBuilder row = new StringBuilder();
        row.append(Math.round((System.nanoTime() - start) / 1e9));
        for (String name : names) {
          long after = -1;
          for (GcLogTail.Collection c : tails.get(name).read()) {
            if (c.full()) {
              after = c.heapAfterBytes();
            }
          }
          row.append(',').append(after < 0 ? "" : Long.toString(after));
        }
        List<Long> latencies = latency.drain();
        row.append(',').append(checkpointBytes());
        row.append(',').append(inputLag(admin));
        row.append(',').append(latencies.isEmpty() ? "" : Long.toString(p99(latencies)));
        row.append(',').append(latencies.size());
        out.println(row);
        out.flush();
      }
      if (latency.unreadable() > 0) {
        System.err.printf("soak-sampler: %d readings did not decode%n", latency.unreadable());
      }
    }
    if (png != null) {
      SoakPlot.render(csv, png);
    }
    if (verdict != null) {
      SoakPlot.judge(csv, verdict);
    }
    return 0;
  }

  /**
   * Makes a TaskManager collect fully ({@code jcmd <pid> GC.run}), so its GC log shows its live
   * set.
   */
  private static void fullGc(String name, long pid) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      jcmd.destroyForcibly();
      throw new CommandFailure("jcmd " + pid + " GC.run failed for " + name);
    }
  }

  static long p99(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
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
    List<String> inputTopics = this.inputTopics.topics().all();
    List<TopicPartition> inputs = new ArrayList<>();
    for (TopicPartition tp : committed.keySet()) {
      if (inputTopics.contains(tp.topic())) {
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
