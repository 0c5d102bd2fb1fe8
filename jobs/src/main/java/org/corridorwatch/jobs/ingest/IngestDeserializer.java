package org.corridorwatch.jobs.ingest;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * Turns Kafka records into {@link Ingested} inside the Kafka source, so that event time and
 * watermarks are per partition. It never throws: bad bytes become a rejection, which {@link
 * AcceptParsed} sends to the dead letters and counts there.
 */
public final class IngestDeserializer<T extends InputRecord>
    implements KafkaRecordDeserializationSchema<Ingested<T>> {
  private static final long serialVersionUID = 1L;

  private final InputKind<T> kind;
  private transient RecordParser<T> parser;

  public IngestDeserializer(InputKind<T> kind) {
    this.kind = kind;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = new RecordParser<>(kind, CorridorCatalogue.standard(), System::currentTimeMillis);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested<T>> out) {
    out.collect(
        parser.parse(
            record.topic(), record.partition(), record.offset(), record.key(), record.value()));
  }

  @Override
  public TypeInformation<Ingested<T>> getProducedType() {
    return kind.type();
  }
}
