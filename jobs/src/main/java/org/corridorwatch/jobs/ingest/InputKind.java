package org.corridorwatch.jobs.ingest;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;

/**
 * The record type of one input topic: how its values are read, and Flink's type of its records as
 * they leave the source, so every operator behind it is typed for that record.
 */
public final class InputKind<T extends InputRecord> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How a topic's values are read with the contract's codec. */
  @FunctionalInterface
  interface Reader<T> extends Serializable {
    Decoded<T> read(CorridorCodec codec, byte[] value);
  }

  public static final InputKind<BorderCrossing> CROSSINGS =
      new InputKind<>(
          InputRecord.Kind.BORDER_CROSSING,
          CorridorCodec::readBorderCrossing,
          new TypeHint<Ingested<BorderCrossing>>() {}.getTypeInfo());

  public static final InputKind<Shipment> SHIPMENTS =
      new InputKind<>(
          InputRecord.Kind.SHIPMENT,
          CorridorCodec::readShipment,
          new TypeHint<Ingested<Shipment>>() {}.getTypeInfo());

  public static final InputKind<ControlRecord> CONTROL =
      new InputKind<>(
          InputRecord.Kind.CONTROL,
          CorridorCodec::readControl,
          new TypeHint<Ingested<ControlRecord>>() {}.getTypeInfo());

  private final InputRecord.Kind kind;
  private final Reader<T> reader;
  private final TypeInformation<Ingested<T>> type;

  private InputKind(InputRecord.Kind kind, Reader<T> reader, TypeInformation<Ingested<T>> type) {
    this.kind = kind;
    this.reader = reader;
    this.type = type;
  }

  public InputRecord.Kind kind() {
    return kind;
  }

  /** Flink's type of this input's records: a POJO, never Kryo. */
  public TypeInformation<Ingested<T>> type() {
    return type;
  }

  Decoded<T> read(CorridorCodec codec, byte[] value) {
    return reader.read(codec, value);
  }

  @Override
  public String toString() {
    return kind.name();
  }
}
