package org.corridorwatch.generators.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The scenarios this build knows, by name. */
public final class Scenarios {
  private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

  static {
    for (Scenario s :
        List.of(new Ilstc2019(), new PingxiangOverload(), new Baseline(), new ClearanceBacklog())) {
      BY_NAME.put(s.name(), s);
    }
  }

  private Scenarios() {}

  public static List<Scenario> all() {
    return List.copyOf(BY_NAME.values());
  }

  public static Optional<Scenario> named(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
