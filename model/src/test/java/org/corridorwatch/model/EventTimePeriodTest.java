package org.corridorwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A crossing is late once its slot is written, a shipment once its hour is. */
class EventTimePeriodTest {
  private static long at(String time) {
    return Instant.parse("2019-07-01T" + time + "Z").toEpochMilli();
  }

  @Test
  void aRecordIsLateFromTheWatermarkAtItsPeriodsEndMinusOne() {
    long record = at("08:10:00");
    assertThat(EventTimeRules.Period.SLOT.end(record)).isEqualTo(at("08:15:00"));
    assertThat(EventTimeRules.Period.HOUR.end(record)).isEqualTo(at("09:00:00"));

    assertThat(EventTimeRules.Period.SLOT.isLate(record, at("08:15:00") - 2)).isFalse();
    assertThat(EventTimeRules.Period.SLOT.isLate(record, at("08:15:00") - 1)).isTrue();
    assertThat(EventTimeRules.Period.HOUR.isLate(record, at("08:34:59.999"))).isFalse();
    assertThat(EventTimeRules.Period.HOUR.isLate(record, at("09:00:00") - 1)).isTrue();
  }

  @Test
  void theSlotPeriodIsTheRuleEveryFigureOfACrossingUses() {
    for (long wm = at("08:00:00"); wm < at("09:00:00"); wm += 60_000) {
      assertThat(EventTimeRules.Period.SLOT.isLate(at("08:20:00"), wm))
          .isEqualTo(EventTimeRules.isLate(at("08:20:00"), wm));
    }
  }
}
