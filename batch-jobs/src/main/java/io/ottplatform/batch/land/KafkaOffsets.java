package io.ottplatform.batch.land;

import java.io.Serializable;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Per partition of one topic, the next offset to read. Kept in the summary of the Iceberg snapshot
 * that holds the records before it, as {@code "0=120,1=98"} under {@link #summaryKey(String)}.
 */
public record KafkaOffsets(String topic, Map<Integer, Long> next) implements Serializable {

  private static final String PREFIX = "ott.kafka-offsets.";

  public KafkaOffsets {
    next = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(next));
  }

  public static KafkaOffsets empty(String topic) {
    return new KafkaOffsets(topic, new TreeMap<>());
  }

  public static String summaryKey(String topic) {
    return PREFIX + topic;
  }

  public long nextOf(int partition) {
    return next.getOrDefault(partition, 0L);
  }

  public boolean isEmpty() {
    return next.isEmpty();
  }

  /** The per-partition maximum: offsets only move forward, so the larger one is the later commit. */
  public KafkaOffsets max(KafkaOffsets other) {
    SortedMap<Integer, Long> merged = new TreeMap<>(next);
    other.next.forEach((p, o) -> merged.merge(p, o, Math::max));
    return new KafkaOffsets(topic, merged);
  }

  public String encode() {
    return next.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  public static KafkaOffsets decode(String topic, String text) {
    SortedMap<Integer, Long> parsed = new TreeMap<>();
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("bad Kafka offsets entry '" + part + "' in: " + text);
        }
        parsed.put(Integer.parseInt(kv[0].trim()), Long.parseLong(kv[1].trim()));
      }
    }
    return new KafkaOffsets(topic, parsed);
  }

  public long total() {
    return next.values().stream().mapToLong(Long::longValue).sum();
  }

  public Map<Integer, Long> asMap() {
    return next;
  }
}
