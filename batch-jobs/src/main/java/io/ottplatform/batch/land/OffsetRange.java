package io.ottplatform.batch.land;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Offsets {@code [from, until)} of one partition: the unit of work of one Spark task. */
public record OffsetRange(String topic, int partition, long from, long until) implements Serializable {

  public OffsetRange {
    if (from > until) {
      throw new IllegalArgumentException("offset range " + topic + "-" + partition + " [" + from + ", " + until + ") is reversed");
    }
  }

  public long size() {
    return until - from;
  }

  /** Splits into ranges of at most {@code maxSize} offsets, so one big partition still spreads over all cores. */
  public List<OffsetRange> split(long maxSize) {
    List<OffsetRange> parts = new ArrayList<>();
    for (long start = from; start < until; start += maxSize) {
      parts.add(new OffsetRange(topic, partition, start, Math.min(until, start + maxSize)));
    }
    return parts;
  }
}
