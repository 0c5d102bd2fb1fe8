package org.corridorwatch.model;

/** The stage of one vehicle's crossing at a border port. */
public enum CrossingStage {
  /** The vehicle joins the port's queue. */
  ARRIVED,
  /** Customs clearance is done. */
  CLEARED,
  /** The vehicle has crossed; only this stage counts towards port utilisation. */
  DEPARTED,
  /** The crossing was refused. */
  REJECTED
}
