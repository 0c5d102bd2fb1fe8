package org.corridorwatch.jobs.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.json.CorridorCodec;

/**
 * Test records as the job's sources hand them on: accepted, with the bytes the contract's codec
 * writes for them and an origin on partition 0 at the next offset, so a dead letter made from one
 * can be checked for both; and the dead letters an operator under test sent.
 */
public final class AsRead {
  private static final CorridorCodec CODEC = CorridorCodec.forOutputs();
  private static final AtomicLong OFFSETS = new AtomicLong();

  private AsRead() {}

  /** {@code record} as read from its input topic at the next offset. */
  public static <T extends InputRecord> Ingested<T> ingested(T record) {
    return Ingested.accepted(
        record,
        topicOf(record),
        0,
        OFFSETS.getAndIncrement(),
        record.key().getBytes(StandardCharsets.UTF_8),
        CODEC.write(record));
  }

  /** The dead letters an operator under test sent to its side output, in order. */
  public static List<DeadLetter> deadLetters(AbstractStreamOperatorTestHarness<?> harness) {
    List<DeadLetter> out = new ArrayList<>();
    harness.getSideOutput(AcceptParsed.DEAD_LETTERS).forEach(r -> out.add(r.getValue()));
    return out;
  }

  private static String topicOf(InputRecord record) {
    return switch (record.kind()) {
      case BORDER_CROSSING -> Topics.BORDER_CROSSINGS;
      case SHIPMENT -> Topics.SHIPMENTS;
      case CONTROL -> Topics.CONTROL;
    };
  }
}
