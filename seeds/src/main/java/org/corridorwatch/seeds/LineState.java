package org.corridorwatch.seeds;

/** Whether a line runs now. */
public enum LineState {
  OPERATING,
  PLANNED
}
