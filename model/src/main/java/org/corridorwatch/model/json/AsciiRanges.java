package org.corridorwatch.model.json;

/**
 * Comparing a range of ASCII bytes, a string value as the reader holds it, with known text, without
 * making a String of it.
 */
final class AsciiRanges {
  private AsciiRanges() {}

  /** True when {@code len} bytes at {@code off} in {@code text} are exactly {@code known}. */
  static boolean equal(byte[] known, byte[] text, int off, int len) {
    if (known.length != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (known[i] != text[off + i]) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code len} bytes at {@code off} in {@code text} spell exactly {@code known}. */
  static boolean equal(String known, byte[] text, int off, int len) {
    if (known.length() != len) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (known.charAt(i) != text[off + i]) {
        return false;
      }
    }
    return true;
  }

  /** The same hash as {@link String#hashCode()} of those ASCII bytes as a String. */
  static int hash(byte[] text, int off, int len) {
    int h = 0;
    for (int i = 0; i < len; i++) {
      h = 31 * h + text[off + i];
    }
    return h;
  }
}
