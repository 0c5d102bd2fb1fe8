package org.corridorwatch.bench.pipeline;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Inputs held in this JVM for the sources of in-process benchmarks, by name.
 *
 * <p>Why not put the records into the source itself: a source is serialized into the job graph, so
 * a few hundred megabytes of input would be copied at every submission and the benchmark would time
 * that copy. The local mini-cluster runs in this JVM, so its source readers look the input up here.
 */
final class HeldInput {
  private static final ConcurrentMap<String, Object[]> BY_NAME = new ConcurrentHashMap<>();

  private HeldInput() {}

  static void hold(String name, Object[] records) {
    BY_NAME.put(name, records);
  }

  static Object[] get(String name) {
    Object[] records = BY_NAME.get(name);
    if (records == null) {
      throw new IllegalStateException("no input held as " + name + " (not a local run?)");
    }
    return records;
  }
}
