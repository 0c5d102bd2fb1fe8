package org.corridorwatch.model.json;

/** Comparing a range of the parser's characters with known text, without making a String of it. */
final class CharRanges {
  private CharRanges() {}

  /** True when {@code len} characters at {@code off} in {@code text} are exactly {@code known}. */
  static boolean equal(char[] known, char[] text, int off, int len) {
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

  /** True when {@code len} characters at {@code off} in {@code text} are exactly {@code known}. */
  static boolean equal(String known, char[] text, int off, int len) {
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

  /** The same hash as {@link String#hashCode()} of those characters as a String. */
  static int hash(char[] text, int off, int len) {
    int h = 0;
    for (int i = 0; i < len; i++) {
      h = 31 * h + text[off + i];
    }
    return h;
  }
}
