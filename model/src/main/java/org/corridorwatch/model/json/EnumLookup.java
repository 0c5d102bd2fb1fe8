package org.corridorwatch.model.json;

/**
 * Exact, case-sensitive lookup of an enum constant by its wire name, without the exception that
 * {@code Enum.valueOf} throws on every unknown value.
 *
 * <p>The wire enums have at most a handful of constants, so a scan that compares the length first
 * beats hashing; and matching the parser's characters directly means a valid value costs no String
 * at all.
 */
final class EnumLookup<E extends Enum<E>> {
  private final E[] constants;
  private final char[][] names;
  private final String choices;

  EnumLookup(Class<E> type) {
    constants = type.getEnumConstants();
    names = new char[constants.length][];
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < constants.length; i++) {
      names[i] = constants[i].name().toCharArray();
      list.append(i == 0 ? "" : ", ").append(constants[i].name());
    }
    choices = list.toString();
  }

  /** The constant named exactly by {@code len} characters at {@code off}, or null. */
  E find(char[] text, int off, int len) {
    for (int i = 0; i < names.length; i++) {
      if (CharRanges.equal(names[i], text, off, len)) {
        return constants[i];
      }
    }
    return null;
  }

  String choices() {
    return choices;
  }
}
