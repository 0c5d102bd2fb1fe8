package org.corridorwatch.model;

/** The three levels at which trade balance is reported. */
public enum BalanceLevel {
  /** Shipment departures on one line, by direction. */
  LINE,
  /** The sum over a corridor's lines. */
  CORRIDOR,
  /** Crossing departures at one port; EXPORT is outbound, IMPORT inbound. */
  PORT
}
