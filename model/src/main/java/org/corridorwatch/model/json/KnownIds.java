package org.corridorwatch.model.json;

import java.util.Set;

/**
 * The catalogue ids an input record may name. The codec takes them as plain sets so that the model
 * does not depend on how the catalogue is loaded; callers pass the seeds catalogue's ids.
 *
 * @param portIds ids accepted as {@code portId}
 * @param lineIds ids accepted as {@code lineId}
 */
public record KnownIds(Set<String> portIds, Set<String> lineIds) {
  public KnownIds {
    portIds = Set.copyOf(portIds);
    lineIds = Set.copyOf(lineIds);
  }

  /** No ids at all: every input naming a port or line is rejected. For output-only codecs. */
  public static KnownIds none() {
    return new KnownIds(Set.of(), Set.of());
  }
}
