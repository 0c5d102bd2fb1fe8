package org.corridorwatch.model.json;

import java.nio.charset.StandardCharsets;

/**
 * Exact, case-sensitive lookup of an enum constant by its wire name, without the exception that
 * {@code Enum.valueOf} throws on every unknown value.
 *
 * <p>The wire enums have at most a handful of constants, so a scan that compares the length first
 * beats hashing; and matching the value's bytes directly means a valid value costs no String at
 * all. Enum names are ASCII.
 */
final class EnumLookup<E extends Enum<E>> {
  private final E[] constants;
  private final byte[][] names;
  private final String choices;

  EnumLookup(Class<E> type) {
    constants = type.getEnumConstants();
    names = new byte[constants.length][];
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < constants.length; i++) {
      names[i] = constants[i].name().getBytes(StandardCharsets.US_ASCII);
      list.append(i == 0 ? "" : ", ").append(constants[i].name());
    }
    choices = list.toString();
  }

  /** The constant named exactly by {@code len} ASCII bytes at {@code off}, or null. */
  E find(byte[] text, int off, int len) {
    for (int i = 0; i < names.length; i++) {
      if (AsciiRanges.equal(names[i], text, off, len)) {
        return constants[i];
      }
    }
    return null;
  }

  String choices() {
    return choices;
  }
}
