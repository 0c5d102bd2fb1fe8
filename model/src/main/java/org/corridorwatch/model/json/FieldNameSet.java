package org.corridorwatch.model.json;

import java.util.Arrays;

/**
 * The field names seen so far in one JSON object, to catch a repeated key without Jackson's
 * duplicate detection, which builds a new {@code HashSet} for every object it reads.
 *
 * <p>A small open-addressing table that is reused for every record: an entry counts only when its
 * stamp is the current generation, so starting the next record costs one increment, not a clear. It
 * holds at most {@link #CAPACITY} names; beyond that {@link #add} gives up and the caller lets
 * Jackson's own check decide instead. Not thread-safe.
 */
final class FieldNameSet {
  /** More names than this in one object and the set gives up; contract records have about 10. */
  static final int CAPACITY = 32;

  private static final int SLOTS = 2 * CAPACITY; // at most half full, so probes stay short

  private final String[] names = new String[SLOTS];
  private final int[] stamps = new int[SLOTS];
  private int generation = 1;
  private int size;

  /** Forgets every name, for the next object. */
  void clear() {
    size = 0;
    if (++generation == 0) { // after 2^32 records: stamps from long ago could look current again
      Arrays.fill(stamps, 0);
      Arrays.fill(names, null);
      generation = 1;
    }
  }

  /**
   * Adds {@code name}: true when it is new. False when it was already there, or when the set is
   * full and cannot tell; either way the caller cannot vouch that the object has no repeated key.
   */
  boolean add(String name) {
    int i = name.hashCode() & (SLOTS - 1);
    while (stamps[i] == generation) {
      if (names[i].equals(name)) {
        return false;
      }
      i = (i + 1) & (SLOTS - 1);
    }
    if (size == CAPACITY) {
      return false;
    }
    size++;
    stamps[i] = generation;
    names[i] = name;
    return true;
  }
}
