package org.corridorwatch.jobs.sink;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.model.json.CorridorCodec;

/**
 * Writes an output record as the contract's JSON, keyed as the contract says: one instance per
 * sink, built for its topic with the key and the writer of its record type, such as {@code
 * ContractRecordSerializer.<Alert>forTopic(topic).keyText(Alert::subject)
 * .value(CorridorCodec::write).build()}. The codec is created once per instance, in {@link #open}.
 * The Kafka timestamp is left to the producer (now): event times reach back years in a replay, and
 * old timestamps would let retention delete the records at once.
 */
public final class ContractRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** The key bytes of a record; serializable, since the serializer ships with the job graph. */
  @FunctionalInterface
  public interface Key<T> extends Serializable {
    byte[] of(T record);
  }

  /** A contract field that is the key as text; written as UTF-8. */
  @FunctionalInterface
  public interface TextKey<T> extends Serializable {
    String of(T record);
  }

  /** The value bytes of a record, written with the serializer's codec. */
  @FunctionalInterface
  public interface Writer<T> extends Serializable {
    byte[] write(CorridorCodec codec, T record);
  }

  private final String topic;
  private final Key<T> key;
  private final Writer<T> value;
  private transient CorridorCodec codec;

  private ContractRecordSerializer(String topic, Key<T> key, Writer<T> value) {
    this.topic = topic;
    this.key = key;
    this.value = value;
  }

  /** Starts the serializer of one output topic. */
  public static <T> Builder<T> forTopic(String topic) {
    return new Builder<>(Objects.requireNonNull(topic, "topic"));
  }

  /** The topic this serializer writes to. */
  public String topic() {
    return topic;
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = CorridorCodec.forOutputs();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, key.of(element), value.write(codec, element));
  }

  /** Collects a serializer's key and writer, as the Kafka connector's builders do. */
  public static final class Builder<T> {
    private final String topic;
    private Key<T> key;
    private Writer<T> value;

    private Builder(String topic) {
      this.topic = topic;
    }

    /** The key as bytes, such as the original key of a dead letter. */
    public Builder<T> key(Key<T> key) {
      this.key = Objects.requireNonNull(key, "key");
      return this;
    }

    /** The key as a contract field's text, written as UTF-8. */
    public Builder<T> keyText(TextKey<T> text) {
      Objects.requireNonNull(text, "text");
      return key(record -> text.of(record).getBytes(StandardCharsets.UTF_8));
    }

    /** How the value is written, such as {@code CorridorCodec::write}. */
    public Builder<T> value(Writer<T> value) {
      this.value = Objects.requireNonNull(value, "value");
      return this;
    }

    public ContractRecordSerializer<T> build() {
      if (key == null || value == null) {
        throw new IllegalStateException(topic + ": a serializer needs its key and its value");
      }
      return new ContractRecordSerializer<>(topic, key, value);
    }
  }
}
