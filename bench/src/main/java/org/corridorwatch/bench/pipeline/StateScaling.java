package org.corridorwatch.bench.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.corridorwatch.cli.CommandLines;
import org.corridorwatch.jobs.AnalyticsPipeline;
import org.corridorwatch.jobs.ingest.Ingested;
import org.corridorwatch.jobs.ingest.InputKind;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scaling figure: the job's state against the number of ports (10 to 10,000 synthetic ports)
 * and against the number of events (more days of the same ports). The promise is state linear in
 * ports and independent of events: each port keeps a day of 15-minute slots, the dedup horizon
 * keeps a day of ids, and the clearance pattern at most a bucket of vehicles per port.
 *
 * <p>Each run replays its synthetic crossings through the job's whole graph on a local
 * mini-cluster, then, with every crossing in and the job still running, takes a canonical savepoint
 * (its size on disk is the state a checkpoint carries) and the heap after a full GC, minus the heap
 * held before the job started (the input itself). Every vehicle is new, as in the generators, so a
 * state that kept one entry per vehicle would grow with events.
 *
 * <p>Runs in a JVM of its own: the catalogue with the synthetic ports must be in place before
 * anything loads the standard one.
 */
@Command(
    name = "state-scaling",
    description =
        "Measures corridor-analytics' savepoint size and heap against the number of ports"
            + " (synthetic copies of Pingxiang) and against the number of days of events.")
public final class StateScaling implements Callable<Integer> {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final Instant START = Instant.parse("2019-07-01T00:00:00Z");
  private static final byte[] NO_BYTES = {};
  private static final String INPUT = "scaling-crossings";

  /**
   * The run whose source has handed out its last crossing; that job is then only idling. By run,
   * because a cancelled run's source may still be winding down when the next one starts.
   */
  static final AtomicInteger ALL_CROSSINGS_SENT = new AtomicInteger();

  private int run;

  @Option(
      names = "--ports",
      split = ",",
      defaultValue = "10,100,1000,10000",
      description = "Port counts of the ports sweep. Default: ${DEFAULT-VALUE}.")
  int[] ports;

  @Option(
      names = "--days",
      defaultValue = "2",
      description = "Days of traffic in the ports sweep. Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(
      names = "--events-ports",
      defaultValue = "100",
      description = "Ports in the events sweep. Default: ${DEFAULT-VALUE}.")
  int eventsPorts;

  @Option(
      names = "--events-days",
      split = ",",
      defaultValue = "8,35,70",
      description = "Days of traffic of the events sweep. Default: ${DEFAULT-VALUE}.")
  int[] eventsDays;

  @Option(
      names = "--trips-per-day",
      defaultValue = "24",
      description = "Crossings (3 records each) per port and day. Default: ${DEFAULT-VALUE}.")
  int tripsPerDay;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Write the markdown section here, and its chart beside it. Default: print only.")
  Path report;

  /** One measurement. */
  record Point(int ports, int days, long crossings, long savepointBytes, long heapBytes) {}

  public static void main(String[] args) {
    System.exit(CommandLines.run(new StateScaling(), args));
  }

  @Override
  public Integer call() throws Exception {
    if (Arrays.stream(ports).anyMatch(p -> p < 1)
        || eventsPorts < 1
        || days < 2
        || Arrays.stream(eventsDays).anyMatch(d -> d < 2)
        || tripsPerDay < 1) {
      System.err.println(
          "state-scaling: ports must be positive, days at least 2 (the dedup horizon and the"
              + " rolling window are a day), trips per day positive");
      return 2;
    }
    int most = Math.max(eventsPorts, Arrays.stream(ports).max().orElse(1));
    Path work = Files.createTempDirectory("corridor-watch-state-scaling");
    try {
      SyntheticPorts.write(work.resolve("seeds"), most);
      System.setProperty(CorridorCatalogue.SEEDS_DIR_PROPERTY, work.resolve("seeds").toString());
      if (!CorridorCatalogue.standard().portIds().contains(SyntheticPorts.id(most))) {
        System.err.println("state-scaling: the synthetic catalogue was not the one loaded");
        return 1;
      }
      // a first run loads and compiles what every later run shares, which would show as heap
      measure(Math.min(10, most), 2, work);
      List<Point> byPorts = new ArrayList<>();
      for (int n : ports) {
        byPorts.add(measure(n, days, work));
      }
      List<Point> byEvents = new ArrayList<>();
      for (int d : eventsDays) {
        byEvents.add(measure(eventsPorts, d, work));
      }
      String section = section(byPorts, byEvents);
      System.out.println(section);
      if (report != null) {
        Files.createDirectories(report.toAbsolutePath().getParent());
        String chart = chartFile(report);
        chart(byPorts).save(report.resolveSibling(chart));
        Files.writeString(report, section + "\n![State against ports](" + chart + ")\n");
        System.err.println("state-scaling: report written to " + report);
      }
      return 0;
    } finally {
      deleteTree(work);
    }
  }

  private Point measure(int portCount, int dayCount, Path work) throws Exception {
    Ingested<?>[] crossings = traffic(portCount, dayCount);
    long count = crossings.length;
    HeldInput.hold(INPUT, crossings);
    int thisRun = ++run;

    StreamExecutionEnvironment env = localEnvironment(work.resolve("checkpoints"));
    wire(env, thisRun);
    JobClient job = env.executeAsync("state scaling: " + portCount + " ports, " + dayCount + " d");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
      while (ALL_CROSSINGS_SENT.get() != thisRun) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the job took over 20 minutes to read its input");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
      // the savepoint's barrier follows the last crossing through every operator, so it holds the
      // state of the whole input; after it, nothing is in flight and the heap is the state's
      Path savepoint = savepoint(job, work.resolve("savepoints"), deadline);
      long savepointBytes = sizeOf(savepoint);
      // the source let go of the input when it was done; drop the last reference here
      HeldInput.hold(INPUT, new Object[0]);
      crossings = null;
      long heap = heapAfterGc();
      Point p = new Point(portCount, dayCount, count, savepointBytes, heap);
      System.err.printf(
          Locale.ROOT,
          "state-scaling: %,d ports, %d days, %,d crossings: savepoint %,d bytes, heap %+,d bytes%n",
          p.ports(),
          p.days(),
          p.crossings(),
          p.savepointBytes(),
          p.heapBytes());
      return p;
    } finally {
      job.cancel().get(2, TimeUnit.MINUTES);
      HeldInput.hold(INPUT, new Object[0]);
    }
  }

  /**
   * A canonical savepoint of the running job. A small input can be all sent before the last of the
   * job's tasks is deployed, and Flink refuses a savepoint until every task runs: that is retried
   * until the deadline.
   */
  private static Path savepoint(JobClient job, Path dir, long deadline) throws Exception {
    while (true) {
      try {
        String location =
            job.triggerSavepoint(dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(10, TimeUnit.MINUTES);
        return Path.of(java.net.URI.create(location));
      } catch (java.util.concurrent.ExecutionException e) {
        if (System.nanoTime() > deadline
            || !String.valueOf(e.getMessage()).contains("Not all required tasks")) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
      }
    }
  }

  /**
   * Every port's crossings: {@code tripsPerDay} vehicles a day, evenly spread with jitter, each
   * arriving, cleared 20 to 80 minutes later and departing 10 to 30 minutes after that; every
   * vehicle new. Sorted by event time, as one partition would carry them.
   */
  private Ingested<?>[] traffic(int portCount, int dayCount) {
    SplittableRandom random = new SplittableRandom(8);
    List<BorderCrossing> all = new ArrayList<>(portCount * dayCount * tripsPerDay * 3);
    long spacing = DAY / tripsPerDay;
    for (int p = 1; p <= portCount; p++) {
      String port = SyntheticPorts.id(p);
      for (int trip = 0; trip < dayCount * tripsPerDay; trip++) {
        long arrived = START.toEpochMilli() + trip * spacing + random.nextLong(spacing);
        long cleared = arrived + (20 + random.nextInt(61)) * 60_000L;
        long departed = cleared + (10 + random.nextInt(21)) * 60_000L;
        String vehicle = "S" + p + "-" + trip;
        CrossingDirection direction =
            random.nextBoolean() ? CrossingDirection.EXPORT : CrossingDirection.IMPORT;
        boolean laden = random.nextInt(4) > 0;
        all.add(
            crossing(
                vehicle + "-a", port, vehicle, CrossingStage.ARRIVED, direction, laden, arrived));
        all.add(
            crossing(
                vehicle + "-c", port, vehicle, CrossingStage.CLEARED, direction, laden, cleared));
        all.add(
            crossing(
                vehicle + "-d", port, vehicle, CrossingStage.DEPARTED, direction, laden, departed));
      }
    }
    all.sort(Comparator.comparingLong(BorderCrossing::eventTimeMillis));
    Ingested<?>[] held = new Ingested<?>[all.size()];
    for (int i = 0; i < held.length; i++) {
      held[i] = Ingested.accepted(all.get(i), Topics.BORDER_CROSSINGS, 0, i, null, NO_BYTES);
    }
    return held;
  }

  private static BorderCrossing crossing(
      String eventId,
      String port,
      String vehicle,
      CrossingStage stage,
      CrossingDirection direction,
      boolean laden,
      long at) {
    return new BorderCrossing(
        eventId, port, vehicle, stage, direction, VehicleType.TRUCK, laden, at);
  }

  /** The job's whole graph over the held crossings; no shipments, no control records. */
  private static void wire(StreamExecutionEnvironment env, int run) {
    DataStream<Ingested<BorderCrossing>> crossings =
        InMemorySources.ingest(
            env, INPUT, InputKind.CROSSINGS, new HeldThenIdle(run), Long.MAX_VALUE);
    PipelineCost.discarded(
        new AnalyticsPipeline.Inputs(
            crossings,
            PipelineCost.none(crossings, InputKind.SHIPMENTS),
            PipelineCost.none(crossings, InputKind.CONTROL)));
  }

  /**
   * Hands out the held crossings, then a trickle of rejected records (a thousand a second) that
   * keep the job running without moving event time or touching state, so the savepoint and the heap
   * are taken of the state the crossings left.
   */
  private static final class HeldThenIdle extends InMemorySources.ReadHeldCrossings {
    private static final long serialVersionUID = 1L;
    private final int run;

    HeldThenIdle(int run) {
      super(INPUT);
      this.run = run;
    }

    @Override
    public Ingested<BorderCrossing> map(Long index) {
      if (holds(index)) {
        return super.map(index);
      }
      // the input is no part of the job's heap: let it go before anyone measures the heap
      release();
      ALL_CROSSINGS_SENT.set(run);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      return new Ingested<>(
          null,
          RejectReason.MALFORMED_JSON,
          "an idle filler of the scaling benchmark",
          Topics.BORDER_CROSSINGS,
          0,
          index,
          null,
          NO_BYTES);
    }
  }

  /** As the job runs it: object reuse, and state written to files (not held by the JobManager). */
  private static StreamExecutionEnvironment localEnvironment(Path checkpoints) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    return StreamExecutionEnvironment.createLocalEnvironment(1, conf);
  }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private String section(List<Point> byPorts, List<Point> byEvents) {
    StringBuilder out = new StringBuilder();
    out.append("## State against ports and events\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "Machine: %s. Synthetic ports (copies of Pingxiang), %d vehicles a day each, every"
                    + " vehicle new; the job's whole graph at parallelism 1 on a local mini-cluster,"
                    + " heap state backend. Savepoint: a canonical savepoint taken with every"
                    + " crossing in, its size on disk. Heap: the JVM's used heap after a full GC"
                    + " with the job running and its input released: the job's state plus the"
                    + " mini-cluster's fixed share, which the smallest run shows. The longest window"
                    + " is the trade balance's 30 days, so state may grow with events until 30 days"
                    + " of them are in, and must stay flat after. Command: `bench/run.sh` (this"
                    + " section: `StateScaling`).%n%n",
                ThroughputReport.machine(),
                tripsPerDay))
        .append("| ports | days | crossings | savepoint | per port | heap after GC |\n")
        .append("|---:|---:|---:|---:|---:|---:|\n");
    for (Point p : byPorts) {
      row(out, p);
    }
    out.append("\nThe same ")
        .append(eventsPorts)
        .append(" ports with more days of events (state must stay flat):\n\n")
        .append("| ports | days | crossings | savepoint | per port | heap after GC |\n")
        .append("|---:|---:|---:|---:|---:|---:|\n");
    for (Point p : byEvents) {
      row(out, p);
    }
    return out.toString();
  }

  private static void row(StringBuilder out, Point p) {
    out.append(
        String.format(
            Locale.ROOT,
            "| %,d | %d | %,d | %s | %s | %s |%n",
            p.ports(),
            p.days(),
            p.crossings(),
            bytes(p.savepointBytes()),
            bytes(p.savepointBytes() / p.ports()),
            bytes(p.heapBytes())));
  }

  private static String bytes(long n) {
    if (Math.abs(n) >= 10L << 20) {
      return String.format(Locale.ROOT, "%,.1f MiB", n / (double) (1L << 20));
    }
    if (Math.abs(n) >= 10L << 10) {
      return String.format(Locale.ROOT, "%,.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%,d B", n);
  }

  private static String chartFile(Path report) {
    String name = report.getFileName().toString().replaceFirst("\\.md$", "");
    return name + "-state-against-ports.png";
  }

  private static ThroughputReport.Chart chart(List<Point> byPorts) {
    XYChart chart =
        new XYChartBuilder()
            .width(720)
            .height(420)
            .title("State against ports")
            .xAxisTitle("ports")
            .yAxisTitle("MiB")
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setChartTitleBoxVisible(false);
    List<Double> x = byPorts.stream().map(p -> (double) p.ports()).toList();
    chart.addSeries("savepoint", x, byPorts.stream().map(p -> mib(p.savepointBytes())).toList());
    chart.addSeries("heap after GC", x, byPorts.stream().map(p -> mib(p.heapBytes())).toList());
    return file -> BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double mib(long bytes) {
    return bytes / (double) (1L << 20);
  }
}
