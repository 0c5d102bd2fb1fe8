package org.corridorwatch.model;

/** The time span a trade-balance figure covers. */
public enum BalanceScope {
  /** Since the job's first event. */
  CUMULATIVE,
  /** The 30 days of event time up to {@code asOf}. */
  ROLLING_30D
}
