package org.corridorwatch.model.json;

import java.util.HashMap;
import java.util.Map;

/**
 * Exact, case-sensitive lookup of an enum constant by its wire name, without the exception that
 * {@code Enum.valueOf} throws on every unknown value.
 */
final class EnumLookup<E extends Enum<E>> {
  private final Map<String, E> byName = new HashMap<>();
  private final String choices;

  EnumLookup(Class<E> type) {
    StringBuilder names = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      byName.put(constant.name(), constant);
      names.append(names.length() == 0 ? "" : ", ").append(constant.name());
    }
    choices = names.toString();
  }

  E find(String name) {
    return byName.get(name);
  }

  String choices() {
    return choices;
  }
}
