package org.corridorwatch.generators.scenario;

/** One scenario being generated, a chunk at a time, so memory stays bounded. */
public interface ScenarioRun {
  /**
   * Adds the next chunk of events to the timeline.
   *
   * @return false when the scenario has nothing more to add
   */
  boolean nextChunk(Timeline timeline);

  /** No event added after now will be earlier than this. */
  long safeTime();
}
