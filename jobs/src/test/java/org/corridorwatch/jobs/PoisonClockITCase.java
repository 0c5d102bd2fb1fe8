package org.corridorwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.corridorwatch.generators.answers.KnownAnswers;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.generators.delivery.InjectionSettings;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The poison clock: in the middle of a 2019 replay, one crossing stamped in 2099 and one stamped in
 * 2025. The first is more than a day ahead of the wall clock, so the codec rejects it ({@code
 * INVALID_VALUE}). The second is years ahead of the stream but behind the wall clock, so it is
 * valid: if the watermark followed it, every later 2019 record would be {@code LATE} and Pingxiang
 * would stop reporting. The job must hold its watermark, count the 2025 crossing in its own slot,
 * and give the 2019 readings of the clean replay, slot by slot.
 */
class PoisonClockITCase {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @RegisterExtension
  static final org.apache.flink.test.junit5.MiniClusterExtension FLINK = JobTestBed.miniCluster();

  static final long FAR_FUTURE = Instant.parse("2099-01-01T08:00:00Z").toEpochMilli();
  // years after the replay, before the wall clock: the contract's future guard lets it through
  static final long YEARS_AHEAD = Instant.parse("2025-06-01T08:07:00Z").toEpochMilli();

  @Test
  void aRecordFromTheFutureNeitherStrandsThePortsNorGoesUncounted() throws Exception {
    JobTestBed.Topics topics = JobTestBed.Topics.fresh();
    List<Delivery> clean = JobTestBed.records(topics, "pingxiang-overload", 2, disorderOnly());
    List<Delivery> poisoned = new ArrayList<>(clean);
    int middle = clean.size() / 2;
    poisoned.add(middle, departure(topics, "poison-2099", FAR_FUTURE));
    poisoned.add(middle + 1, departure(topics, "poison-2025", YEARS_AHEAD));

    JobTestBed.send(KAFKA.broker(), topics, poisoned, 1);
    JobTestBed.runToEnd(JobTestBed.options(KAFKA.broker(), topics, "--bounded"));
    JobTestBed.Outputs out = JobTestBed.readOutputs(KAFKA.broker(), topics);

    assertThat(out.deadLetters())
        .as("only the 2099 record is rejected, by the wall-clock guard; nothing is LATE")
        .extracting(DeadLetter::reason)
        .containsExactly(RejectReason.INVALID_VALUE);
    assertThat(new String(out.deadLetters().get(0).payload(), StandardCharsets.UTF_8))
        .contains("poison-2099");

    KnownAnswers cleanAnswers = JobTestBed.answersFor(topics, clean);
    List<PortUtilisation> readings2019 =
        out.utilisation().stream().filter(u -> u.windowEndMillis() < YEARS_AHEAD).toList();
    assertThat(readings2019)
        .as("every 2019 reading is the clean replay's")
        .containsExactlyInAnyOrderElementsOf(cleanAnswers.utilisationReadings());

    long poisonSlotEnd = EventTimeRules.slotEnd(YEARS_AHEAD);
    List<PortUtilisation> readings2025 =
        out.utilisation().stream().filter(u -> u.windowEndMillis() >= YEARS_AHEAD).toList();
    assertThat(readings2025)
        .as("the 2025 crossing is counted in its own slot, read when event time reaches it")
        .hasSize(EventTimeRules.SLOTS_PER_WINDOW + 1)
        .allMatch(
            u ->
                u.trips()
                    == (u.windowEndMillis() < poisonSlotEnd + EventTimeRules.DAY_MILLIS ? 1 : 0));

    assertThat(out.utilisation())
        .as("the known answers of the poisoned replay say the same")
        .containsExactlyInAnyOrderElementsOf(
            JobTestBed.answersFor(topics, poisoned).utilisationReadings());
  }

  /** Records in the replay's usual disorder, nothing injected. */
  static InjectionSettings disorderOnly() {
    return new InjectionSettings(
        InjectionSettings.DEFAULT_DISORDER_MILLIS,
        0,
        0,
        InjectionSettings.DEFAULT_LATE_BY_MILLIS,
        0);
  }

  /** A valid Pingxiang departure with the given clock, as a producer with a bad clock sends it. */
  static Delivery departure(JobTestBed.Topics topics, String eventId, long eventTime) {
    String json =
        "{\"schema\":\"border-crossing/1\",\"eventId\":\""
            + eventId
            + "\",\"portId\":\"CN-PINGXIANG\",\"vehicleId\":\"GX-BADCLOCK\",\"stage\":\"DEPARTED\","
            + "\"direction\":\"EXPORT\",\"eventTime\":\""
            + Instant.ofEpochMilli(eventTime)
            + "\"}";
    return new Delivery(
        topics.crossings(),
        "CN-PINGXIANG".getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8),
        eventTime,
        Delivery.Kind.REPLAYED,
        null,
        null);
  }
}
