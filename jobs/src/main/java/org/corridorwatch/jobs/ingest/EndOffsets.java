package org.corridorwatch.jobs.ingest;

/**
 * What a watermark generator asks before it lets a silent partition stop holding the watermark: has
 * the job read this partition to its end? Answered by a probe of the broker ({@link
 * EndOffsetProbe}); tests give their own answers.
 *
 * <p>Answers come in rounds. {@link #request} returns the newest round that has started; only a
 * round numbered higher started after the request, so only its answer can speak for records written
 * after the partition's last record was read. Calls are cheap and allocation-free, so a generator
 * may repeat them at every periodic emit: a repeated request is also what keeps the probe running.
 */
public interface EndOffsets {

  /** Stands for "from the partition's first offset" when a split has no read position yet. */
  long FROM_LOG_START = -2L;

  /** What a round found for one partition and read position. */
  enum Answer {
    /** No committed data record at or after the position: read to its end. */
    READ_TO_END,
    /** At least one committed data record at or after the position: not read to its end. */
    UNREAD_RECORDS,
    /** No round since the request, the round failed (broker unreachable), or it could not tell. */
    UNKNOWN
  }

  /**
   * Asks the probe to watch {@code partition} from {@code nextOffset} (the offset after the last
   * record read, or {@link #FROM_LOG_START}).
   *
   * @return the newest round that has started; pass it to {@link #answer} as {@code after}
   */
  long request(int partition, long nextOffset);

  /** The answer of the newest completed round numbered above {@code after}, for this position. */
  Answer answer(int partition, long nextOffset, long after);

  /**
   * Whether a successful round numbered above {@code after} found any record in the topic at all.
   * Until one has, the job is waiting for its first data and an empty partition holds.
   */
  boolean topicHasRecords(long after);
}
