package org.corridorwatch.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.json.KnownIds;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.Test;

/**
 * The fuzz must be hostile in every way the issue lists, on every input topic, the same for a seed,
 * and never send a record the job would count: each record's reason is the codec's, or LATE for a
 * valid record stamped in 1970.
 */
class HostileRecordsTest {
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  private static HostileRecords hostile(long seed, int records) {
    return new HostileRecords(
        InputTopics.contract(),
        CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds())),
        seed,
        records,
        1,
        64 * 1024);
  }

  private static List<HostileRecords.HostileRecord> take(HostileRecords h, int n) {
    List<HostileRecords.HostileRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(h.next());
    }
    return out;
  }

  @Test
  void everyHostilityOnEveryTopicAndEveryRecordRejectedOrLate() {
    List<HostileRecords.HostileRecord> records = take(hostile(7, 3_000), 3_000);
    CorridorCodec codec =
        CorridorCodec.forInputs(new KnownIds(CATALOGUE.portIds(), CATALOGUE.lineIds()));
    Set<HostileRecords.Hostility> seen = EnumSet.noneOf(HostileRecords.Hostility.class);
    Set<String> topics = new HashSet<>();
    Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
    boolean nullKey = false;
    boolean emptyKey = false;
    for (HostileRecords.HostileRecord r : records) {
      seen.add(r.hostility());
      topics.add(r.topic());
      reasons.add(r.reason());
      nullKey |= r.key() == null;
      emptyKey |= r.key() != null && r.key().length == 0;
      Decoded<? extends InputRecord> d =
          switch (r.kind()) {
            case BORDER_CROSSING -> codec.readBorderCrossing(r.value());
            case SHIPMENT -> codec.readShipment(r.value());
            case CONTROL -> codec.readControl(r.value());
          };
      if (r.reason() == RejectReason.LATE) {
        assertThat(d.accepted()).isTrue();
        assertThat(r.kind()).isNotEqualTo(InputRecord.Kind.CONTROL);
        assertThat(d.value().eventTimeMillis()).isLessThan(HostileRecords.LATE_BAIT_BEFORE);
      } else {
        assertThat(d.accepted()).as("%s is rejected", r.hostility()).isFalse();
        assertThat(d.reason()).isEqualTo(r.reason());
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(HostileRecords.Hostility.values());
    assertThat(topics).containsExactlyInAnyOrderElementsOf(InputTopics.contract().all());
    assertThat(reasons)
        .contains(
            RejectReason.MALFORMED_JSON,
            RejectReason.MISSING_FIELD,
            RejectReason.INVALID_VALUE,
            RejectReason.UNKNOWN_PORT,
            RejectReason.UNKNOWN_LINE,
            RejectReason.LATE);
    assertThat(nullKey).isTrue();
    assertThat(emptyKey).isTrue();
    assertThat(records)
        .filteredOn(r -> r.hostility() == HostileRecords.Hostility.HUGE_FIELD)
        .singleElement()
        .satisfies(r -> assertThat(r.value().length).isGreaterThan(64 * 1024));
    assertThat(records)
        .filteredOn(r -> r.hostility() == HostileRecords.Hostility.DEEP_NESTING)
        .anySatisfy(r -> assertThat(r.value().length).isGreaterThan(HostileRecords.DEEPEST * 2));
  }

  @Test
  void theSameSeedSendsTheSameBytes() {
    List<HostileRecords.HostileRecord> a = take(hostile(42, 500), 500);
    List<HostileRecords.HostileRecord> b = take(hostile(42, 500), 500);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).value()).isEqualTo(a.get(i).value());
      assertThat(b.get(i).key()).isEqualTo(a.get(i).key());
      assertThat(b.get(i).reason()).isEqualTo(a.get(i).reason());
    }
  }
}
