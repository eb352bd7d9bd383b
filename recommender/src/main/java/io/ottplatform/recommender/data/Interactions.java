package io.ottplatform.recommender.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeConfig;
import java.nio.file.Path;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The interactions a model learns from, one row per (profile, title):
 * {@code profile_id STRING, title_id STRING, strength DOUBLE, ts TIMESTAMP_NTZ} (ts = the latest time
 * the profile watched the title; the time-based split orders by it).
 */
public final class Interactions {

  public static final StructType CSV_SCHEMA = new StructType()
      .add("user", DataTypes.StringType)
      .add("item", DataTypes.StringType)
      .add("weight", DataTypes.DoubleType)
      .add("timestamp", DataTypes.StringType);

  private Interactions() {}

  /** Rows and the source they were read from. */
  public record Loaded(Dataset<Row> rows, InputSource source) {}

  /**
   * Reads the viewer-activity table at its current snapshot (pinned, so the run's rows are exactly
   * those of the recorded snapshot even if a batch job commits meanwhile) and sums each profile's
   * days of one title.
   */
  public static Loaded fromLake(SparkSession spark, LakeConfig lake, String table) {
    Table iceberg = Lake.table(spark, lake, table);
    Snapshot snapshot = iceberg.currentSnapshot();
    if (snapshot == null) {
      throw new IllegalStateException("the input table " + lake.table(table) + " has no rows yet (no snapshot): "
          + "run ./ott batch sessionize first");
    }
    Dataset<Row> daily = spark.sql("SELECT * FROM " + lake.table(table) + " VERSION AS OF " + snapshot.snapshotId());
    Dataset<Row> perTitle = daily.groupBy("profile_id", "title_id").agg(
        sum("minutes_watched").as("minutes_watched"),
        max("max_completion_ratio").as("max_completion_ratio"),
        max(col("completed")).as("completed"),
        max("last_watched_at").as("ts"));
    Dataset<Row> rows = perTitle
        .select(col("profile_id"), col("title_id"), Confidence.strengthOfAggregates().as("strength"), col("ts"))
        .where(col("strength").gt(0));
    return new Loaded(rows, new InputSource(table, snapshot.snapshotId()));
  }

  /**
   * Reads {@code user,item,weight,timestamp} (header line optional; timestamp in epoch seconds or ISO-8601):
   * weight is taken as the strength r directly and summed over duplicate pairs, so public datasets
   * (e.g. MovieLens ratings, as weights) can be run through the same evaluation.
   */
  public static Loaded fromCsv(SparkSession spark, Path csv) {
    Dataset<Row> raw = spark.read().schema(CSV_SCHEMA).option("header", "false").option("mode", "DROPMALFORMED")
        .csv(csv.toAbsolutePath().toString())
        .where(col("user").notEqual("user").and(col("weight").isNotNull()));
    Dataset<Row> typed = raw.select(
        trim(col("user")).as("profile_id"),
        trim(col("item")).as("title_id"),
        col("weight"),
        when(trim(col("timestamp")).rlike("^[0-9]+$"),
            functions.timestamp_seconds(trim(col("timestamp")).cast("long")).cast("timestamp_ntz"))
            .otherwise(functions.to_timestamp_ntz(trim(col("timestamp")))).as("ts"));
    Dataset<Row> rows = typed.where(col("ts").isNotNull())
        .groupBy("profile_id", "title_id")
        .agg(sum("weight").as("strength"), max("ts").as("ts"))
        .where(col("strength").gt(0));
    return new Loaded(rows, InputSource.csv(csv.toString()));
  }
}
