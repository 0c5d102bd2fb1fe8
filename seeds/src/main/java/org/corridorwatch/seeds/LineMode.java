package org.corridorwatch.seeds;

/** How a line carries its freight, as the source describes it. */
public enum LineMode {
  ROAD,
  RAIL,
  LAND_SEA_INTERMODAL,
  ROAD_RAIL_INTERMODAL
}
