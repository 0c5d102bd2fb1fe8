package org.corridorwatch.jobs.sink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;

/**
 * Writes an output record as the contract's JSON, keyed as the contract says. One codec per sink
 * writer. The Kafka timestamp is left to the producer (now): event times reach back years in a
 * replay, and old timestamps would let retention delete the records at once.
 */
public final class ContractRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  /** Which output record type, with its key. */
  private enum Output {
    UTILISATION,
    BALANCE,
    DEAD_LETTER,
    ALERT,
    WAITS
  }

  private final String topic;
  private final Output output;
  private transient CorridorCodec codec;

  private ContractRecordSerializer(String topic, Output output) {
    this.topic = topic;
    this.output = output;
  }

  public static ContractRecordSerializer<PortUtilisation> utilisation(String topic) {
    return new ContractRecordSerializer<>(topic, Output.UTILISATION);
  }

  public static ContractRecordSerializer<TradeBalance> balance(String topic) {
    return new ContractRecordSerializer<>(topic, Output.BALANCE);
  }

  public static ContractRecordSerializer<Alert> alert(String topic) {
    return new ContractRecordSerializer<>(topic, Output.ALERT);
  }

  public static ContractRecordSerializer<PortWaits> waits(String topic) {
    return new ContractRecordSerializer<>(topic, Output.WAITS);
  }

  public static ContractRecordSerializer<DeadLetter> deadLetter(String topic) {
    return new ContractRecordSerializer<>(topic, Output.DEAD_LETTER);
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
    return switch (output) {
      case UTILISATION -> {
        PortUtilisation u = (PortUtilisation) element;
        yield new ProducerRecord<>(topic, utf8(u.portId()), codec.write(u));
      }
      case BALANCE -> {
        TradeBalance b = (TradeBalance) element;
        yield new ProducerRecord<>(topic, utf8(b.key()), codec.write(b));
      }
      case ALERT -> {
        Alert a = (Alert) element;
        yield new ProducerRecord<>(topic, utf8(a.subject()), codec.write(a));
      }
      case WAITS -> {
        PortWaits w = (PortWaits) element;
        yield new ProducerRecord<>(topic, utf8(w.portId()), codec.write(w));
      }
      case DEAD_LETTER -> {
        DeadLetter d = (DeadLetter) element;
        yield new ProducerRecord<>(topic, d.key(), codec.write(d));
      }
    };
  }

  private static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
