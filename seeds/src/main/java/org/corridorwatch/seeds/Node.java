package org.corridorwatch.seeds;

import java.util.List;

/**
 * A port or hub of the corridor.
 *
 * @param id the contract id, {@code CC-NAME}
 * @param name for people
 * @param country ISO 3166 alpha-2, the id's prefix
 * @param kind port or hub
 * @param modes the transport modes it handles
 * @param capacity designed capacity; every port has one (assumed where the sources are silent),
 *     hubs have none
 * @param provenance where the sources name it
 */
public record Node(
    String id,
    String name,
    String country,
    NodeKind kind,
    List<TransportMode> modes,
    Capacity capacity,
    Provenance provenance) {

  public Node {
    modes = modes == null ? null : List.copyOf(modes);
  }

  /** True for ports, which border-crossing records may name; false for hubs. */
  public boolean isPort() {
    return kind != NodeKind.INLAND_HUB;
  }
}
