package org.corridorwatch.model.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF).
 *
 * <p>The reader checks whole values up front because Jackson only validates the strings it decodes,
 * and a bad byte inside an ignored field would otherwise slip through. Even where Jackson does
 * decode, it lets overlong forms and surrogates through and words its error differently, and a
 * value with invalid UTF-8 must be rejected as such, with the offending byte and its offset, before
 * anything else about it is judged. The dead-letter writer uses it to choose between a text and a
 * base64 payload.
 */
final class Utf8 {
  /** Reads eight bytes at once; the byte order does not matter for the ASCII test. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The top bit of each of eight bytes: set only in the bytes of multi-byte characters. */
  private static final long NON_ASCII_BITS = 0x8080808080808080L;

  /**
   * The well-formed multi-byte sequences, as the Unicode standard tabulates them: each row a run of
   * lead bytes, the sequence's length, and the range of its second byte, narrower than 80..BF where
   * that shuts out overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
   * Every later byte is 80..BF.
   */
  private static final int[][] WELL_FORMED = {
    // lead from, lead to, length, second byte from, second byte to
    {0xC2, 0xDF, 2, 0x80, 0xBF},
    {0xE0, 0xE0, 3, 0xA0, 0xBF},
    {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F},
    {0xEE, 0xEF, 3, 0x80, 0xBF},
    {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF},
    {0xF4, 0xF4, 4, 0x80, 0x8F}
  };

  /** By lead byte: the length of its sequence, 0 for a byte that cannot lead one. */
  private static final byte[] SEQUENCE_LENGTH = new byte[256];

  private static final int[] SECOND_MIN = new int[256];
  private static final int[] SECOND_MAX = new int[256];

  static {
    for (int[] row : WELL_FORMED) {
      for (int lead = row[0]; lead <= row[1]; lead++) {
        SEQUENCE_LENGTH[lead] = (byte) row[2];
        SECOND_MIN[lead] = row[3];
        SECOND_MAX[lead] = row[4];
      }
    }
  }

  private Utf8() {}

  /** The offset of the first byte that breaks UTF-8, or -1 when all of {@code bytes} is valid. */
  static int firstInvalidOffset(byte[] bytes) {
    int n = bytes.length;
    // Records are nearly always plain ASCII: skip it eight bytes at a time, then check the rest
    // byte by byte from the first word with a byte of 0x80 or more.
    int i = 0;
    while (i + Long.BYTES <= n && ((long) LONGS.get(bytes, i) & NON_ASCII_BITS) == 0) {
      i += Long.BYTES;
    }
    while (i < n) {
      int b = bytes[i];
      if (b >= 0) { // ASCII, the common case
        i++;
        continue;
      }
      int lead = b & 0xFF;
      int length = SEQUENCE_LENGTH[lead];
      if (length == 0 || i + length > n) {
        return i;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < SECOND_MIN[lead] || second > SECOND_MAX[lead]) {
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
