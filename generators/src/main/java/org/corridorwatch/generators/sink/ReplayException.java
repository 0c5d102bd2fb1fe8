package org.corridorwatch.generators.sink;

import org.corridorwatch.cli.CommandFailure;

/** A replay cannot go on; the message says why in one line, for the person at the terminal. */
public final class ReplayException extends CommandFailure {
  public ReplayException(String message) {
    super(message);
  }

  public ReplayException(String message, Throwable cause) {
    super(message, cause);
  }
}
