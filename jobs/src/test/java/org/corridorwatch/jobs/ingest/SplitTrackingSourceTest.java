package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.kafka.common.TopicPartition;
import org.corridorwatch.jobs.ingest.SourceSplits.SplitStart;
import org.junit.jupiter.api.Test;

/**
 * Every split's watermark generator learns its partition and starting offset before its first
 * record, in both orders in which Flink's source operator creates generators and hands splits to
 * the reader: splits restored from a checkpoint (or added before the first record) reach the reader
 * first and get their generators after the main output's; splits added while the job runs get their
 * generators first, then reach the reader.
 */
class SplitTrackingSourceTest {
  static final String TOPIC = "crossings";

  final List<String> calls = new ArrayList<>();
  final SourceSplits splits = SourceSplits.detached(TOPIC);
  final SplitTrackingSource.TrackingReader<String> reader =
      new SplitTrackingSource.TrackingReader<>(new KafkaReaderStandIn(), splits);

  static KafkaPartitionSplit split(int partition, long startingOffset) {
    return new KafkaPartitionSplit(new TopicPartition(TOPIC, partition), startingOffset);
  }

  @Test
  void splitsTheReaderHasBeforeTheGeneratorsAreCreatedArePairedInOrder() {
    reader.addSplits(List.of(split(0, 3_458L), split(2, KafkaPartitionSplit.EARLIEST_OFFSET)));
    assertThat(splits.born()).as("the main output's generator comes first").isNull();
    SourceSplits.Birth first = splits.born();
    SourceSplits.Birth second = splits.born();

    assertThat(splits.splitOf(first)).isEqualTo(new SplitStart(0, 3_458L));
    assertThat(splits.splitOf(second)).isEqualTo(new SplitStart(2, EndOffsets.FROM_LOG_START));
    assertThat(calls).containsExactly("add");
  }

  @Test
  void splitsAddedWhileTheJobRunsArePairedWithTheGeneratorsCreatedJustBefore() {
    reader.addSplits(List.of(split(0, 10L)));
    splits.born(); // the main output's
    SourceSplits.Birth restored = splits.born();

    SourceSplits.Birth added = splits.born();
    assertThat(splits.splitOf(added)).as("its split has not reached the reader yet").isNull();
    reader.addSplits(List.of(split(1, 20L)));

    assertThat(splits.splitOf(restored)).isEqualTo(new SplitStart(0, 10L));
    assertThat(splits.splitOf(added)).isEqualTo(new SplitStart(1, 20L));
    assertThat(splits.unclaimed()).containsOnlyKeys(0, 1);
  }

  @Test
  void aSplitOfAnotherTopicKeepsItsPlaceInThePairing() {
    reader.addSplits(
        List.of(
            new KafkaPartitionSplit(new TopicPartition("an-older-topic", 0), 5L), split(1, 7L)));
    splits.born(); // the main output's
    SourceSplits.Birth older = splits.born();
    SourceSplits.Birth ours = splits.born();

    assertThat(splits.splitOf(older)).as("nothing to learn from here").isNull();
    assertThat(splits.splitOf(ours)).isEqualTo(new SplitStart(1, 7L));
    assertThat(splits.unclaimed()).containsOnlyKeys(1);
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
