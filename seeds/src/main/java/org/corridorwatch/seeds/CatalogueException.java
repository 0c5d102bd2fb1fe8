package org.corridorwatch.seeds;

import java.util.List;

/** The seed data is broken. The message lists every problem found, one per line. */
public final class CatalogueException extends RuntimeException {
  private final List<String> problems;

  CatalogueException(String origin, List<String> problems) {
    super(
        "seed catalogue at "
            + origin
            + " is broken ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, prefixed with the file and record it is in. */
  public List<String> problems() {
    return problems;
  }
}
