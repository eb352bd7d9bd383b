package io.ottplatform.batch.impressions;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.land.DriverTopicReader;
import io.ottplatform.batch.land.KafkaOffsets;
import io.ottplatform.batch.land.OffsetLedger;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.schemas.avro.RecommendationImpression;
import io.ottplatform.schemas.kafka.Topics;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code land-impressions}: Kafka {@code recommendations.impressions} → {@code ml.impressions}, one row per
 * impression, partitioned by the day it was served.
 *
 * <p>Idempotent on the impression id: serving-api's outbox relay delivers at least once, so the batch is
 * deduplicated and merged ({@code WHEN NOT MATCHED THEN INSERT}) on {@code impression_id}; a redelivered impression
 * changes nothing. As in the other landing jobs, the offsets read up to go into the summary of the snapshot that
 * adds the rows, so a crashed run is redone from the same offsets.
 *
 * <p>An undecodable record stops the job naming its position (as {@code land-titles} does): the only producer is
 * serving-api through the contract's serde, so such a record is a contract bug to fix, not data to skip, and an
 * experiment judged on silently missing impressions would be wrong.
 *
 * <p>Records are read on the driver by one assigned consumer: impressions are one small record per recommendation
 * answer and the job runs often; at some millions a run, reading in Spark tasks as {@code land-events} does is the
 * next step.
 */
public final class LandImpressionsJob {

  public record Result(KafkaOffsets from, KafkaOffsets to, long records, long inserted) {}

  public static final String TABLE = "ml.impressions";
  public static final String TOPIC = Topics.RECOMMENDATION_IMPRESSIONS.name();

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public LandImpressionsJob(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  /** Creates {@code ml.impressions} if missing: by served day, files sorted by experiment and profile (what reports read). */
  public static void ensureTable(SparkSession spark, BatchConfig config) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.lake().namespace("ml"));
    String name = config.table(TABLE);
    if (spark.catalog().tableExists(name)) {
      return;
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + ImpressionRows.COLUMNS + ") USING iceberg "
        + "PARTITIONED BY (served_date) TBLPROPERTIES ('format-version'='2', 'write.parquet.compression-codec'='zstd', "
        + "'write.distribution-mode'='range', 'write.metadata.delete-after-commit.enabled'='true', "
        + "'write.metadata.previous-versions-max'='50')");
    spark.sql("ALTER TABLE " + name + " WRITE ORDERED BY experiment_id, profile_id");
  }

  public Result run(JobSteps steps) {
    steps.run("ensure " + TABLE, () -> ensureTable(spark, config));
    Table table = Lake.table(spark, config.lake(), TABLE);
    DriverTopicReader.Batch batch = steps.run("read impressions after the committed offsets",
        () -> new DriverTopicReader(config.kafkaBootstrap(), TOPIC, "impressions").readAfter(table));
    KafkaOffsets from = batch.from();
    KafkaOffsets until = batch.until();
    List<ConsumerRecord<byte[], byte[]>> records = batch.records();
    steps.log("offsets {} -> {}: {} impressions", from.encode(), until.encode(), records.size());
    if (batch.isEmpty()) {
      return new Result(from, until, 0, 0);
    }
    if (records.isEmpty()) {
      // the offsets moved with nothing to land (a first run on an empty topic, or records Kafka already deleted
      // after an earlier landing): record where the next run starts; a MERGE over no days would be "IN ()"
      steps.run("record offsets " + until.encode(), () -> {
        table.newAppend().set(KafkaOffsets.summaryKey(TOPIC), until.encode()).commit();
        return null;
      });
      return new Result(from, until, 0, 0);
    }
    var serde = Topics.RECOMMENDATION_IMPRESSIONS.valueSerde();
    LocalDateTime landedAt = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<String, Row> unique = new TreeMap<>(); // a redelivery within the batch: the first copy
    for (ConsumerRecord<byte[], byte[]> r : records) {
      RecommendationImpression impression = DriverTopicReader.decode(r, serde.deserializer(), "RecommendationImpression");
      unique.putIfAbsent(impression.getImpressionId(), ImpressionRows.row(impression, r.partition(), r.offset(), landedAt));
    }
    List<Row> rows = new ArrayList<>(unique.values());
    String days = rows.stream().map(r -> "DATE'" + r.getDate(2) + "'").collect(Collectors.toCollection(TreeSet::new))
        .stream().collect(Collectors.joining(", "));
    long before = table.currentSnapshot() == null ? 0 : count(table);
    steps.run("merge into " + TABLE + " and offsets", () -> {
      spark.createDataFrame(rows, ImpressionRows.SCHEMA).createOrReplaceTempView("ott_impressions_batch");
      // the day list lets Iceberg read only the partitions the batch can match
      String merge = "MERGE INTO " + config.table(TABLE) + " t USING ott_impressions_batch s "
          + "ON t.served_date IN (" + days + ") AND t.impression_id = s.impression_id WHEN NOT MATCHED THEN INSERT *";
      CommitMetadata.withCommitProperties(Map.of(KafkaOffsets.summaryKey(TOPIC), until.encode()),
          () -> spark.sql(merge), RuntimeException.class);
      if (!OffsetLedger.committed(table, TOPIC).equals(until)) {
        // only redeliveries: the merge wrote nothing, so move the offsets in a snapshot that adds nothing
        table.newAppend().set(KafkaOffsets.summaryKey(TOPIC), until.encode()).commit();
      }
      return null;
    });
    long inserted = count(table) - before;
    steps.log("landed {} new of {} impressions; next offsets {}", inserted, records.size(), until.encode());
    return new Result(from, until, records.size(), inserted);
  }

  private static long count(Table table) {
    table.refresh();
    String total = table.currentSnapshot() == null ? null : table.currentSnapshot().summary().get("total-records");
    return total == null ? 0 : Long.parseLong(total);
  }
}
