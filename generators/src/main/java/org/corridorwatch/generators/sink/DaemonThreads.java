package org.corridorwatch.generators.sink;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one thread behind a program's background chore (a progress line, a broker-outage watch): a
 * daemon, so that a chore nobody stopped never keeps the program alive after its work is done.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A single daemon thread, named {@code name} for thread dumps, that runs scheduled chores. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
