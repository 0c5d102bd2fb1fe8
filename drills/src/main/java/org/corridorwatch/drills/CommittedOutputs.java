package org.corridorwatch.drills;

import java.util.List;
import org.corridorwatch.model.Alert;
import org.corridorwatch.model.DeadLetter;
import org.corridorwatch.model.PortUtilisation;
import org.corridorwatch.model.PortWaits;
import org.corridorwatch.model.TradeBalance;

/**
 * Every record a {@code read_committed} consumer found on the five output topics, decoded, in the
 * order of each partition.
 *
 * @param utilisation {@code corridor.port-utilisation.v1}
 * @param balances {@code corridor.trade-balance.v1}
 * @param alerts {@code corridor.alerts.v1}
 * @param deadLetters {@code corridor.deadletter.v1}
 * @param portWaits {@code corridor.port-waits.v1}
 */
public record CommittedOutputs(
    List<PortUtilisation> utilisation,
    List<TradeBalance> balances,
    List<Alert> alerts,
    List<DeadLetter> deadLetters,
    List<PortWaits> portWaits) {

  public long total() {
    return (long) utilisation.size()
        + balances.size()
        + alerts.size()
        + deadLetters.size()
        + portWaits.size();
  }
}
