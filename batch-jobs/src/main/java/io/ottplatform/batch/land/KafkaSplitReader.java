package io.ottplatform.batch.land;

import io.ottplatform.schemas.avro.PlaybackEvent;
import io.ottplatform.schemas.serde.AvroSerde;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs in a Spark task: reads exactly the offsets {@code [from, until)} of one partition with a plain
 * {@link KafkaConsumer} (assigned, no consumer group, nothing committed to Kafka) and decodes each
 * value with the contract's {@link AvroSerde} (single-object encoding; Spark's {@code from_avro}
 * cannot read its header). A record that fails to decode becomes a quarantine row with the reason.
 *
 * <p>Output rows have {@link #SCHEMA}: the event columns (null for a quarantined record), then the
 * Kafka coordinates, then the quarantine columns (null for a good record).
 */
public final class KafkaSplitReader implements FlatMapFunction<OffsetRange, Row>, Serializable {

  private static final long serialVersionUID = 1L;

  public static final StructType SCHEMA;

  static {
    StructType s = new StructType();
    for (var f : EventRows.EVENT_SCHEMA.fields()) {
      s = s.add(f.name(), f.dataType(), true); // nullable here: a quarantined record has no event
    }
    SCHEMA = s.add("kafka_partition", DataTypes.IntegerType, false)
        .add("kafka_offset", DataTypes.LongType, false)
        .add("landed_at", DataTypes.TimestampNTZType, false)
        .add("kafka_key", DataTypes.StringType)
        .add("kafka_timestamp", DataTypes.TimestampNTZType)
        .add("value", DataTypes.BinaryType)
        .add("reason", DataTypes.StringType);
  }

  private static final int EVENT_FIELDS = EventRows.EVENT_SCHEMA.size();

  private final String bootstrapServers;
  private final LocalDateTime landedAt;
  private final Duration stallTimeout;

  public KafkaSplitReader(String bootstrapServers, LocalDateTime landedAt, Duration stallTimeout) {
    this.bootstrapServers = bootstrapServers;
    this.landedAt = landedAt;
    this.stallTimeout = stallTimeout;
  }

  public static Properties consumerProperties(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // only committed transactions: the planner's end offsets are the same last stable offsets
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 * 1024 * 1024));
    return p;
  }

  @Override
  public Iterator<Row> call(OffsetRange range) {
    return new SplitIterator(range);
  }

  /**
   * Streams the split's rows as Kafka returns them instead of collecting the whole split first: a
   * task then holds one poll batch, not half a million rows, and decoding overlaps the next fetch.
   * The consumer closes at the end of the range, or with the task if it fails midway.
   */
  private final class SplitIterator implements Iterator<Row> {

    private final OffsetRange range;
    private final TopicPartition tp;
    private final AvroSerde<PlaybackEvent> serde = AvroSerde.of(PlaybackEvent.class);
    private final KafkaConsumer<byte[], byte[]> consumer;
    private Iterator<ConsumerRecord<byte[], byte[]>> batch = java.util.Collections.emptyIterator();
    private ConsumerRecord<byte[], byte[]> next;
    private boolean closed;

    SplitIterator(OffsetRange range) {
      this.range = range;
      this.tp = new TopicPartition(range.topic(), range.partition());
      this.consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers));
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) context -> close());
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, range.from());
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (closed) {
        return false;
      }
      long deadline = System.nanoTime() + stallTimeout.toNanos();
      while (true) {
        while (batch.hasNext()) {
          ConsumerRecord<byte[], byte[]> record = batch.next();
          if (record.offset() >= range.until()) {
            close();
            return false;
          }
          next = record;
          return true;
        }
        // position, not the last record's offset: transaction markers occupy offsets but yield no record
        if (consumer.position(tp) >= range.until()) {
          close();
          return false;
        }
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
        if (polled.isEmpty()) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no progress reading " + tp + " at offset " + consumer.position(tp)
                + " (range " + range.from() + ".." + range.until() + ") for " + stallTimeout);
          }
          continue;
        }
        deadline = System.nanoTime() + stallTimeout.toNanos();
        batch = polled.records(tp).iterator();
      }
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException("split " + range + " is exhausted");
      }
      ConsumerRecord<byte[], byte[]> record = next;
      next = null;
      return decode(serde, record);
    }

    private void close() {
      if (!closed) {
        closed = true;
        consumer.close();
      }
    }
  }

  private Row decode(AvroSerde<PlaybackEvent> serde, ConsumerRecord<byte[], byte[]> record) {
    String reason;
    if (record.value() == null) {
      reason = "null value (tombstone) on an event topic";
    } else {
      try {
        PlaybackEvent event = serde.decode(record.value());
        return EventRows.toRow(event, record.partition(), record.offset(), landedAt, null, null, null, null);
      } catch (SerializationException e) {
        reason = e.getMessage();
      } catch (RuntimeException e) {
        // a record that decodes but cannot be flattened (e.g. a required field set to null) is quarantined too
        reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
    Object[] v = new Object[SCHEMA.size()];
    v[EVENT_FIELDS] = record.partition();
    v[EVENT_FIELDS + 1] = record.offset();
    v[EVENT_FIELDS + 2] = landedAt;
    v[EVENT_FIELDS + 3] = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    v[EVENT_FIELDS + 4] = EventRows.utc(Instant.ofEpochMilli(record.timestamp()));
    v[EVENT_FIELDS + 5] = record.value();
    v[EVENT_FIELDS + 6] = reason == null ? "unknown" : reason;
    return RowFactory.create(v);
  }
}
