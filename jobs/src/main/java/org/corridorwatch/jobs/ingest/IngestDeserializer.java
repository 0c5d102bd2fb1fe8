package org.corridorwatch.jobs.ingest;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * Turns Kafka records into {@link Ingested} inside the Kafka source, so that event time and
 * watermarks are per partition. It never throws: bad bytes become a rejection, counted per reason
 * in the metric {@code corridorwatch.rejected.<REASON>}.
 */
public final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
  private static final long serialVersionUID = 1L;

  private final InputRecord.Kind kind;
  private transient RecordParser parser;
  private transient Map<RejectReason, Counter> rejected;

  public IngestDeserializer(InputRecord.Kind kind) {
    this.kind = kind;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = new RecordParser(kind, CorridorCatalogue.standard(), System::currentTimeMillis);
    rejected = new EnumMap<>(RejectReason.class);
    MetricGroup group = context.getMetricGroup().addGroup("corridorwatch").addGroup("rejected");
    for (RejectReason reason : RejectReason.values()) {
      if (reason != RejectReason.LATE) {
        rejected.put(reason, group.counter(reason.name()));
      }
    }
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
    Ingested parsed =
        parser.parse(
            record.topic(), record.partition(), record.offset(), record.key(), record.value());
    if (!parsed.accepted()) {
      rejected.get(parsed.reason()).inc();
    }
    out.collect(parsed);
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return TypeInformation.of(Ingested.class);
  }
}
