package org.corridorwatch.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.corridorwatch.jobs.JobMetrics;
import org.corridorwatch.jobs.OperatorMetrics;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.VehicleType;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rejection right after the source, fed with real bytes through {@link RecordParser}: what is
 * rejected goes to the dead letters with its original bytes and position; what parsed passes on,
 * however far behind the reader's watermark, for dedup and the owners of the figures to judge.
 */
class AcceptParsedTest {
  private static final long NOW = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
  private static final long RECEIVED_AT = NOW + 1234;
  private static final long SLOT_START = at("2026-11-22T08:15:00Z");
  private static final long SLOT_END = at("2026-11-22T08:30:00Z");
  private static final CorridorCatalogue CATALOGUE = CorridorCatalogue.standard();

  private final RecordParser<BorderCrossing> crossings =
      new RecordParser<>(InputKind.CROSSINGS, CATALOGUE, () -> NOW);
  private final RecordParser<ControlRecord> controls =
      new RecordParser<>(InputKind.CONTROL, CATALOGUE, () -> NOW);

  private OneInputStreamOperatorTestHarness<Ingested<BorderCrossing>, BorderCrossing> harness;
  private long nextOffset = 100;

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @BeforeEach
  void openHarness() throws Exception {
    harness = ProcessFunctionTestHarnesses.forProcessFunction(AcceptParsed.records());
    harness.setProcessingTime(RECEIVED_AT);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String departure(String eventId, String portId, String eventTime) {
    return "{\"schema\":\"border-crossing/1\",\"eventId\":\""
        + eventId
        + "\",\"portId\":\""
        + portId
        + "\",\"vehicleId\":\"GX-A1234\",\"stage\":\"DEPARTED\",\"direction\":\"EXPORT\","
        + "\"vehicleType\":\"TRUCK\",\"laden\":true,\"eventTime\":\""
        + eventTime
        + "\"}";
  }

  private Ingested<BorderCrossing> crossing(String json) {
    return crossings.parse(
        Topics.BORDER_CROSSINGS, 3, nextOffset++, utf8("CN-PINGXIANG"), utf8(json));
  }

  private static <T> List<T> values(Collection<StreamRecord<T>> records) {
    List<T> values = new ArrayList<>();
    if (records != null) {
      records.forEach(r -> values.add(r.getValue()));
    }
    return values;
  }

  private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<?, ?> h) {
    return values(h.getSideOutput(AcceptParsed.DEAD_LETTERS));
  }

  @Test
  void aRejectedRecordIsDeadLetteredWithItsOriginalBytesAndPosition() throws Exception {
    String json = departure("c-1", "VN-HANOI", "2026-11-22T08:20:11Z");
    Ingested<BorderCrossing> rejected =
        crossings.parse(Topics.BORDER_CROSSINGS, 2, 4211, utf8("VN-HANOI"), utf8(json));
    assertThat(rejected.accepted()).isFalse();

    harness.processElement(rejected, Long.MIN_VALUE);

    assertThat(harness.extractOutputValues()).isEmpty();
    List<DeadLetter> letters = deadLetters(harness);
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0);
    assertThat(letter.reason()).isEqualTo(RejectReason.UNKNOWN_PORT);
    assertThat(letter.detail()).contains("VN-HANOI");
    assertThat(letter.sourceTopic()).isEqualTo(Topics.BORDER_CROSSINGS);
    assertThat(letter.partition()).isEqualTo(2);
    assertThat(letter.offset()).isEqualTo(4211L);
    assertThat(letter.key()).isEqualTo(utf8("VN-HANOI"));
    assertThat(letter.payload()).isEqualTo(utf8(json));
    assertThat(letter.receivedAtMillis()).isEqualTo(RECEIVED_AT);
  }

  @Test
  void everyRejectionKeepsItsParserReasonAndBytes() throws Exception {
    byte[] notUtf8 = {'{', '"', 'e', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
    Ingested<BorderCrossing> malformed =
        crossings.parse(Topics.BORDER_CROSSINGS, 0, 1, null, notUtf8);
    Ingested<BorderCrossing> tombstone =
        crossings.parse(Topics.BORDER_CROSSINGS, 0, 2, utf8("k"), null);
    // one millisecond more than a day ahead of the fixed wall clock
    Ingested<BorderCrossing> future =
        crossing(departure("c-2", "CN-PINGXIANG", "2026-11-23T10:00:00.001Z"));
    Ingested<BorderCrossing> missing =
        crossing("{\"portId\":\"CN-PINGXIANG\",\"eventTime\":\"2026-11-22T08:20:00Z\"}");

    for (Ingested<BorderCrossing> in : List.of(malformed, tombstone, future, missing)) {
      harness.processElement(in, Long.MIN_VALUE);
    }

    assertThat(harness.extractOutputValues()).isEmpty();
    List<DeadLetter> letters = deadLetters(harness);
    assertThat(letters)
        .extracting(DeadLetter::reason)
        .containsExactly(
            RejectReason.MALFORMED_JSON,
            RejectReason.MALFORMED_JSON,
            RejectReason.INVALID_VALUE,
            RejectReason.MISSING_FIELD);
    assertThat(letters.get(0).payload()).isEqualTo(notUtf8.clone());
    assertThat(letters.get(0).key()).isNull();
    assertThat(letters.get(1).payload()).isNull();
    assertThat(letters.get(1).key()).isEqualTo(utf8("k"));
    assertThat(letters.get(2).payload())
        .isEqualTo(utf8(departure("c-2", "CN-PINGXIANG", "2026-11-23T10:00:00.001Z")));
    assertThat(letters).extracting(DeadLetter::offset).containsExactly(1L, 2L, 100L, 101L);
  }

  @Test
  void exactlyOneDayAheadOfTheWallClockIsAccepted() throws Exception {
    harness.processElement(
        crossing(departure("c-3", "CN-PINGXIANG", "2026-11-23T10:00:00Z")), Long.MIN_VALUE);

    assertThat(deadLetters(harness)).isEmpty();
    assertThat(harness.extractOutputValues())
        .extracting(BorderCrossing::eventTimeMillis)
        .containsExactly(at("2026-11-23T10:00:00Z"));
  }

  @Test
  void anAcceptedRecordInAnOpenSlotPasses() throws Exception {
    harness.processWatermark(SLOT_START - 1); // the slot before [08:15, 08:30) is out
    harness.processElement(
        crossing(departure("c-4", "CN-PINGXIANG", "2026-11-22T08:15:00Z")), Long.MIN_VALUE);

    assertThat(deadLetters(harness)).isEmpty();
    assertThat(harness.extractOutputValues())
        .containsExactly(
            new BorderCrossing(
                "c-4",
                "CN-PINGXIANG",
                "GX-A1234",
                CrossingStage.DEPARTED,
                CrossingDirection.EXPORT,
                VehicleType.TRUCK,
                true,
                SLOT_START));
  }

  @Test
  void aRecordBehindItsReadersWatermarkPassesOnForItsOwnersToJudge() throws Exception {
    // this reader has read far ahead; the job's watermark, the slowest reader's, may not have
    harness.processWatermark(at("2026-11-22T09:59:59.999Z"));
    harness.processElement(
        crossing(departure("c-5", "CN-PINGXIANG", "2026-11-22T08:15:00Z")), Long.MIN_VALUE);

    assertThat(deadLetters(harness)).isEmpty();
    assertThat(harness.extractOutputValues())
        .extracting(BorderCrossing::eventId)
        .containsExactly("c-5");
  }

  @Test
  void aControlRecordPassesOnAsParsed() throws Exception {
    String capacity =
        "{\"schema\":\"control/1\",\"eventId\":\"ctl-1\",\"type\":\"CAPACITY\","
            + "\"portId\":\"LA-BOTEN\",\"designedTripsPerDayMin\":300,"
            + "\"designedTripsPerDayMax\":400,\"effectiveFrom\":\"2019-07-01T00:00:00Z\"}";
    try (OneInputStreamOperatorTestHarness<Ingested<ControlRecord>, ControlRecord> control =
        ProcessFunctionTestHarnesses.forProcessFunction(AcceptParsed.<ControlRecord>records())) {
      control.processWatermark(at("2026-11-22T09:59:59.999Z"));
      control.processElement(
          controls.parse(Topics.CONTROL, 0, 7, utf8("LA-BOTEN"), utf8(capacity)), Long.MIN_VALUE);

      assertThat(deadLetters(control)).isEmpty();
      assertThat(control.extractOutputValues())
          .containsExactly(
              ControlRecord.capacity("ctl-1", "LA-BOTEN", 300, 400, at("2019-07-01T00:00:00Z")));
    }
  }

  @Test
  void everyDeadLetterIsCountedOnceUnderItsReasonAsALabel() throws Exception {
    OperatorMetrics metrics = new OperatorMetrics();
    try (OneInputStreamOperatorTestHarness<Ingested<BorderCrossing>, BorderCrossing> h =
        new OneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(AcceptParsed.<BorderCrossing>records()), metrics.environment())) {
      h.open();
      h.processElement(
          crossings.parse(Topics.BORDER_CROSSINGS, 0, 1, null, utf8("{not json")), Long.MIN_VALUE);
      h.processElement(
          crossing(departure("c-1", "VN-HANOI", "2026-11-22T08:20:00Z")), Long.MIN_VALUE);
      h.processElement(
          crossing(departure("c-2", "VN-HANOI", "2026-11-22T08:21:00Z")), Long.MIN_VALUE);
      h.processWatermark(SLOT_END - 1);
      h.processElement(
          crossing(departure("c-3", "CN-PINGXIANG", "2026-11-22T08:15:00Z")), Long.MIN_VALUE);
      h.processElement(
          crossing(departure("c-4", "CN-PINGXIANG", "2026-11-22T08:30:00Z")), Long.MIN_VALUE);

      assertThat(deadLetters(h)).hasSize(3);
      assertThat(h.extractOutputValues()).hasSize(2);
    }

    String name = JobMetrics.GROUP + "." + JobMetrics.REASON + "." + JobMetrics.DEAD_LETTERS;
    assertThat(metrics.count(name, JobMetrics.REASON, "MALFORMED_JSON")).isEqualTo(1);
    assertThat(metrics.count(name, JobMetrics.REASON, "UNKNOWN_PORT")).isEqualTo(2);
    // every reason has its counter from the start, so a rate over it is 0, not absent
    for (RejectReason quiet :
        List.of(
            RejectReason.MISSING_FIELD, RejectReason.INVALID_VALUE, RejectReason.UNKNOWN_LINE)) {
      assertThat(metrics.count(name, JobMetrics.REASON, quiet.name())).isZero();
    }
  }
}
