package org.corridorwatch.console.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One key's records of one output topic, in order of their time ({@code windowEnd} or {@code
 * asOf}), holding only those within {@code horizon} of the newest. A record with the time of one
 * already held replaces it. Not thread-safe: {@link ConsoleState} guards it.
 *
 * <p>Records of one key arrive in time order (one key, one partition, written in order), so adding
 * is an append and trimming drops from the front; an older record is placed by a walk from the
 * back, which only a rewritten topic would need.
 */
final class TimeSeries<T> {
  private final ToLongFunction<T> time;
  private final long horizonMillis;
  private final ArrayDeque<T> records = new ArrayDeque<>();

  TimeSeries(ToLongFunction<T> time, long horizonMillis) {
    this.time = time;
    this.horizonMillis = horizonMillis;
  }

  void add(T record) {
    long t = time.applyAsLong(record);
    T last = records.peekLast();
    if (last == null || time.applyAsLong(last) < t) {
      records.addLast(record);
    } else if (time.applyAsLong(last) == t) {
      records.pollLast();
      records.addLast(record);
    } else {
      insertEarlier(record, t);
    }
    long oldest = time.applyAsLong(records.peekLast()) - horizonMillis;
    while (time.applyAsLong(records.peekFirst()) <= oldest) {
      records.pollFirst();
    }
  }

  private void insertEarlier(T record, long t) {
    ArrayDeque<T> later = new ArrayDeque<>();
    while (!records.isEmpty() && time.applyAsLong(records.peekLast()) > t) {
      later.addFirst(records.pollLast());
    }
    if (!records.isEmpty() && time.applyAsLong(records.peekLast()) == t) {
      records.pollLast();
    }
    records.addLast(record);
    records.addAll(later);
  }

  /** The records with {@code from <= time < to}, oldest first. */
  List<T> between(long from, long to) {
    List<T> out = new ArrayList<>();
    for (T r : records) {
      long t = time.applyAsLong(r);
      if (t >= to) {
        break;
      }
      if (t >= from) {
        out.add(r);
      }
    }
    return out;
  }

  /** The newest {@code n} records, oldest first. */
  List<T> newest(int n) {
    List<T> out = new ArrayList<>(Math.min(n, records.size()));
    Iterator<T> it = records.descendingIterator();
    while (it.hasNext() && out.size() < n) {
      out.add(it.next());
    }
    Collections.reverse(out);
    return out;
  }

  /** The newest record's time, or {@code Long.MIN_VALUE} when empty. */
  long newestTime() {
    T last = records.peekLast();
    return last == null ? Long.MIN_VALUE : time.applyAsLong(last);
  }

  int size() {
    return records.size();
  }
}
