package org.corridorwatch.model;

/** What kind of vehicle made a crossing. The contract's default is {@link #TRUCK}. */
public enum VehicleType {
  TRUCK,
  TRAIN,
  BARGE,
  OTHER
}
