package io.ottplatform.batch.land;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code land-events}: Kafka {@code playback.events} → {@code raw.playback_events}, exactly once
 * across runs.
 *
 * <p>The offsets a run read up to are written into the summary of the very Iceberg snapshot that adds
 * its rows ({@code snapshot-property.*}), so data and position commit atomically: a run that dies
 * before its commit leaves only unreferenced files (removed later as orphans) and the next run starts
 * from the same offsets; a run that committed is never read again. Kafka's consumer-group offsets are
 * not used at all.
 *
 * <p>Undecodable records go to {@code raw.quarantine}, committed first with the same kind of offsets;
 * a rerun after a crash between the two commits skips the records the quarantine already holds.
 *
 * <p>Kafka is read with a plain {@link KafkaConsumer} per split rather than {@code spark-sql-kafka}:
 * values are Avro single-object encoded (decoded by the contract's serde, which Spark's
 * {@code from_avro} cannot do), the ranges come from the table rather than a checkpoint, and the
 * connector would pull a second, older kafka-clients next to the platform's 4.2 one.
 */
public final class LandEventsJob {

  public record Result(KafkaOffsets from, KafkaOffsets to, long events, long quarantined) {}

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public LandEventsJob(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  public Result run(JobSteps steps) {
    String topic = config.topic();
    steps.run("ensure tables", () -> LakeTables.ensureAll(spark, config.lake()));
    Table raw = Lake.table(spark, config.lake(), LakeTables.RAW_EVENTS);
    Table quarantine = Lake.table(spark, config.lake(), LakeTables.QUARANTINE);

    KafkaOffsets from = steps.run("read committed offsets", () -> OffsetLedger.committed(raw, topic));
    KafkaOffsets quarantined = OffsetLedger.committed(quarantine, topic);
    KafkaOffsets until = steps.run("read end offsets", () -> endOffsets(topic, from));
    List<OffsetRange> splits = new ArrayList<>();
    for (Map.Entry<Integer, Long> e : until.asMap().entrySet()) {
      splits.addAll(new OffsetRange(topic, e.getKey(), from.nextOf(e.getKey()), e.getValue()).split(config.maxRecordsPerSplit()));
    }
    long pending = until.total() - from.total();
    steps.log("offsets {} -> {}: {} records in {} splits", from.encode(), until.encode(), pending, splits.size());
    if (splits.isEmpty()) {
      return new Result(from, until, 0, 0);
    }

    LocalDateTime landedAt = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> records = jsc.parallelize(splits, splits.size())
        .flatMap(new KafkaSplitReader(config.kafkaBootstrap(), landedAt, Duration.ofSeconds(60)));
    // Read from Kafka once: the quarantine and the raw table are two writes of the same rows. A local
    // checkpoint keeps them as compact binary rows; Dataset.persist() would build in-memory column
    // batches with min/max statistics of every string value, which cost as much CPU as the decoding.
    Set<Integer> persistedBefore = new HashSet<>(jsc.getPersistentRDDs().keySet());
    Dataset<Row> decoded = steps.run("read and decode " + pending + " records", () ->
        spark.createDataFrame(records, KafkaSplitReader.SCHEMA).localCheckpoint(true, StorageLevel.MEMORY_AND_DISK()));
    try {
      String offsetsProperty = "snapshot-property." + KafkaOffsets.summaryKey(topic);
      long bad = steps.run("write quarantine", () -> {
        Dataset<Row> rows = decoded.filter(decoded.col("reason").isNotNull().and(notYetIn(quarantined, from)))
            .select(functions.lit(topic).as("kafka_topic"), functions.col("kafka_partition"),
                functions.col("kafka_offset"), functions.col("kafka_key"), functions.col("kafka_timestamp"),
                functions.col("value"), functions.col("reason"), functions.col("landed_at"),
                functions.to_date(functions.col("landed_at")).as("landed_date"));
        long n = rows.count();
        if (n > 0) {
          Lake.append(rows.writeTo(config.table(LakeTables.QUARANTINE))
              .option(offsetsProperty, until.encode())
              .option("check-nullability", "false"));
        }
        return n;
      });
      long good = steps.run("write raw.playback_events and offsets", () -> {
        List<Column> columns = new ArrayList<>();
        for (String f : EventRows.EVENT_SCHEMA.fieldNames()) {
          columns.add(functions.col(f));
        }
        columns.add(functions.col("kafka_partition"));
        columns.add(functions.col("kafka_offset"));
        columns.add(functions.col("landed_at"));
        Dataset<Row> events = decoded.filter(decoded.col("reason").isNull()).select(columns.toArray(Column[]::new));
        long n = events.count(); // a cache scan
        // appended even when empty: the snapshot still moves the offsets past a batch of bad records
        Lake.append(events.writeTo(config.table(LakeTables.RAW_EVENTS))
            .option(offsetsProperty, until.encode())
            // the decoder guarantees the contract's required fields; Spark only sees nullable columns
            .option("check-nullability", "false"));
        return n;
      });
      steps.log("landed {} events, quarantined {}; next offsets {}", good, bad, until.encode());
      return new Result(from, until, good, bad);
    } finally {
      // the checkpoint's blocks would otherwise stay until the driver garbage-collects its plan
      jsc.getPersistentRDDs().forEach((id, rdd) -> {
        if (!persistedBefore.contains(id)) {
          rdd.unpersist(false);
        }
      });
    }
  }

  /** Rows past what the quarantine already holds (it may be ahead of the raw table after a crash). */
  private static Column notYetIn(KafkaOffsets quarantined, KafkaOffsets rawFrom) {
    Column keep = functions.lit(true);
    for (Map.Entry<Integer, Long> e : quarantined.asMap().entrySet()) {
      if (e.getValue() > rawFrom.nextOf(e.getKey())) {
        Column col = functions.col("kafka_partition").notEqual(e.getKey())
            .or(functions.col("kafka_offset").geq(e.getValue()));
        keep = keep.and(col);
      }
    }
    return keep;
  }

  private KafkaOffsets endOffsets(String topic, KafkaOffsets from) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSplitReader.consumerProperties(config.kafkaBootstrap()))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist on " + config.kafkaBootstrap());
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, Duration.ofSeconds(30));
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
      Map<Integer, Long> next = new TreeMap<>();
      for (TopicPartition tp : tps) {
        long start = from.nextOf(tp.partition());
        if (begin.get(tp) > start) {
          // retention deleted records this table never got: say so rather than skip them silently
          throw new IllegalStateException(String.format("%s: the next offset to land is %d but the log starts at %d; "
              + "%d records expired before landing", tp, start, begin.get(tp), begin.get(tp) - start));
        }
        next.put(tp.partition(), Math.max(start, end.get(tp)));
      }
      return new KafkaOffsets(topic, next);
    }
  }
}
