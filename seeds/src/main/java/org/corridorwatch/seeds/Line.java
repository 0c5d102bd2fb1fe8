package org.corridorwatch.seeds;

import java.util.List;
import java.util.Map;

/**
 * A road or rail line of the corridor.
 *
 * @param id the contract id
 * @param name for people
 * @param mode how it carries freight
 * @param state operating or planned
 * @param lengthKm length where the source gives one, else {@code null}
 * @param chineseHub the hub that {@code OUTBOUND} shipments leave from
 * @param route the stops in order, as node ids
 * @param alternatives stops the source gives as "A or B": a route stop mapped to the nodes that may
 *     replace it
 * @param provenance where the source describes the line
 * @param routeAssumption set when the route is not exactly the source's, saying what was assumed
 */
public record Line(
    String id,
    String name,
    LineMode mode,
    LineState state,
    Integer lengthKm,
    String chineseHub,
    List<String> route,
    Map<String, List<String>> alternatives,
    Provenance provenance,
    Provenance routeAssumption) {

  public Line {
    route = route == null ? null : List.copyOf(route);
    alternatives = alternatives == null ? Map.of() : Map.copyOf(alternatives);
  }
}
