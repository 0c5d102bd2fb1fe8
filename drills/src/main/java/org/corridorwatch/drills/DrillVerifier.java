package org.corridorwatch.drills;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.cli.CommandFailure;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.cli.KafkaConnectionOptions;
import org.corridorwatch.generators.OutputWaitOptions;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.generators.answers.KnownAnswersOption;
import org.corridorwatch.generators.answers.OutputComparison;
import org.corridorwatch.generators.answers.TopicPartitions;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.kafka.OutputTopics;
import org.corridorwatch.model.kafka.OutputTopicsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fault drills' judge: reads every output topic of the job with {@code read_committed} and
 * compares it with the known answers of the replay that fed it ({@code expected.json}) and what a
 * hostile-input run injected. It reports lost and duplicated records per topic, and every output
 * key written more than once (rewritten, even with equal values), and exits non-zero on any
 * difference.
 *
 * <p>The answers list everything a job writes once it has read all of its input, so the replay must
 * have been closed ({@code corridor-watch replay --close 31d}) or the job run with {@code
 * --bounded}. The verifier reads until every topic holds at least what is expected and nothing new
 * came for {@code --quiet} (longer than a checkpoint interval, so a late commit of extra records is
 * seen), or until {@code --timeout}.
 */
@Command(
    name = "drill-verifier",
    description = {
      "Reads every output topic with read_committed and compares it with a replay's known answers:"
          + " utilisation readings per port and slot, balance records, alert transitions, port"
          + " waits per port and slot, and dead letters per reason (the replay's plus --injected-dead-letters). Reports lost"
          + " and duplicated records per topic, and any output key written twice (rewritten),"
          + " even with equal values. The known answers list all a job writes once it has read"
          + " all of its input, so replay with --close 31d (or run the job --bounded)."
          + " Exit code 0: equal; 1: any difference."
    })
public final class DrillVerifier implements Callable<Integer> {

  @Mixin KnownAnswersOption expected = new KnownAnswersOption();

  @Mixin KafkaConnectionOptions kafka = new KafkaConnectionOptions();

  @Option(
      names = "--injected-dead-letters",
      paramLabel = "FILE",
      description = "What a HostileInput run injected (its --report). Default: nothing.")
  Path injectedDeadLetters;

  @Mixin OutputWaitOptions outputWait = new OutputWaitOptions("10s", "5m");

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "Write the comparison as JSON here. Default: none.")
  Path report;

  @Mixin OutputTopicsOptions outputTopics = new OutputTopicsOptions();

  @Override
  public Integer call() throws Exception {
    OutputTopics names = outputTopics.topics();
    if (injectedDeadLetters != null && !Files.isReadable(injectedDeadLetters)) {
      throw new CommandFailure(
          "--injected-dead-letters " + injectedDeadLetters + " cannot be read");
    }
    KnownAnswersFile answers = expected.read();
    InjectedDeadLetters injected =
        injectedDeadLetters == null
            ? InjectedDeadLetters.none()
            : InjectedDeadLetters.read(injectedDeadLetters);
    Map<String, Long> want = DrillComparison.expectedCounts(names, answers, injected);
    long started = System.nanoTime();
    CommittedOutputs read = readCommitted(names, want);
    double seconds = (System.nanoTime() - started) / 1e9;
    DrillComparison result = DrillComparison.of(names, answers, injected, read);

    for (OutputComparison c : result.topics().values()) {
      System.err.println("drill-verifier: " + c.summary());
    }
    result.problems().forEach(p -> System.err.println("drill-verifier: " + p));
    if (report != null) {
      writeReport(result, read, seconds);
    }
    String verdict = result.equal() ? "EQUAL" : "NOT EQUAL";
    System.out.printf(
        "drill-verifier: %s: %d records read in %.0f s; lost %d, duplicated %d, unexpected %d,"
            + " rewritten %d%n",
        verdict,
        read.total(),
        seconds,
        result.lost(),
        result.duplicated(),
        result.unexpected(),
        result.rewritten());
    return result.equal() ? 0 : 1;
  }

  private void writeReport(DrillComparison result, CommittedOutputs read, double seconds)
      throws java.io.IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("verdict", result.equal() ? "EQUAL" : "NOT_EQUAL");
    json.put("lost", result.lost());
    json.put("duplicated", result.duplicated());
    json.put("unexpected", result.unexpected());
    json.put("rewritten", result.rewritten());
    json.put("recordsRead", read.total());
    json.put("secondsReading", Math.round(seconds));
    Map<String, Object> topics = new LinkedHashMap<>();
    result.topics().forEach((topic, c) -> topics.put(topic, c));
    json.put("topics", topics);
    Map<String, Object> reasons = new LinkedHashMap<>();
    result
        .deadLettersByReason()
        .forEach((r, c) -> reasons.put(r.name(), Map.of("expected", c[0], "read", c[1])));
    json.put("deadLettersByReason", reasons);
    json.put("problems", result.problems());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
  }

  /**
   * Reads the five topics from the beginning until each holds at least its expected count and
   * nothing new came for {@code --quiet}, or the deadline passes (then what was read is compared,
   * and the missing records show as lost).
   */
  private CommittedOutputs readCommitted(OutputTopics names, Map<String, Long> want) {
    long deadline = System.nanoTime() + outputWait.timeout().toNanos();
    CorridorCodec codec = CorridorCodec.forOutputs();
    List<PortUtilisation> utilisation = new ArrayList<>();
    List<TradeBalance> balances = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    List<PortWaits> portWaits = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : names.all()) {
        partitions.addAll(TopicPartitions.of(consumer, topic, deadline));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long lastNew = System.nanoTime();
      while (System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> r : polled) {
          String topic = r.topic();
          if (topic.equals(names.utilisation())) {
            utilisation.add(decoded(codec.readPortUtilisation(r.value()), r));
          } else if (topic.equals(names.balance())) {
            balances.add(decoded(codec.readTradeBalance(r.value()), r));
          } else if (topic.equals(names.alerts())) {
            alerts.add(decoded(codec.readAlert(r.value()), r));
          } else if (topic.equals(names.portWaits())) {
            portWaits.add(decoded(codec.readPortWaits(r.value()), r));
          } else {
            deadLetters.add(decoded(codec.readDeadLetter(r.value()), r));
          }
        }
        if (!polled.isEmpty()) {
          lastNew = System.nanoTime();
        }
        boolean complete =
            utilisation.size() >= want.get(names.utilisation())
                && balances.size() >= want.get(names.balance())
                && alerts.size() >= want.get(names.alerts())
                && deadLetters.size() >= want.get(names.deadLetters())
                && portWaits.size() >= want.get(names.portWaits());
        if (complete && System.nanoTime() - lastNew >= outputWait.quiet().toNanos()) {
          break;
        }
      }
    }
    return new CommittedOutputs(utilisation, balances, alerts, deadLetters, portWaits);
  }

  private static <T> T decoded(Decoded<T> decoded, ConsumerRecord<byte[], byte[]> r) {
    if (!decoded.accepted()) {
      // the job wrote something the contract does not allow: that is a failure of its own
      throw new CommandFailure(
          "offset "
              + r.offset()
              + " of "
              + r.topic()
              + " is not a contract record: "
              + decoded.detail());
    }
    return decoded.value();
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    // outputs are written in Kafka transactions: only what a checkpoint committed counts
    Properties p = kafka.readCommittedConsumer();
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "corridor-watch-drill-verifier");
    return new KafkaConsumer<>(p);
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "corridor-watch-cli-log4j2.xml");
    }
    System.exit(CommandLines.run(new DrillVerifier(), args));
  }
}
