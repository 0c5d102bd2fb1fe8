package org.corridorwatch.console;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.corridorwatch.model.Alert;

/**
 * Tells the alert transitions worth acting on from the repeats a reader of {@code
 * corridor.alerts.v1} can meet: the same transition again (the contract names (alertId, status,
 * severity) its identity, and a job restarted without state writes an old episode's records again)
 * and a transition of an episode that has already cleared, which must not reopen it. Both the
 * dashboard's state and the Alertmanager bridge judge transitions this way.
 *
 * <p>It remembers the newest {@link #REMEMBERED} transitions and cleared ids. Alerts come a few per
 * port and day, so that covers far more than any repeat window, and a console running for months
 * stays bounded. Not thread-safe.
 */
public final class AlertRepeats {
  /** Transitions and cleared ids remembered. */
  public static final int REMEMBERED = 4_096;

  /** What a transition is. */
  public enum Verdict {
    /** Not seen before, of an episode still open: act on it. */
    NEW,
    /** The same (alertId, status, severity) came before. */
    REPEAT,
    /** Its episode has already cleared: a late RAISED or ESCALATED must not reopen it. */
    STALE
  }

  private final Set<String> seenTransitions = boundedSet(REMEMBERED);
  private final Set<String> clearedIds = boundedSet(REMEMBERED);

  /** Judges {@code transition} and remembers it; a CLEARED that is new closes its episode here. */
  public Verdict judge(Alert transition) {
    String key = transition.alertId() + '|' + transition.status() + '|' + transition.severity();
    if (!seenTransitions.add(key)) {
      return Verdict.REPEAT;
    }
    if (clearedIds.contains(transition.alertId())) {
      return Verdict.STALE;
    }
    return Verdict.NEW;
  }

  /** {@code alertId}'s episode has cleared: later transitions of it are stale. */
  public void cleared(String alertId) {
    clearedIds.add(alertId);
  }

  private static Set<String> boundedSet(int max) {
    return Collections.newSetFromMap(
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > max;
          }
        });
  }
}
