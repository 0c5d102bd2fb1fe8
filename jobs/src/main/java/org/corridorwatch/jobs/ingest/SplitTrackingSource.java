package org.corridorwatch.jobs.ingest;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A {@link KafkaSource} whose readers tell {@link SourceSplits} which partitions they were given
 * and from which offset, in the order given. Flink creates each split's output, and so its
 * watermark generator, as the split is added; {@link SourceSplits} pairs that generator with the
 * split, so it holds for its partition from the start, knowing which one: a split that has not yet
 * shown a record (after a restore, while the consumer cannot fetch from it) cannot let its
 * subtask's other partitions lead the watermark, and one that never shows a record is released once
 * its partition is confirmed read to its end. Everything else is the Kafka source's own: the same
 * splits, serializers and state, so savepoints restore across this wrapper either way.
 */
public final class SplitTrackingSource<T>
    implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, ResultTypeQueryable<T> {
  private static final long serialVersionUID = 1L;

  private final KafkaSource<T> kafka;
  private final String topic;

  public SplitTrackingSource(KafkaSource<T> kafka, String topic) {
    this.kafka = kafka;
    this.topic = topic;
  }

  @Override
  public Boundedness getBoundedness() {
    return kafka.getBoundedness();
  }

  @Override
  public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
      throws Exception {
    return new TrackingReader<>(
        kafka.createReader(context), SourceSplits.of(context.metricGroup(), topic));
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context) throws Exception {
    return kafka.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState checkpoint)
      throws Exception {
    return kafka.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
    return kafka.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
    return kafka.getEnumeratorCheckpointSerializer();
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return kafka.getProducedType();
  }

  static final class TrackingReader<T> implements SourceReader<T, KafkaPartitionSplit> {
    private final SourceReader<T, KafkaPartitionSplit> reader;
    private final SourceSplits splits;

    TrackingReader(SourceReader<T, KafkaPartitionSplit> reader, SourceSplits splits) {
      this.reader = reader;
      this.splits = splits;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> added) {
      for (KafkaPartitionSplit split : added) {
        if (split.getTopicPartition().topic().equals(splits.topic())) {
          splits.assigned(split.getTopicPartition().partition(), split.getStartingOffset());
        } else {
          splits.foreign();
        }
      }
      reader.addSplits(added);
    }

    @Override
    public void start() {
      reader.start();
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
      return reader.pollNext(output);
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
      return reader.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return reader.isAvailable();
    }

    @Override
    public void notifyNoMoreSplits() {
      reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
      reader.handleSourceEvents(event);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
      reader.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
      reader.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void close() throws Exception {
      reader.close();
    }
  }
}
