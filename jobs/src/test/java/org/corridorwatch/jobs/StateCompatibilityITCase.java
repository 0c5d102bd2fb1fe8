package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.testing.EmbeddedKafka;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * State compatibility: the job restores a savepoint kept in the repository ({@code
 * src/test/resources/savepoints/v1}, taken by this test about 6 h into its replay) and, fed the
 * rest of the same replay, writes exactly the known answers. A change that breaks restoring (an
 * operator uid, a state descriptor's name or type, a serializer) fails here instead of in an
 * operator's upgrade.
 *
 * <p>The savepoint holds the Kafka sources' offsets by topic name, so this test uses fixed topic
 * names and sends the records before the cut again, byte for byte (the replay is seeded), before
 * the rest: the offsets then point where the savepoint's job stopped. The replay carries
 * duplicates, some of them across the cut, so the restored dedup state is checked too.
 *
 * <p>{@code -Dcorridor.savepoint.update=true} takes the savepoint again (into the source tree, see
 * the README there) before checking it; do that only on purpose, for a change that breaks state
 * compatibility deliberately, and say so in the commit.
 */
class StateCompatibilityITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension static final MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final String SAVEPOINT = "savepoints/v1";
  static final String UPDATE_PROPERTY = "corridor.savepoint.update";

  /** The names the savepoint's sources and sinks were taken with. */
  static final JobTestBed.Topics TOPICS =
      new JobTestBed.Topics(
          "compat-v1.border-crossings",
          "compat-v1.shipments",
          "compat-v1.control",
          "compat-v1.port-utilisation",
          "compat-v1.trade-balance",
          "compat-v1.deadletter",
          "compat-v1.alerts",
          "compat-v1.port-waits");

  @Test
  void theJobRestoresTheKeptSavepointAndFinishesTheReplayExactly(
      @TempDir Path scratch, @InjectMiniCluster MiniCluster cluster) throws Exception {
    List<Delivery> records =
        JobTestBed.records(
            TOPICS,
            "pingxiang-overload",
            2,
            new InjectionSettings(
                InjectionSettings.DEFAULT_DISORDER_MILLIS,
                0.02,
                0,
                InjectionSettings.DEFAULT_LATE_BY_MILLIS,
                0));
    // cut after about 6 h: the savepoint (its dedup state holds every event id seen) stays a few
    // hundred KB, and the restored job still owes well over a day of readings
    List<Delivery> beforeCut = records.subList(0, records.size() / 8);

    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      takeSavepoint(beforeCut, scratch);
    }

    recreateTopics();
    JobTestBed.send(KAFKA.broker(), TOPICS, records, 1);
    Path savepoint = copyOfKeptSavepoint(scratch);
    JobClient job = JobTestBed.start(JobTestBed.options(KAFKA.broker(), TOPICS), savepoint);

    long cut = watermarkAfter(beforeCut);
    long end = watermarkAfter(records);
    KnownAnswers answers = JobTestBed.answersFor(TOPICS, records);
    List<PortUtilisation> expected =
        answers.utilisationReadings().stream()
            .filter(u -> u.windowEndMillis() - 1 > cut && u.windowEndMillis() - 1 <= end)
            .toList();
    assertThat(expected).as("readings the restored job owes").hasSizeGreaterThan(100);
    JobTestBed.Outputs out;
    try {
      awaitReadingsOrFailure(cluster, job, expected.size());
      out = JobTestBed.readOutputs(KAFKA.broker(), TOPICS);
    } finally {
      if (!job.getJobStatus().get().isGloballyTerminalState()) {
        job.cancel().get(30, TimeUnit.SECONDS);
      }
    }

    // a job that had not restored would read from the earliest offsets and write every reading
    // of the first half again; one that lost the dedup or window state would count differently
    assertThat(out.utilisation()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(out.deadLetters()).isEmpty();
    // a lost episode state would raise open alerts again, under ids the replay never produces
    List<ExpectedAlert> written = out.alerts().stream().map(ExpectedAlert::of).toList();
    assertThat(new HashSet<>(written)).hasSameSizeAs(written);
    assertThat(answers.alerts()).containsAll(written);
  }

  /**
   * Waits for {@code count} committed readings, but fails at once, with the cause, when the
   * restored job fails: a savepoint it cannot map fails the job, and a state it cannot read (a
   * changed serializer) fails its tasks, which then restart again and again without a reading.
   */
  private static void awaitReadingsOrFailure(MiniCluster cluster, JobClient job, int count)
      throws Exception {
    CompletableFuture<?> readings =
        CompletableFuture.runAsync(
            () -> KAFKA.broker().readAll(TOPICS.utilisation(), true, count, JobTestBed.DEADLINE));
    while (true) {
      try {
        readings.get(500, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillWaiting) {
        ErrorInfo failure =
            cluster.getExecutionGraph(job.getJobID()).get(10, TimeUnit.SECONDS).getFailureInfo();
        if (failure != null) {
          throw new AssertionError(
              "the job failed restoring savepoints/v1; state compatibility broke? "
                  + failure.getException().getOriginalErrorClassName(),
              failure.getException());
        }
      }
    }
  }

  /**
   * Runs the job on the records before the cut from scratch, waits until it has written every
   * reading its watermark allows, and stops it with a savepoint into the source tree.
   */
  private static void takeSavepoint(List<Delivery> beforeCut, Path scratch) throws Exception {
    recreateTopics();
    JobTestBed.send(KAFKA.broker(), TOPICS, beforeCut, 1);
    long cut = watermarkAfter(beforeCut);
    long owed =
        JobTestBed.answersFor(TOPICS, beforeCut).utilisationReadings().stream()
            .filter(u -> u.windowEndMillis() - 1 <= cut)
            .count();
    JobClient job = JobTestBed.start(JobTestBed.options(KAFKA.broker(), TOPICS), null);
    KAFKA.broker().readAll(TOPICS.utilisation(), true, (int) owed, JobTestBed.DEADLINE);
    String taken =
        job.stopWithSavepoint(
                false, scratch.resolve("taken").toUri().toString(), SavepointFormatType.CANONICAL)
            .get(JobTestBed.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    Path kept = sourceTree().resolve(SAVEPOINT);
    deleteTree(kept);
    copyTree(Paths.get(java.net.URI.create(taken)), kept);
    // the README beside it says what produced it; it is not part of the savepoint
  }

  /**
   * The job's watermark once it has read {@code sent}: the crossings' frontier, as it follows it.
   */
  static long watermarkAfter(List<Delivery> sent) {
    CorridorCodec codec = JobTestBed.inputCodec();
    EventTimeFrontier frontier = new EventTimeFrontier(EventTimeFrontier.DEFAULT_MAX_JUMP_MILLIS);
    for (Delivery d : sent) {
      if (d.topic().equals(TOPICS.crossings())) {
        Decoded<BorderCrossing> crossing = codec.readBorderCrossing(d.value());
        if (crossing.accepted()) {
          frontier.observe(crossing.value().eventTimeMillis());
        }
      }
    }
    return frontier.frontier() - JobTestBed.OUT_OF_ORDERNESS - 1;
  }

  /**
   * Fresh topics under the fixed names: an external broker ({@code -Dkafka.bootstrap}) may hold
   * them from an earlier run, and the offsets must start at 0 again.
   */
  private static void recreateTopics() throws Exception {
    EmbeddedKafka kafka = KAFKA.broker();
    List<String> names =
        List.of(
            TOPICS.crossings(),
            TOPICS.shipments(),
            TOPICS.control(),
            TOPICS.utilisation(),
            TOPICS.balance(),
            TOPICS.deadLetters(),
            TOPICS.alerts());
    try (Admin admin = kafka.admin()) {
      try {
        admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .anyMatch(names::contains)) {
        // each round is a call to the broker: a poll with a deadline, not a spin
        assertThat(System.nanoTime()).as("old topics deleted in time").isLessThan(deadline);
      }
    }
    kafka.createTopics(1, names.toArray(String[]::new));
  }

  /** A copy of the kept savepoint: restoring must not touch the repository's files. */
  private static Path copyOfKeptSavepoint(Path scratch) throws IOException, URISyntaxException {
    URL kept =
        StateCompatibilityITCase.class.getClassLoader().getResource(SAVEPOINT + "/_metadata");
    Path source =
        Boolean.getBoolean(UPDATE_PROPERTY) || kept == null
            ? sourceTree().resolve(SAVEPOINT)
            : Paths.get(kept.toURI()).getParent();
    assertThat(source.resolve("_metadata"))
        .as("the kept savepoint (take it with -D%s=true)", UPDATE_PROPERTY)
        .exists();
    Path copy = scratch.resolve("restore");
    copyTree(source, copy);
    Files.deleteIfExists(copy.resolve("README.md"));
    return copy;
  }

  private static Path sourceTree() {
    String project = System.getProperty("corridor.project.dir");
    Path root = project == null ? Paths.get("..") : Paths.get(project);
    return root.resolve("jobs/src/test/resources");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /** Deletes the savepoint's files, keeping the README that documents it. */
  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(all::add);
    }
    for (Path p : all) {
      if (!p.getFileName().toString().equals("README.md") && !p.equals(dir)) {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
