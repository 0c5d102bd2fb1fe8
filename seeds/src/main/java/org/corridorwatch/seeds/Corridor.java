package org.corridorwatch.seeds;

import java.util.List;

/**
 * A group of lines whose trade balance is reported together.
 *
 * @param id the contract id
 * @param name for people
 * @param lines its member lines' ids
 * @param provenance where the source groups them
 */
public record Corridor(String id, String name, List<String> lines, Provenance provenance) {
  public Corridor {
    lines = lines == null ? null : List.copyOf(lines);
  }
}
