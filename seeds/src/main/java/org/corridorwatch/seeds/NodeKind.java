package org.corridorwatch.seeds;

/** What a catalogue node is. Every kind but {@link #INLAND_HUB} is a port that crossings name. */
public enum NodeKind {
  /** A land border port, by road, rail or both. */
  BORDER_PORT,
  RIVER_PORT,
  SEA_PORT,
  /** A city or logistics hub that lines run through; it takes no crossings. */
  INLAND_HUB
}
