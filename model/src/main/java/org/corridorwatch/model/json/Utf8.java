package org.corridorwatch.model.json;

/**
 * Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF).
 *
 * <p>The reader checks whole values up front because Jackson only validates the strings it decodes,
 * and a bad byte inside an ignored field would otherwise slip through. The dead-letter writer uses
 * it to choose between a text and a base64 payload.
 */
final class Utf8 {
  private Utf8() {}

  /** The offset of the first byte that breaks UTF-8, or -1 when all of {@code bytes} is valid. */
  static int firstInvalidOffset(byte[] bytes) {
    int i = 0;
    int n = bytes.length;
    while (i < n) {
      int b = bytes[i];
      if (b >= 0) { // ASCII, the common case
        i++;
        continue;
      }
      int lead = b & 0xFF;
      int length;
      int min2; // allowed range of the second byte, to exclude overlongs and surrogates
      int max2 = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        min2 = 0x80;
      } else if (lead == 0xE0) {
        length = 3;
        min2 = 0xA0;
      } else if (lead >= 0xE1 && lead <= 0xEC || lead == 0xEE || lead == 0xEF) {
        length = 3;
        min2 = 0x80;
      } else if (lead == 0xED) {
        length = 3;
        min2 = 0x80;
        max2 = 0x9F;
      } else if (lead == 0xF0) {
        length = 4;
        min2 = 0x90;
      } else if (lead >= 0xF1 && lead <= 0xF3) {
        length = 4;
        min2 = 0x80;
      } else if (lead == 0xF4) {
        length = 4;
        min2 = 0x80;
        max2 = 0x8F;
      } else {
        return i;
      }
      if (i + length > n) {
        return i;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min2 || second > max2) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        int cont = bytes[i + k] & 0xFF;
        if (cont < 0x80 || cont > 0xBF) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }

  static boolean isValid(byte[] bytes) {
    return firstInvalidOffset(bytes) < 0;
  }

  /**
   * The first {@code max} bytes at most, cut before a character's continuation bytes so a valid
   * UTF-8 text stays valid text.
   */
  static byte[] prefixOf(byte[] bytes, int max) {
    if (bytes.length <= max) {
      return bytes;
    }
    int cut = max;
    while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
      cut--; // bytes[cut] continues the character before it: cut before that character
    }
    return java.util.Arrays.copyOf(bytes, cut);
  }
}
