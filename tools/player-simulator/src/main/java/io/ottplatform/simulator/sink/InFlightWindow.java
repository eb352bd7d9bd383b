package io.ottplatform.simulator.sink;

import java.util.TreeMap;

/**
 * The player times of the batches handed out and not yet answered, so an unpaced fleet stays in player-time
 * order as a real fleet is: a batch may leave only while its last event is at most {@code lead} after the
 * first event of the oldest unanswered batch. Without that bound, a view whose batches queue behind one
 * another falls behind the others by minutes of player time, and a stream job reading in event time (the
 * QoE job's watermark trails the newest event by 5 s) takes its events for late ones.
 */
final class InFlightWindow {

  private final long leadMs;
  private final TreeMap<Long, Integer> firstTs = new TreeMap<>();

  InFlightWindow(long leadMs) {
    this.leadMs = leadMs;
  }

  synchronized boolean admits(long lastTsMs) {
    return firstTs.isEmpty() || lastTsMs <= firstTs.firstKey() + leadMs;
  }

  synchronized void add(long firstTsMs) {
    firstTs.merge(firstTsMs, 1, Integer::sum);
  }

  synchronized void remove(long firstTsMs) {
    firstTs.computeIfPresent(firstTsMs, (k, n) -> n == 1 ? null : n - 1);
  }
}
