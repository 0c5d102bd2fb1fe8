package org.corridorwatch.model;

/** Whether a shipment record marks the shuttle's departure or its arrival. */
public enum ShipmentStatus {
  DEPARTED,
  ARRIVED
}
