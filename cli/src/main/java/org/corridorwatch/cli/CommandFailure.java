package org.corridorwatch.cli;

/**
 * A failure the person at the terminal can act on, such as an unreachable broker or an unreadable
 * file. Commands print its message as one line, without a stack trace, and exit with 1.
 */
public class CommandFailure extends RuntimeException {
  public CommandFailure(String message) {
    super(message);
  }

  public CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
