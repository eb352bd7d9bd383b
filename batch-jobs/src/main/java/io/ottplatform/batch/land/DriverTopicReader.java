package io.ottplatform.batch.land;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a small topic on the driver with one assigned consumer: every record from the offsets a table's snapshots
 * recorded ({@link OffsetLedger}) up to each partition's end. Used by the landing jobs of small topics
 * ({@code land-titles}, {@code land-impressions}); {@code land} reads in Spark tasks instead ({@link KafkaSplitReader}).
 *
 * <p>Both refuse to skip anything: a partition whose log starts after the next offset to land (retention or
 * compaction deleted records the table never got) and a record that does not decode stop the job naming the
 * position, because a dimension or an experiment built on silently missing records would be wrong.
 */
public final class DriverTopicReader {

  /** The offsets the table had landed up to, the records after them, and the offsets to record with them. */
  public record Batch(KafkaOffsets from, List<ConsumerRecord<byte[], byte[]>> records, KafkaOffsets until) {

    /** Nothing new since the last landing. */
    public boolean isEmpty() {
      return until.equals(from);
    }
  }

  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration NO_PROGRESS_TIMEOUT = Duration.ofSeconds(60);

  private final String bootstrapServers;
  private final String topic;
  private final String recordsNoun;

  /** {@code recordsNoun} names the records in errors ("changes", "impressions"). */
  public DriverTopicReader(String bootstrapServers, String topic, String recordsNoun) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.recordsNoun = recordsNoun;
  }

  /** Reads every record after the offsets {@code table}'s snapshots recorded for the topic, up to each partition's end. */
  public Batch readAfter(Table table) {
    return read(OffsetLedger.committed(table, topic));
  }

  /** Reads every record in [from, end) of each partition. */
  public Batch read(KafkaOffsets from) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSplitReader.consumerProperties(bootstrapServers))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers);
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, METADATA_TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, METADATA_TIMEOUT);
      Map<Integer, Long> next = new TreeMap<>();
      for (TopicPartition tp : tps) {
        long start = from.nextOf(tp.partition());
        if (begin.get(tp) > start) {
          throw new IllegalStateException(String.format("%s: the next offset to land is %d but the log starts at %d; "
              + "%d %s expired before landing", tp, start, begin.get(tp), begin.get(tp) - start, recordsNoun));
        }
        long stop = Math.max(start, end.get(tp));
        next.put(tp.partition(), stop);
        if (stop > start) {
          readRange(consumer, tp, start, stop, out);
        }
      }
      return new Batch(from, out, new KafkaOffsets(topic, next));
    }
  }

  /** Decodes one record's value; a record that does not decode stops the job naming its position and key. */
  public static <T> T decode(ConsumerRecord<byte[], byte[]> r, Deserializer<T> deserializer, String type) {
    try {
      return deserializer.deserialize(r.topic(), r.value());
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot decode " + type + " at " + r.topic() + "-" + r.partition() + " offset "
          + r.offset() + " (key " + (r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8)) + "): "
          + e.getMessage(), e);
    }
  }

  private static void readRange(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long start, long stop,
      List<ConsumerRecord<byte[], byte[]>> out) {
    consumer.assign(List.of(tp));
    consumer.seek(tp, start);
    long deadline = System.nanoTime() + NO_PROGRESS_TIMEOUT.toNanos();
    // position, not the last offset: compaction gaps and transaction markers yield no record
    while (consumer.position(tp) < stop) {
      var polled = consumer.poll(Duration.ofMillis(500));
      if (polled.isEmpty() && System.nanoTime() > deadline) {
        throw new IllegalStateException("no progress reading " + tp + " at offset " + consumer.position(tp)
            + " (range " + start + ".." + stop + ") for " + NO_PROGRESS_TIMEOUT.toSeconds() + "s");
      }
      for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
        if (r.offset() < stop) {
          out.add(r);
        }
      }
    }
  }
}
