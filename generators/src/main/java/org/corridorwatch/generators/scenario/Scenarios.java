package org.corridorwatch.generators.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The scenarios this build knows, by name. */
public final class Scenarios {
  private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

  static {
    for (Scenario s :
        List.of(
            new Ilstc2019(),
            new PingxiangOverload(),
            Baseline.everyPort(),
            Baseline.besidePingxiang(),
            new ConsolidatedShuttleWave())) {
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

  /**
   * The scenarios of {@code names}, in their order.
   *
   * @throws IllegalArgumentException naming the first unknown one and every known one, a line for
   *     the user
   */
  public static List<Scenario> named(List<String> names) {
    List<Scenario> scenarios = new ArrayList<>();
    for (String name : names) {
      scenarios.add(
          named(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown scenario '"
                              + name
                              + "'; the scenarios are "
                              + String.join(", ", names()))));
    }
    return scenarios;
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
