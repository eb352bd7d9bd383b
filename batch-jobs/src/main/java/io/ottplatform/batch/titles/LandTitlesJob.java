package io.ottplatform.batch.titles;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.land.KafkaOffsets;
import io.ottplatform.batch.land.KafkaSplitReader;
import io.ottplatform.batch.land.OffsetLedger;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code land-titles}: Kafka {@code catalog.changes} → {@code dim.titles}, a slowly changing dimension of type 2
 * (one row per version of a title, {@code valid_from}/{@code valid_to}), exactly once across runs.
 *
 * <p>As in landing, the offsets read up to go into the summary of the snapshot that applies the changes (the
 * MERGE's commit), so a crashed run is redone from the same offsets and a committed one is never read again. A
 * change the table already reflects (its {@code change_id} is at most the last one applied to the title, e.g. the
 * outbox relay sent it twice) is skipped, so a replay changes nothing.
 *
 * <p>The catalog is small (thousands of titles, a few changes a day), so the changes are read on the driver by one
 * assigned consumer instead of Spark tasks; the MERGE runs in Spark.
 */
public final class LandTitlesJob {

  public record Result(KafkaOffsets from, KafkaOffsets to, long changes, long applied) {}

  public static final String TOPIC = Topics.CATALOG_CHANGES.name();

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public LandTitlesJob(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  /** Creates {@code dim.titles} if missing: unpartitioned (one small table), sorted by title and time. */
  public static void ensureTable(SparkSession spark, BatchConfig config) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.lake().namespace("dim"));
    String name = config.table(LakeTables.DIM_TITLES);
    if (spark.catalog().tableExists(name)) {
      return;
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + TitleVersions.COLUMNS + ") USING iceberg TBLPROPERTIES ("
        + "'format-version'='2', 'write.parquet.compression-codec'='zstd', 'write.distribution-mode'='range', "
        + "'write.metadata.delete-after-commit.enabled'='true', 'write.metadata.previous-versions-max'='50', "
        + "'commit.manifest.min-count-to-merge'='2')");
    spark.sql("ALTER TABLE " + name + " WRITE ORDERED BY title_id, valid_from");
  }

  public Result run(JobSteps steps) {
    steps.run("ensure dim.titles", () -> ensureTable(spark, config));
    Table table = Lake.table(spark, config.lake(), LakeTables.DIM_TITLES);
    KafkaOffsets from = steps.run("read committed offsets", () -> OffsetLedger.committed(table, TOPIC));
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    KafkaOffsets until = steps.run("read catalog changes", () -> read(from, records));
    steps.log("offsets {} -> {}: {} changes", from.encode(), until.encode(), records.size());
    if (until.equals(from)) {
      return new Result(from, until, 0, 0);
    }
    var serde = Topics.CATALOG_CHANGES.valueSerde();
    List<CatalogChange> changes = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      try {
        changes.add(serde.deserializer().deserialize(TOPIC, r.value()));
      } catch (RuntimeException e) {
        // a dimension with a silently missing version would be wrong for every as-of query: stop here
        throw new IllegalStateException("cannot decode CatalogChange at " + TOPIC + "-" + r.partition() + " offset "
            + r.offset() + " (key " + (r.key() == null ? null : new String(r.key())) + "): " + e.getMessage(), e);
      }
    }
    Map<String, Long> applied = steps.run("read last applied changes", () -> lastApplied(changes));
    LocalDateTime landedAt = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<Row> rows = TitleVersions.mergeRows(changes, applied, landedAt);
    Map<String, String> offsets = Map.of(KafkaOffsets.summaryKey(TOPIC), until.encode());
    long effective = changes.stream().filter(c -> c.getChangeId() > applied.getOrDefault(c.getTitleId(), Long.MIN_VALUE))
        .map(CatalogChange::getChangeId).distinct().count();
    steps.run("merge into dim.titles and offsets", () -> {
      if (rows.isEmpty()) {
        // only replays: still move the offsets, in a snapshot that adds nothing
        table.newAppend().set(KafkaOffsets.summaryKey(TOPIC), until.encode()).commit();
        return null;
      }
      spark.createDataFrame(rows, TitleVersions.MERGE_SCHEMA).createOrReplaceTempView("ott_title_changes");
      CommitMetadata.withCommitProperties(offsets, () -> spark.sql(TitleVersions.merge(config.table(LakeTables.DIM_TITLES),
          "ott_title_changes")), RuntimeException.class);
      return null;
    });
    steps.log("applied {} of {} changes; next offsets {}", effective, changes.size(), until.encode());
    return new Result(from, until, changes.size(), effective);
  }

  /** Per title in the batch, the highest change id the table already reflects (opened or closed a row). */
  private Map<String, Long> lastApplied(List<CatalogChange> changes) {
    String ids = changes.stream().map(CatalogChange::getTitleId).distinct()
        .map(io.ottplatform.lake.SqlLiterals::string).collect(Collectors.joining(", "));
    Map<String, Long> last = new HashMap<>();
    for (Row r : spark.sql("SELECT title_id, max(greatest(change_id, coalesce(closed_by_change_id, change_id))) FROM "
        + config.table(LakeTables.DIM_TITLES) + " WHERE title_id IN (" + ids + ") GROUP BY title_id").collectAsList()) {
      last.put(r.getString(0), r.getLong(1));
    }
    return last;
  }

  /** Reads every record in [from, end) of each partition; returns the end offsets. */
  private KafkaOffsets read(KafkaOffsets from, List<ConsumerRecord<byte[], byte[]>> out) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaSplitReader.consumerProperties(config.kafkaBootstrap()))) {
      List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + TOPIC + " does not exist on " + config.kafkaBootstrap());
      }
      List<TopicPartition> tps = infos.stream().map(i -> new TopicPartition(TOPIC, i.partition())).toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps, Duration.ofSeconds(30));
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
      Map<Integer, Long> next = new TreeMap<>();
      for (TopicPartition tp : tps) {
        long start = from.nextOf(tp.partition());
        if (begin.get(tp) > start) {
          throw new IllegalStateException(String.format("%s: the next offset to land is %d but the log starts at %d; "
              + "%d changes expired before landing", tp, start, begin.get(tp), begin.get(tp) - start));
        }
        long stop = Math.max(start, end.get(tp));
        next.put(tp.partition(), stop);
        if (stop > start) {
          readRange(consumer, tp, start, stop, out);
        }
      }
      return new KafkaOffsets(TOPIC, next);
    }
  }

  private static void readRange(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long start, long stop,
      List<ConsumerRecord<byte[], byte[]>> out) {
    consumer.assign(List.of(tp));
    consumer.seek(tp, start);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    // position, not the last offset: compaction gaps and transaction markers yield no record
    while (consumer.position(tp) < stop) {
      var polled = consumer.poll(Duration.ofMillis(500));
      if (polled.isEmpty() && System.nanoTime() > deadline) {
        throw new IllegalStateException("no progress reading " + tp + " at offset " + consumer.position(tp)
            + " (range " + start + ".." + stop + ") for 60s");
      }
      for (ConsumerRecord<byte[], byte[]> r : polled.records(tp)) {
        if (r.offset() < stop) {
          out.add(r);
        }
      }
    }
  }
}
