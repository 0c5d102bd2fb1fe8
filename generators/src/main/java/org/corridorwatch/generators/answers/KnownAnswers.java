package org.corridorwatch.generators.answers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.corridorwatch.generators.delivery.Delivery;
import org.corridorwatch.model.AlertThresholds;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.BorderCrossing;
import org.corridorwatch.model.ControlRecord;
import org.corridorwatch.model.ControlType;
import org.corridorwatch.model.CrossingDirection;
import org.corridorwatch.model.CrossingStage;
import org.corridorwatch.model.EventTimeFrontier;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.InputRecord;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Shipment;
import org.corridorwatch.model.ShipmentDirection;
import org.corridorwatch.model.ShipmentStatus;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.json.CorridorCodec;
import org.corridorwatch.model.json.Decoded;
import org.corridorwatch.model.kafka.InputTopics;
import org.corridorwatch.seeds.CorridorCatalogue;
import org.corridorwatch.seeds.Node;

/**
 * The figures a correct job must produce for exactly the records a replay sent, worked out the
 * slow, obvious way: every record is judged as the contract says (parse, dedup, late), counted in
 * plain maps, and the rolling windows are summed at the end. It shares with the job only the codec
 * and {@link EventTimeRules}, so it checks the job's windowing rather than repeating it.
 *
 * <p>Each input topic has its own watermark and its own dedup, as in the job. A record is judged
 * late before it is judged a duplicate, against its topic's watermark: a crossing once its slot is
 * out, a shipment once its hour is ({@link EventTimeRules.Period}).
 *
 * <p>A topic's watermark is simulated as the job's would be on one partition: the newest event time
 * the job follows ({@link EventTimeFrontier}, the same class the job's watermark generator uses, so
 * a record stamped years ahead is held back exactly as the job holds it) minus the
 * out-of-orderness. A job reading several partitions holds its watermark at the slowest one, so it
 * can only call fewer records late; the generator's own late copies are hours behind and late
 * either way.
 */
public final class KnownAnswers {
  /** The job's {@code --max-wait} default: a visit without a departure is kept two days. */
  public static final long DEFAULT_MAX_WAIT_MILLIS = 2 * EventTimeRules.DAY_MILLIS;

  private final CorridorCatalogue catalogue;
  private final CorridorCodec codec;
  private final InputTopics topics;
  private final long outOfOrdernessMillis;
  private final long dedupHorizonMillis;
  private final long maxWatermarkJumpMillis;
  private final long maxWaitMillis;
  // each input topic has its own watermark and its own dedup, as in the job
  private final Map<InputRecord.Kind, TopicTime> topicTimes = new EnumMap<>(InputRecord.Kind.class);

  private long newestAccepted = Long.MIN_VALUE;
  private long counted;
  private long duplicates;
  private final Map<RejectReason, Long> deadLetters = new EnumMap<>(RejectReason.class);
  private final Map<String, Long> sentPerTopic = new TreeMap<>();

  // port -> slot start -> DEPARTED count
  private final Map<String, TreeMap<Long, Long>> departuresBySlot = new TreeMap<>();
  // port -> effective-from -> {min, max}, in force for readings not yet emitted when it arrived
  private final Map<String, TreeMap<Long, int[]>> capacityChanges = new HashMap<>();
  // port -> slot start -> arrivals minus departures and refusals, for queue growth
  private final Map<String, TreeMap<Long, Long>> queueChanges = new TreeMap<>();
  // port -> its accepted crossings, folded into visits for the waits and clearance timeouts
  private final Map<String, List<Visits.Step>> stepsByPort = new TreeMap<>();
  // THRESHOLDS records; the other alert oracles still judge by the contract's defaults
  private final SentThresholds thresholds = SentThresholds.startingWith(AlertThresholds.defaults());
  // "LEVEL:id" -> hour start -> {outbound, inbound, emptyInbound}
  private final Map<String, TreeMap<Long, long[]>> balanceByHour = new TreeMap<>();

  /** Answers for a job with the default {@code --max-watermark-jump} and {@code --max-wait}. */
  public KnownAnswers(
      CorridorCatalogue catalogue,
      CorridorCodec codec,
      InputTopics topics,
      long outOfOrdernessMillis,
      long dedupHorizonMillis) {
    this(
        catalogue,
        codec,
        topics,
        outOfOrdernessMillis,
        dedupHorizonMillis,
        EventTimeFrontier.DEFAULT_MAX_JUMP_MILLIS,
        DEFAULT_MAX_WAIT_MILLIS);
  }

  /**
   * @param maxWatermarkJumpMillis the job's {@code --max-watermark-jump}
   * @param maxWaitMillis the job's {@code --max-wait}: how long a visit is kept without a departure
   */
  public KnownAnswers(
      CorridorCatalogue catalogue,
      CorridorCodec codec,
      InputTopics topics,
      long outOfOrdernessMillis,
      long dedupHorizonMillis,
      long maxWatermarkJumpMillis,
      long maxWaitMillis) {
    if (maxWaitMillis <= 0) {
      throw new IllegalArgumentException("max wait must be positive, got " + maxWaitMillis);
    }
    this.catalogue = catalogue;
    this.codec = codec;
    this.topics = topics;
    this.outOfOrdernessMillis = outOfOrdernessMillis;
    this.dedupHorizonMillis = dedupHorizonMillis;
    this.maxWatermarkJumpMillis = maxWatermarkJumpMillis;
    this.maxWaitMillis = maxWaitMillis;
  }

  public long maxWatermarkJumpMillis() {
    return maxWatermarkJumpMillis;
  }

  public long maxWaitMillis() {
    return maxWaitMillis;
  }

  /** Judges one delivered record as the job would. */
  public void observe(Delivery delivery) {
    sentPerTopic.merge(delivery.topic(), 1L, Long::sum);
    InputRecord record = delivery.record();
    if (delivery.kind() == Delivery.Kind.MALFORMED || delivery.kind() == Delivery.Kind.REPLAYED) {
      InputRecord.Kind kind =
          delivery.record() != null ? delivery.record().kind() : topics.kindOf(delivery.topic());
      if (kind == null) {
        return; // a topic the job does not read
      }
      Decoded<? extends InputRecord> decoded = decode(kind, delivery.value());
      if (!decoded.accepted()) {
        deadLetters.merge(decoded.reason(), 1L, Long::sum);
        return;
      }
      record = decoded.value();
    }
    judge(record);
  }

  private Decoded<? extends InputRecord> decode(InputRecord.Kind kind, byte[] value) {
    return switch (kind) {
      case BORDER_CROSSING -> codec.readBorderCrossing(value);
      case SHIPMENT -> codec.readShipment(value);
      case CONTROL -> codec.readControl(value);
    };
  }

  /**
   * One input topic's event time and dedup: its watermark (one partition per topic) and the ids it
   * accepted, bucketed by hour so that old ones are dropped in order.
   */
  private final class TopicTime {
    final EventTimeFrontier frontier = new EventTimeFrontier(maxWatermarkJumpMillis);
    final Map<String, Long> seenIds = new HashMap<>();
    final TreeMap<Long, List<String>> idsByHour = new TreeMap<>();

    long watermark() {
      return frontier.frontier() == Long.MIN_VALUE
          ? Long.MIN_VALUE
          : frontier.frontier() - outOfOrdernessMillis - 1;
    }

    void remember(String eventId, long time) {
      seenIds.put(eventId, time);
      idsByHour
          .computeIfAbsent(Math.floorDiv(time, EventTimeRules.HOUR_MILLIS), h -> new ArrayList<>())
          .add(eventId);
    }

    /**
     * Forgets ids once the watermark is a whole horizon past their hour, as the job's state does.
     */
    void expireIds() {
      if (watermark() == Long.MIN_VALUE) {
        return; // no watermark yet, so no expiry timer has fired (and the sum below would wrap)
      }
      long horizonHour =
          Math.floorDiv(watermark() - dedupHorizonMillis, EventTimeRules.HOUR_MILLIS);
      while (!idsByHour.isEmpty() && idsByHour.firstKey() < horizonHour) {
        idsByHour.pollFirstEntry().getValue().forEach(seenIds::remove);
      }
    }
  }

  private TopicTime timeOf(InputRecord.Kind kind) {
    return topicTimes.computeIfAbsent(kind, k -> new TopicTime());
  }

  /** The crossings' watermark: the one the operators that apply control records follow. */
  private long crossingsWatermark() {
    return timeOf(InputRecord.Kind.BORDER_CROSSING).watermark();
  }

  private void judge(InputRecord record) {
    if (record instanceof ControlRecord control) {
      // control records are not deduplicated by time or late: they take effect from their time
      applyControl(control);
      counted++;
      return;
    }
    long time = record.eventTimeMillis();
    TopicTime topic = timeOf(record.kind());
    // judged against the watermark before this record, as the job's source emits the record first
    long watermark = topic.watermark();
    // the job's watermark generator sees every record that parsed, duplicates and late ones too
    topic.frontier.observe(time);
    // late before duplicate, as in the job: a late copy of an accepted record is a LATE dead letter
    EventTimeRules.Period lateAfter =
        record instanceof Shipment ? EventTimeRules.Period.HOUR : EventTimeRules.Period.SLOT;
    if (lateAfter.isLate(time, watermark)) {
      deadLetters.merge(RejectReason.LATE, 1L, Long::sum);
      return;
    }
    if (topic.seenIds.containsKey(record.eventId())) {
      duplicates++;
      return;
    }
    topic.remember(record.eventId(), time);
    newestAccepted = Math.max(newestAccepted, time);
    topic.expireIds();
    counted++;
    if (record instanceof BorderCrossing c) {
      countCrossing(c);
    } else {
      countShipment((Shipment) record);
    }
  }

  private void applyControl(ControlRecord control) {
    // the operators that apply control records follow the crossings' watermark alone
    if (control.type() == ControlType.THRESHOLDS) {
      // like a late CAPACITY, a record cannot change what the job decided before it arrived: the
      // instants up to the watermark (timeouts judged, arrivals given their limit)
      long from =
          crossingsWatermark() == Long.MIN_VALUE
              ? control.effectiveFromMillis()
              : Math.max(control.effectiveFromMillis(), crossingsWatermark() + 1);
      thresholds.add(control.portId(), from, control.thresholds());
      return;
    }
    if (control.type() != ControlType.CAPACITY) {
      return;
    }
    // readings already emitted keep their capacity: the change reaches the first slot still open
    long firstOpenSlotEnd =
        crossingsWatermark() == Long.MIN_VALUE
            ? Long.MIN_VALUE
            : EventTimeRules.slotEnd(crossingsWatermark() + 1);
    long from = Math.max(control.effectiveFromMillis(), firstOpenSlotEnd);
    capacityChanges
        .computeIfAbsent(control.portId(), p -> new TreeMap<>())
        .put(from, new int[] {control.designedTripsPerDayMin(), control.designedTripsPerDayMax()});
  }

  private void countCrossing(BorderCrossing c) {
    long queueDelta =
        c.stage() == CrossingStage.ARRIVED
            ? 1
            : c.stage() == CrossingStage.CLEARED ? 0 : -1; // DEPARTED and REJECTED leave the queue
    queueChanges
        .computeIfAbsent(c.portId(), p -> new TreeMap<>())
        .merge(EventTimeRules.slotStart(c.eventTimeMillis()), queueDelta, Long::sum);
    stepsByPort
        .computeIfAbsent(c.portId(), p -> new ArrayList<>())
        .add(new Visits.Step(c.vehicleId(), c.stage(), c.eventTimeMillis()));
    if (c.stage() != CrossingStage.DEPARTED) {
      return;
    }
    departuresBySlot
        .computeIfAbsent(c.portId(), p -> new TreeMap<>())
        .merge(EventTimeRules.slotStart(c.eventTimeMillis()), 1L, Long::sum);
    addBalance(
        BalanceLevel.PORT.name() + ":" + c.portId(),
        c.eventTimeMillis(),
        c.direction() == CrossingDirection.EXPORT,
        c.laden());
  }

  private void countShipment(Shipment s) {
    if (s.status() != ShipmentStatus.DEPARTED) {
      return;
    }
    boolean outbound = s.direction() == ShipmentDirection.OUTBOUND;
    addBalance(
        BalanceLevel.LINE.name() + ":" + s.lineId(), s.eventTimeMillis(), outbound, s.laden());
    catalogue
        .corridorOf(s.lineId())
        .ifPresent(
            corridor ->
                addBalance(
                    BalanceLevel.CORRIDOR.name() + ":" + corridor.id(),
                    s.eventTimeMillis(),
                    outbound,
                    s.laden()));
  }

  private void addBalance(String key, long time, boolean outbound, boolean laden) {
    long[] counts =
        balanceByHour
            .computeIfAbsent(key, k -> new TreeMap<>())
            .computeIfAbsent(Math.floorDiv(time, EventTimeRules.HOUR_MILLIS), h -> new long[3]);
    if (outbound) {
      counts[0]++;
    } else {
      counts[1]++;
      if (!laden) {
        counts[2]++;
      }
    }
  }

  // ------------------------------------------------------------------ results

  public long counted() {
    return counted;
  }

  public long duplicates() {
    return duplicates;
  }

  public Map<RejectReason, Long> deadLetters() {
    Map<RejectReason, Long> all = new EnumMap<>(RejectReason.class);
    for (RejectReason reason : RejectReason.values()) {
      all.put(reason, deadLetters.getOrDefault(reason, 0L));
    }
    return all;
  }

  public Map<String, Long> sentPerTopic() {
    return Map.copyOf(sentPerTopic);
  }

  /**
   * Every utilisation reading the job must emit, per port in window order: one per slot end while
   * the last 24 h held a departure, and one {@code trips: 0} reading when the window empties.
   */
  public List<PortUtilisation> utilisationReadings() {
    List<PortUtilisation> readings = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, Long>> port : departuresBySlot.entrySet()) {
      readingsOf(port.getKey(), port.getValue(), readings);
    }
    return readings;
  }

  private void readingsOf(String portId, TreeMap<Long, Long> slots, List<PortUtilisation> out) {
    long window = EventTimeRules.UTILISATION_WINDOW_MILLIS;
    long slot = EventTimeRules.SLOT_MILLIS;
    long end = slots.firstKey() + slot;
    long lastEnd = slots.lastKey() + slot + window; // the first end whose window holds nothing
    while (end <= lastEnd) {
      long trips = 0;
      for (long n : slots.subMap(end - window, true, end, false).values()) {
        trips += n;
      }
      out.add(reading(portId, end, trips));
      if (trips == 0) {
        // the window emptied: jump to the slot of the next departure, if any
        Long next = slots.ceilingKey(end);
        if (next == null) {
          break;
        }
        end = next + slot;
      } else {
        end += slot;
      }
    }
  }

  private PortUtilisation reading(String portId, long windowEnd, long trips) {
    Node port = catalogue.port(portId);
    int min = port.capacity().designedTripsPerDayMin();
    int max = port.capacity().designedTripsPerDayMax();
    NavigableMap<Long, int[]> changes = capacityChanges.get(portId);
    if (changes != null) {
      Map.Entry<Long, int[]> inForce = changes.floorEntry(windowEnd);
      if (inForce != null) {
        min = inForce.getValue()[0];
        max = inForce.getValue()[1];
      }
    }
    return new PortUtilisation(
        portId, windowEnd - EventTimeRules.UTILISATION_WINDOW_MILLIS, windowEnd, trips, min, max);
  }

  /**
   * The alert transitions a correct job writes: SUSTAINED_OVERLOAD per port from the readings, then
   * QUEUE_GROWTH, then CLEARANCE_BACKLOG per port from its visits, judged by the THRESHOLDS records
   * sent (the other types by the contract's default thresholds).
   */
  public List<ExpectedAlert> alerts() {
    List<ExpectedAlert> alerts = new ArrayList<>();
    Map<String, List<PortUtilisation>> byPort = new TreeMap<>();
    for (PortUtilisation reading : utilisationReadings()) {
      byPort.computeIfAbsent(reading.portId(), p -> new ArrayList<>()).add(reading);
    }
    byPort.values().forEach(readings -> alerts.addAll(SustainedOverloadOracle.alerts(readings)));
    queueChanges.forEach(
        (port, changes) ->
            alerts.addAll(
                QueueGrowthOracle.alerts(port, changes, byPort.getOrDefault(port, List.of()))));
    stepsByPort.forEach(
        (port, steps) ->
            alerts.addAll(
                ClearanceBacklogOracle.alerts(
                    port, Visits.of(port, steps, maxWaitMillis), maxWaitMillis, thresholds)));
    return alerts;
  }

  /**
   * Every {@code corridor.port-waits.v1} record the job must write, per port in window order, from
   * the visits of the accepted crossings ({@link Visits}, {@link PortWaitsOracle}). Like {@link
   * #utilisationReadings()}, the whole sequence: each port's records run until the quiet record
   * that follows its last activity, which a job writes only once its watermark has passed all of
   * the input (a bounded run, or a replay closed with {@code --close} by more than the max wait). A
   * comparison with a job still running compares up to its watermark, as for the readings.
   */
  public List<PortWaits> portWaits() {
    List<PortWaits> records = new ArrayList<>();
    stepsByPort.forEach(
        (port, steps) ->
            records.addAll(
                PortWaitsOracle.records(
                    port, Visits.of(port, steps, maxWaitMillis), maxWaitMillis)));
    return records;
  }

  /**
   * The final balance figures per key, both scopes, as of the first whole hour after the newest
   * accepted event: the newest record per key and scope the job writes once it has read all.
   */
  public List<TradeBalance> finalBalances() {
    List<TradeBalance> balances = new ArrayList<>();
    if (newestAccepted == Long.MIN_VALUE) {
      return balances;
    }
    long asOf = EventTimeRules.hourAfter(newestAccepted);
    long rollingFromHour =
        Math.floorDiv(asOf - EventTimeRules.ROLLING_BALANCE_MILLIS, EventTimeRules.HOUR_MILLIS);
    for (Map.Entry<String, TreeMap<Long, long[]>> key : balanceByHour.entrySet()) {
      long[] all = sum(key.getValue());
      long[] rolling = sum(key.getValue().tailMap(rollingFromHour, true));
      balances.add(balance(key.getKey(), BalanceScope.CUMULATIVE, asOf, all));
      balances.add(balance(key.getKey(), BalanceScope.ROLLING_30D, asOf, rolling));
    }
    return balances;
  }

  /**
   * Every balance record the job writes once its watermark has passed all of this input (a bounded
   * run, or a replay closed with {@code --close}), in order per key: a record per scope at each
   * whole hour that ends an hour with departures or moves one out of the 30 days, when that scope's
   * figures differ from the last ones written for the key (the first time, both scopes).
   */
  public List<TradeBalance> balanceRecords() {
    List<TradeBalance> records = new ArrayList<>();
    long hour = EventTimeRules.HOUR_MILLIS;
    long rollingMillis = EventTimeRules.ROLLING_BALANCE_MILLIS;
    for (Map.Entry<String, TreeMap<Long, long[]>> key : balanceByHour.entrySet()) {
      TreeMap<Long, long[]> hours = key.getValue();
      TreeMap<Long, Boolean> readings = new TreeMap<>(); // the job's timers, as "as of" times
      for (long h : hours.keySet()) {
        readings.put((h + 1) * hour, true);
        readings.put((h + 1) * hour + rollingMillis, true);
      }
      long[] lastCumulative = null;
      long[] lastRolling = null;
      for (long asOf : readings.keySet()) {
        long asOfHour = Math.floorDiv(asOf, hour);
        long[] cumulative = sum(hours.headMap(asOfHour, false));
        long[] rolling =
            sum(hours.subMap(Math.floorDiv(asOf - rollingMillis, hour), true, asOfHour, false));
        if (lastCumulative == null || !Arrays.equals(lastCumulative, cumulative)) {
          records.add(balance(key.getKey(), BalanceScope.CUMULATIVE, asOf, cumulative));
        }
        if (lastRolling == null || !Arrays.equals(lastRolling, rolling)) {
          records.add(balance(key.getKey(), BalanceScope.ROLLING_30D, asOf, rolling));
        }
        lastCumulative = cumulative;
        lastRolling = rolling;
      }
    }
    return records;
  }

  /**
   * The balance record of {@code key} ({@code LEVEL:id}, as {@link #addBalance} files it) in {@code
   * scope} as of {@code asOf}, from its {outbound, inbound, empty inbound} counts.
   */
  private static TradeBalance balance(String key, BalanceScope scope, long asOf, long[] counts) {
    String[] levelAndId = key.split(":", 2);
    return new TradeBalance(
        BalanceLevel.valueOf(levelAndId[0]),
        levelAndId[1],
        scope,
        asOf,
        counts[0],
        counts[1],
        counts[2]);
  }

  private static long[] sum(Map<Long, long[]> hours) {
    long[] total = new long[3];
    for (long[] counts : hours.values()) {
      for (int i = 0; i < 3; i++) {
        total[i] += counts[i];
      }
    }
    return total;
  }
}
