package org.corridorwatch.seeds;

/** The modes of transport a node handles. */
public enum TransportMode {
  ROAD,
  RAIL,
  RIVER,
  SEA
}
