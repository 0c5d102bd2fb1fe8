package org.corridorwatch.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.json.CorridorCodec;

/**
 * Test records as the job's sources hand them on: accepted, with the bytes the contract's codec
 * writes for them and an origin on partition 0 at the next offset, so a dead letter made from one
 * can be checked for both.
 */
public final class AsRead {
  private static final CorridorCodec CODEC = CorridorCodec.forOutputs();
  private static final AtomicLong OFFSETS = new AtomicLong();

  private AsRead() {}

  /** {@code record} as read from its input topic at the next offset. */
  public static Ingested ingested(InputRecord record) {
    return Ingested.accepted(
        record,
        topicOf(record),
        0,
        OFFSETS.getAndIncrement(),
        record.key().getBytes(StandardCharsets.UTF_8),
        CODEC.write(record));
  }

  private static String topicOf(InputRecord record) {
    return switch (record.kind()) {
      case BORDER_CROSSING -> Topics.BORDER_CROSSINGS;
      case SHIPMENT -> Topics.SHIPMENTS;
      case CONTROL -> Topics.CONTROL;
    };
  }
}
