package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.jobs.ingest.SourceSplits.SplitStart;
import org.junit.jupiter.api.Test;

/**
 * The tracking reader creates every split's output, and so its watermark generator, as the split is
 * added: a partition restored from a checkpoint holds the watermark before its first record.
 */
class SplitTrackingSourceTest {
  static final String TOPIC = "crossings";

  final List<String> calls = new ArrayList<>();
  final SourceSplits splits = SourceSplits.detached(TOPIC);
  final SplitTrackingSource.TrackingReader<String> reader =
      new SplitTrackingSource.TrackingReader<>(new KafkaReaderStandIn(), splits);
  final BirthRecordingOutput output = new BirthRecordingOutput();

  @Test
  void everyAddedSplitGetsItsOutputBeforeTheKafkaReaderPolls() throws Exception {
    reader.addSplits(
        List.of(
            new KafkaPartitionSplit(new TopicPartition(TOPIC, 0), 3_458L),
            new KafkaPartitionSplit(
                new TopicPartition(TOPIC, 2), KafkaPartitionSplit.EARLIEST_OFFSET)));
    reader.pollNext(output);

    assertThat(calls)
        .containsExactly("add", "create " + TOPIC + "-0", "create " + TOPIC + "-2", "poll");
    assertThat(output.births)
        .as("each generator is told its partition and where its split starts")
        .containsExactly(new SplitStart(0, 3_458L), new SplitStart(2, EndOffsets.FROM_LOG_START));
    assertThat(splits.unclaimed()).as("no partition is left to the main output").isEmpty();

    reader.pollNext(output);
    assertThat(calls).as("outputs are created once").endsWith("poll", "poll").hasSize(5);
  }

  @Test
  void splitsAddedLaterGetTheirOutputsAtTheNextPoll() throws Exception {
    reader.addSplits(List.of(new KafkaPartitionSplit(new TopicPartition(TOPIC, 0), 10L)));
    reader.pollNext(output);
    reader.addSplits(List.of(new KafkaPartitionSplit(new TopicPartition(TOPIC, 1), 20L)));
    reader.pollNext(output);

    assertThat(calls)
        .containsExactly(
            "add", "create " + TOPIC + "-0", "poll", "add", "create " + TOPIC + "-1", "poll");
    assertThat(output.births).containsExactly(new SplitStart(0, 10L), new SplitStart(1, 20L));
    assertThat(splits.takeBearing()).as("nothing is left for a later generator").isNull();
  }

  /** Stands where Flink's reader output is: creating a split output creates its generator. */
  final class BirthRecordingOutput implements ReaderOutput<String> {
    final List<SplitStart> births = new ArrayList<>();

    @Override
    public SourceOutput<String> createOutputForSplit(String splitId) {
      calls.add("create " + splitId);
      SplitStart start = splits.takeBearing(); // what the generator factory does
      births.add(start);
      splits.claim(start.partition());
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}

    @Override
    public void collect(String record) {}

    @Override
    public void collect(String record, long timestamp) {}

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  }

  /** Stands where the Kafka source reader is, noting when it is called. */
  final class KafkaReaderStandIn implements SourceReader<String, KafkaPartitionSplit> {
    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<String> out) {
      calls.add("poll");
      return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
      return List.of();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> added) {
      calls.add("add");
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {}
  }
}
