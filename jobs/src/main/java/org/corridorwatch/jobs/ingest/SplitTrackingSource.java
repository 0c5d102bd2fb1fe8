package org.corridorwatch.jobs.ingest;

import java.util.ArrayList;
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
 * and from which offset, and create each split's output as soon as the split is added rather than
 * at its first record. So every partition has a watermark generator that holds from the moment its
 * split is assigned, knowing its partition, and a split that has not yet shown a record (after a
 * restore, while the consumer cannot fetch from it) cannot let its subtask's other partitions lead
 * the watermark. Everything else is the Kafka source's own: the same splits, serializers and state,
 * so savepoints restore across this wrapper either way.
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
    // added splits whose output is not created yet; touched only on the task thread
    private final List<KafkaPartitionSplit> unborn = new ArrayList<>();

    TrackingReader(SourceReader<T, KafkaPartitionSplit> reader, SourceSplits splits) {
      this.reader = reader;
      this.splits = splits;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> added) {
      for (KafkaPartitionSplit split : added) {
        if (split.getTopicPartition().topic().equals(splits.topic())) {
          splits.assigned(split.getTopicPartition().partition(), split.getStartingOffset());
          unborn.add(split);
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
      if (!unborn.isEmpty()) {
        createOutputs(output);
      }
      return reader.pollNext(output);
    }

    /**
     * Creates the outputs of the splits added since the last poll. The Kafka reader asks for the
     * same output at the split's first record and gets this one, since Flink keeps one per split.
     */
    private void createOutputs(ReaderOutput<T> output) {
      for (KafkaPartitionSplit split : unborn) {
        splits.bearing(split.getTopicPartition().partition(), split.getStartingOffset());
        output.createOutputForSplit(split.splitId());
        splits.takeBearing(); // a generator not created by that call must not take it later
      }
      unborn.clear();
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
