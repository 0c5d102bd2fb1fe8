package org.corridorwatch.jobs.ingest;

import java.util.function.LongSupplier;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.seeds.CorridorCatalogue;

/**
 * Parses the records of one input topic with the contract's codec. Never throws: a record that does
 * not parse comes back rejected with its reason and original bytes. One instance per source reader
 * (the codec is not thread-safe).
 */
public final class RecordParser<T extends InputRecord> {
  private final InputKind<T> kind;
  private final CorridorCodec codec;

  public RecordParser(InputKind<T> kind, CorridorCatalogue catalogue, LongSupplier wallClock) {
    this.kind = kind;
    this.codec =
        new CorridorCodec(new KnownIds(catalogue.portIds(), catalogue.lineIds()), wallClock);
  }

  public Ingested<T> parse(String topic, int partition, long offset, byte[] key, byte[] value) {
    Decoded<T> decoded = kind.read(codec, value);
    if (!decoded.accepted()) {
      return new Ingested<>(
          null, decoded.reason(), decoded.detail(), topic, partition, offset, key, value);
    }
    return Ingested.accepted(decoded.value(), topic, partition, offset, key, value);
  }
}
