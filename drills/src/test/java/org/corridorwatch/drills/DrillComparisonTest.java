package org.corridorwatch.drills;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.corridorwatch.generators.answers.ExpectedAlert;
import org.corridorwatch.generators.answers.KnownAnswersFile;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.AlertSeverity;
import org.corridorwatch.model.AlertStatus;
import org.corridorwatch.model.AlertType;
import org.corridorwatch.model.BalanceLevel;
import org.corridorwatch.model.BalanceScope;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.EventTimeRules;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.RejectReason;
import org.corridorwatch.model.Topics;
import org.corridorwatch.model.TradeBalance;
import org.corridorwatch.model.kafka.OutputTopics;
import org.junit.jupiter.api.Test;

/**
 * The drill verdict must tell lost from duplicated on every topic, and must not pass what a drill
 * is there to catch: a missing reading, a doubled balance, a repeated alert transition, a port's
 * waits written twice or out of order, a dead letter written twice or one too few.
 */
class DrillComparisonTest {
  private static final long SLOT = EventTimeRules.SLOT_MILLIS;
  private static final OutputTopics TOPICS = OutputTopics.contract();

  private static PortUtilisation reading(String port, int slot, long trips) {
    long end = (slot + 96) * SLOT;
    return new PortUtilisation(port, end - EventTimeRules.DAY_MILLIS, end, trips, 800, 1000);
  }

  private static TradeBalance balance(long hour, long out) {
    return new TradeBalance(
        BalanceLevel.LINE,
        "ILSTC-ROAD-MIDDLE",
        BalanceScope.CUMULATIVE,
        hour * EventTimeRules.HOUR_MILLIS,
        out,
        1,
        0);
  }

  private static final ExpectedAlert RAISED =
      new ExpectedAlert(
          "SUSTAINED_OVERLOAD:CN-PINGXIANG:1970-01-02T00:00:00Z",
          AlertType.SUSTAINED_OVERLOAD,
          "CN-PINGXIANG",
          AlertStatus.RAISED,
          AlertSeverity.WARNING,
          EventTimeRules.DAY_MILLIS);
  private static final ExpectedAlert CLEARED =
      new ExpectedAlert(
          RAISED.alertId(),
          RAISED.type(),
          RAISED.subject(),
          AlertStatus.CLEARED,
          AlertSeverity.WARNING,
          RAISED.startedAtMillis());

  private static Alert written(ExpectedAlert a, long detectedAt) {
    return new Alert(
        a.alertId(),
        a.type(),
        a.subject(),
        a.severity(),
        a.status(),
        a.startedAtMillis(),
        detectedAt,
        "Pingxiang",
        "{}");
  }

  private static DeadLetter deadLetter(RejectReason reason, long offset) {
    return new DeadLetter(
        reason, "why", Topics.BORDER_CROSSINGS, 0, offset, null, new byte[] {'x'}, 0L);
  }

  /** A port-waits record of one port: only the waiting count and the oldest wait vary. */
  private static PortWaits waits(int slot, long waiting, Long oldest) {
    long end = (slot + 96) * SLOT;
    return new PortWaits(
        "CN-MOHAN",
        end - EventTimeRules.HOUR_MILLIS,
        end,
        waiting,
        oldest,
        0,
        null,
        null,
        null,
        0,
        null,
        null);
  }

  private static final KnownAnswersFile EXPECTED =
      new KnownAnswersFile(
          Map.of(),
          Map.of(),
          Map.of(),
          0,
          0,
          Map.of(RejectReason.MALFORMED_JSON, 2L),
          List.of(reading("CN-PINGXIANG", 1, 10), reading("CN-PINGXIANG", 2, 12)),
          List.of(balance(2, 2)),
          List.of(RAISED, CLEARED),
          List.of(balance(1, 1), balance(2, 2)),
          List.of(waits(1, 3, 40L), waits(2, 0, null)));

  private static final InjectedDeadLetters INJECTED =
      new InjectedDeadLetters(
          1, Map.of(RejectReason.UNKNOWN_PORT, 1L), Map.of(), Map.of(), Map.of());

  private static CommittedOutputs exact() {
    return new CommittedOutputs(
        new ArrayList<>(EXPECTED.utilisation()),
        new ArrayList<>(EXPECTED.balanceRecords()),
        new ArrayList<>(List.of(written(RAISED, 5), written(CLEARED, 6))),
        new ArrayList<>(
            List.of(
                deadLetter(RejectReason.MALFORMED_JSON, 1),
                deadLetter(RejectReason.MALFORMED_JSON, 2),
                deadLetter(RejectReason.UNKNOWN_PORT, 3))),
        new ArrayList<>(EXPECTED.portWaits()));
  }

  private static DrillComparison compare(CommittedOutputs read) {
    return DrillComparison.of(TOPICS, EXPECTED, INJECTED, read);
  }

  @Test
  void exactlyTheAnswersIsEqual() {
    DrillComparison c = compare(exact());
    assertThat(c.equal()).isTrue();
    assertThat(c.lost()).isZero();
    assertThat(c.duplicated()).isZero();
    assertThat(c.rewritten()).isZero();
    assertThat(DrillComparison.expectedCounts(TOPICS, EXPECTED, INJECTED))
        .containsEntry(Topics.DEAD_LETTER, 3L)
        .containsEntry(Topics.TRADE_BALANCE, 2L)
        .containsEntry(Topics.PORT_WAITS, 2L);
  }

  @Test
  void aMissingOrWrongPortWaitsRecordCountsOnItsTopicOnly() {
    CommittedOutputs missing = exact();
    missing.portWaits().remove(1);
    DrillComparison m = compare(missing);
    assertThat(m.topics().get(Topics.PORT_WAITS).lost()).isEqualTo(1);
    assertThat(m.topics().get(Topics.PORT_UTILISATION).equal()).isTrue();
    assertThat(m.equal()).isFalse();

    CommittedOutputs wrong = exact();
    wrong.portWaits().set(0, waits(1, 3, 41L));
    DrillComparison w = compare(wrong);
    assertThat(w.topics().get(Topics.PORT_WAITS).lost()).isEqualTo(1);
    assertThat(w.topics().get(Topics.PORT_WAITS).unexpected()).isEqualTo(1);
  }

  @Test
  void portWaitsOutOfWindowOrderAreAProblem() {
    CommittedOutputs read = exact();
    read.portWaits().add(0, read.portWaits().remove(1));
    DrillComparison c = compare(read);
    assertThat(c.problems()).singleElement().asString().startsWith("port waits: port CN-MOHAN");
    assertThat(c.equal()).isFalse();
  }

  @Test
  void answersWithoutPortWaitsAreAProblemNotAPass() {
    KnownAnswersFile old =
        new KnownAnswersFile(
            EXPECTED.description(),
            EXPECTED.assumptions(),
            EXPECTED.sentPerTopic(),
            EXPECTED.counted(),
            EXPECTED.duplicates(),
            EXPECTED.deadLetters(),
            EXPECTED.utilisation(),
            EXPECTED.balances(),
            EXPECTED.alerts(),
            EXPECTED.balanceRecords(),
            List.of());
    CommittedOutputs read = exact();
    read.portWaits().clear();
    DrillComparison c = DrillComparison.of(TOPICS, old, INJECTED, read);
    assertThat(c.problems()).anySatisfy(p -> assertThat(p).contains("portWaits"));
    assertThat(c.equal()).isFalse();
  }

  @Test
  void aMissingReadingIsLostOnItsTopicOnly() {
    CommittedOutputs read = exact();
    read.utilisation().remove(1);
    DrillComparison c = compare(read);
    assertThat(c.equal()).isFalse();
    assertThat(c.topics().get(Topics.PORT_UTILISATION).lost()).isEqualTo(1);
    assertThat(c.topics().get(Topics.TRADE_BALANCE).equal()).isTrue();
    assertThat(c.duplicated()).isZero();
  }

  @Test
  void aBalanceWrittenTwiceIsDuplicatedNotLost() {
    CommittedOutputs read = exact();
    read.balances().add(balance(1, 1));
    DrillComparison c = compare(read);
    assertThat(c.topics().get(Topics.TRADE_BALANCE).duplicated()).isEqualTo(1);
    assertThat(c.lost()).isZero();
  }

  @Test
  void aRepeatedAlertTransitionIsDuplicatedWhateverItsDetectionTime() {
    CommittedOutputs read = exact();
    read.alerts().add(written(RAISED, 99));
    DrillComparison c = compare(read);
    assertThat(c.topics().get(Topics.ALERTS).duplicated()).isEqualTo(1);
    assertThat(c.equal()).isFalse();
  }

  @Test
  void aWrongFigureIsOneLostAndOneUnexpected() {
    CommittedOutputs read = exact();
    read.utilisation().set(1, reading("CN-PINGXIANG", 2, 13));
    DrillComparison c = compare(read);
    assertThat(c.topics().get(Topics.PORT_UTILISATION).lost()).isEqualTo(1);
    assertThat(c.topics().get(Topics.PORT_UTILISATION).unexpected()).isEqualTo(1);
  }

  @Test
  void readingsOutOfWindowOrderAreAProblem() {
    CommittedOutputs read = exact();
    read.utilisation().add(0, read.utilisation().remove(1));
    DrillComparison c = compare(read);
    assertThat(c.problems()).singleElement().asString().startsWith("port CN-PINGXIANG");
    assertThat(c.equal()).isFalse();
  }

  @Test
  void deadLettersAreCountedPerReasonAndByTheirSourceOffset() {
    CommittedOutputs doubled = exact();
    doubled.deadLetters().add(deadLetter(RejectReason.MALFORMED_JSON, 2));
    DrillComparison d = compare(doubled);
    assertThat(d.topics().get(Topics.DEAD_LETTER).duplicated()).isEqualTo(1);
    assertThat(d.topics().get(Topics.DEAD_LETTER).lost()).isZero();

    CommittedOutputs short1 = exact();
    short1.deadLetters().remove(2); // the injected UNKNOWN_PORT never came
    DrillComparison s = compare(short1);
    assertThat(s.topics().get(Topics.DEAD_LETTER).lost()).isEqualTo(1);
    assertThat(s.deadLettersByReason().get(RejectReason.UNKNOWN_PORT)).containsExactly(1, 0);

    CommittedOutputs wrongReason = exact();
    wrongReason.deadLetters().set(2, deadLetter(RejectReason.INVALID_VALUE, 3));
    DrillComparison w = compare(wrongReason);
    assertThat(w.topics().get(Topics.DEAD_LETTER).lost()).isEqualTo(1);
    assertThat(w.topics().get(Topics.DEAD_LETTER).unexpected()).isEqualTo(1);
  }

  /** Every topic: a key written twice fails, once with equal values and once with different. */
  @Test
  void aReadingKeyWrittenTwiceIsRewrittenWithEqualOrDifferentFigures() {
    CommittedOutputs equal = exact();
    equal.utilisation().add(reading("CN-PINGXIANG", 2, 12));
    assertRewritten(compare(equal), Topics.PORT_UTILISATION);

    CommittedOutputs differ = exact();
    differ.utilisation().add(reading("CN-PINGXIANG", 2, 14));
    DrillComparison c = compare(differ);
    assertRewritten(c, Topics.PORT_UTILISATION);
    assertThat(c.topics().get(Topics.PORT_UTILISATION).examples())
        .anySatisfy(e -> assertThat(e).contains("values differ"));
  }

  @Test
  void aPortWaitsKeyWrittenTwiceIsRewrittenWithEqualOrDifferentFigures() {
    CommittedOutputs equal = exact();
    equal.portWaits().add(waits(2, 0, null));
    assertRewritten(compare(equal), Topics.PORT_WAITS);

    CommittedOutputs differ = exact();
    differ.portWaits().add(waits(2, 1, 5L)); // the same port and window end, another figure
    DrillComparison c = compare(differ);
    assertRewritten(c, Topics.PORT_WAITS);
    assertThat(c.topics().get(Topics.PORT_WAITS).examples())
        .anySatisfy(e -> assertThat(e).contains("values differ"));
  }

  @Test
  void aBalanceKeyWrittenTwiceIsRewrittenWithEqualOrDifferentFigures() {
    CommittedOutputs equal = exact();
    equal.balances().add(balance(2, 2));
    assertRewritten(compare(equal), Topics.TRADE_BALANCE);

    CommittedOutputs differ = exact();
    differ.balances().add(balance(2, 3)); // same level, id, scope and hour; another figure
    assertRewritten(compare(differ), Topics.TRADE_BALANCE);
  }

  @Test
  void anAlertKeyWrittenTwiceIsRewrittenWithEqualOrDifferentFields() {
    CommittedOutputs equal = exact();
    equal.alerts().add(written(RAISED, 5));
    assertRewritten(compare(equal), Topics.ALERTS);

    CommittedOutputs differ = exact();
    ExpectedAlert otherStart =
        new ExpectedAlert(
            RAISED.alertId(),
            RAISED.type(),
            RAISED.subject(),
            RAISED.status(),
            RAISED.severity(),
            RAISED.startedAtMillis() + SLOT);
    differ.alerts().add(written(otherStart, 7));
    assertRewritten(compare(differ), Topics.ALERTS);
  }

  @Test
  void aDeadLetterKeyWrittenTwiceIsRewrittenWithEqualOrDifferentFields() {
    CommittedOutputs equal = exact();
    equal.deadLetters().add(deadLetter(RejectReason.UNKNOWN_PORT, 3));
    assertRewritten(compare(equal), Topics.DEAD_LETTER);

    CommittedOutputs differ = exact();
    differ
        .deadLetters()
        .add(
            new DeadLetter(
                RejectReason.UNKNOWN_PORT,
                "another detail",
                Topics.BORDER_CROSSINGS,
                0,
                3,
                null,
                new byte[] {'y'},
                9L));
    assertRewritten(compare(differ), Topics.DEAD_LETTER);
  }

  private static void assertRewritten(DrillComparison c, String topic) {
    assertThat(c.topics().get(topic).rewritten()).as(topic).isEqualTo(1);
    assertThat(c.rewritten()).isEqualTo(1);
    assertThat(c.topics().get(topic).equal()).isFalse();
    assertThat(c.equal()).isFalse();
    assertThat(c.topics().get(topic).summary()).contains("1 rewritten");
  }
}
