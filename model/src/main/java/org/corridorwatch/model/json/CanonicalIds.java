package org.corridorwatch.model.json;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The catalogue ids one field may name, found straight from the value's ASCII bytes and handed out
 * as one shared String per id.
 *
 * <p>Nearly every input record names a known port or line, so matching here means the record holds
 * the catalogue's own instance instead of a fresh copy per record, and the parser's text is never
 * turned into a String. A miss says nothing: the caller reads the value the ordinary way and the
 * usual checks (blank, not in the catalogue) judge it.
 */
final class CanonicalIds {
  private static final CanonicalIds NONE = new CanonicalIds(Set.of());

  // Open addressing with linear probing; at most half full, so a miss ends at an empty slot soon.
  private final String[] slots;
  private final byte[][] bytes;
  private final int mask;

  private CanonicalIds(Set<String> ids) {
    int size = Integer.highestOneBit(Math.max(4, ids.size() * 2) - 1) << 1;
    slots = new String[size];
    bytes = new byte[size][];
    mask = size - 1;
    for (String id : ids) {
      // a blank id must still be refused as blank, so it is never handed out from here; and an id
      // that is not ASCII can only be found the ordinary way
      if (!id.isBlank() && id.chars().allMatch(c -> c < 0x80)) {
        int i = id.hashCode() & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = id;
        bytes[i] = id.getBytes(StandardCharsets.US_ASCII);
      }
    }
  }

  static CanonicalIds of(Set<String> ids) {
    return ids.isEmpty() ? NONE : new CanonicalIds(ids);
  }

  /** The id spelled by {@code len} ASCII bytes at {@code off}, or null when it is not one. */
  String find(byte[] text, int off, int len) {
    int i = AsciiRanges.hash(text, off, len) & mask;
    while (slots[i] != null) {
      if (AsciiRanges.equal(bytes[i], text, off, len)) {
        return slots[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }
}
