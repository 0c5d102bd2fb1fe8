package org.corridorwatch.model;

/**
 * Topic names of wire contract v1. Programs take these as defaults and let operators override them.
 */
public final class Topics {
  public static final String BORDER_CROSSINGS = "corridor.border-crossings.v1";
  public static final String SHIPMENTS = "corridor.shipments.v1";
  public static final String CONTROL = "corridor.control.v1";
  public static final String PORT_UTILISATION = "corridor.port-utilisation.v1";
  public static final String TRADE_BALANCE = "corridor.trade-balance.v1";
  public static final String ALERTS = "corridor.alerts.v1";
  public static final String PORT_WAITS = "corridor.port-waits.v1";
  public static final String DEAD_LETTER = "corridor.deadletter.v1";

  private Topics() {}
}
