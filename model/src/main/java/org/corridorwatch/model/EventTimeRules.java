package org.corridorwatch.model;

/**
 * The contract's event-time arithmetic, in one place for the job and for every oracle that predicts
 * its output: 15-minute slots, the 24 h rolling window, whole hours, and when a record is {@code
 * LATE}.
 *
 * <p>Slots are aligned to the epoch, so to the hour in UTC: {@code [08:00, 08:15)}, {@code [08:15,
 * 08:30)}, ... A slot's reading is emitted when the watermark reaches {@code slotEnd - 1}, Flink's
 * convention for a window {@code [start, end)}; from then on a record in that slot is late.
 */
public final class EventTimeRules {
  public static final long SLOT_MILLIS = 15 * 60 * 1000L;
  public static final long HOUR_MILLIS = 60 * 60 * 1000L;
  public static final long DAY_MILLIS = 24 * HOUR_MILLIS;

  /** The rolling utilisation window: 24 h, or 96 slots. */
  public static final long UTILISATION_WINDOW_MILLIS = DAY_MILLIS;

  public static final int SLOTS_PER_WINDOW = (int) (UTILISATION_WINDOW_MILLIS / SLOT_MILLIS);

  /** The span of the {@code ROLLING_30D} balance scope. */
  public static final long ROLLING_BALANCE_MILLIS = 30 * DAY_MILLIS;

  private EventTimeRules() {}

  /** Start of the slot holding {@code eventTime}. */
  public static long slotStart(long eventTime) {
    return Math.floorDiv(eventTime, SLOT_MILLIS) * SLOT_MILLIS;
  }

  /** Exclusive end of the slot holding {@code eventTime}. */
  public static long slotEnd(long eventTime) {
    return slotStart(eventTime) + SLOT_MILLIS;
  }

  /** The first whole hour strictly after {@code eventTime}: the hour by which it is counted. */
  public static long hourAfter(long eventTime) {
    return Math.floorDiv(eventTime, HOUR_MILLIS) * HOUR_MILLIS + HOUR_MILLIS;
  }

  /** True once the reading of the slot ending at {@code slotEnd} has been emitted. */
  public static boolean slotEmitted(long slotEnd, long watermark) {
    return watermark >= slotEnd - 1;
  }

  /** True when a record at {@code eventTime} arrives after its slot was emitted. */
  public static boolean isLate(long eventTime, long watermark) {
    return slotEmitted(slotEnd(eventTime), watermark);
  }

  /**
   * The period of event time a record's figures are emitted by, and so the one it is late after: a
   * crossing's slot (utilisation, the queue, the waits), a shipment's hour (the balances of its
   * line and corridor, the only figures a shipment feeds).
   */
  public enum Period {
    SLOT("15-minute slot") {
      @Override
      public long end(long eventTime) {
        return slotEnd(eventTime);
      }
    },
    HOUR("hour") {
      @Override
      public long end(long eventTime) {
        return hourAfter(eventTime);
      }
    };

    private final String name;

    Period(String name) {
      this.name = name;
    }

    /** Exclusive end of the period holding {@code eventTime}. */
    public abstract long end(long eventTime);

    /** True once the period of {@code eventTime} has been emitted, at watermark {@code end - 1}. */
    public boolean isLate(long eventTime, long watermark) {
      return watermark >= end(eventTime) - 1; // as for a slot: [start, end) is out at end - 1
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
