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
 * AcceptOnTime} sends to the dead letters and counts there.
 */
public final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
  private static final long serialVersionUID = 1L;

  private final InputRecord.Kind kind;
  private transient RecordParser parser;

  public IngestDeserializer(InputRecord.Kind kind) {
    this.kind = kind;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = new RecordParser(kind, CorridorCatalogue.standard(), System::currentTimeMillis);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
    Ingested parsed =
        parser.parse(
            record.topic(), record.partition(), record.offset(), record.key(), record.value());
    out.collect(parsed);
  }

  @Override
  public TypeInformation<Ingested> getProducedType() {
    return TypeInformation.of(Ingested.class);
  }
}
