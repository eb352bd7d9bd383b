package io.ottplatform.batch.titles;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.land.DriverTopicReader;
import io.ottplatform.batch.land.KafkaOffsets;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    DriverTopicReader.Batch batch = steps.run("read catalog changes after the committed offsets",
        () -> new DriverTopicReader(config.kafkaBootstrap(), TOPIC, "changes").readAfter(table));
    KafkaOffsets from = batch.from();
    KafkaOffsets until = batch.until();
    List<ConsumerRecord<byte[], byte[]>> records = batch.records();
    steps.log("offsets {} -> {}: {} changes", from.encode(), until.encode(), records.size());
    if (batch.isEmpty()) {
      return new Result(from, until, 0, 0);
    }
    var serde = Topics.CATALOG_CHANGES.valueSerde();
    List<CatalogChange> changes = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      // a dimension with a silently missing version would be wrong for every as-of query: decode stops here
      changes.add(DriverTopicReader.decode(r, serde.deserializer(), "CatalogChange"));
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
}
