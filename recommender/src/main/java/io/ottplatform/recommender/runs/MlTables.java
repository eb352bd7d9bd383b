package io.ottplatform.recommender.runs;

import io.ottplatform.lake.LakeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * The recommender's Iceberg tables in namespace {@code ml} (format-version 2 like the rest of the lake,
 * so Trino reads them). The output tables hold every train run's rows, partitioned by run_id: a run
 * is exported (or compared, or rolled back to) by its id, and old runs can be dropped per partition.
 */
public final class MlTables {

  public static final String MODEL_RUNS = "ml.model_runs";
  public static final String RECOMMENDATIONS = "ml.recommendations";
  public static final String SIMILAR_TITLES = "ml.similar_titles";
  public static final String POPULAR_TITLES = "ml.popular_titles";

  private static final String PROPS = "TBLPROPERTIES ('format-version'='2', 'write.parquet.compression-codec'='zstd')";

  private MlTables() {}

  public static void ensureAll(SparkSession spark, LakeConfig lake) {
    String runs = lake.table(MODEL_RUNS);
    // the namespace as the lake config spells it (catalog, and any namespace prefix it applies)
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + runs.substring(0, runs.lastIndexOf('.')));
    spark.sql("CREATE TABLE IF NOT EXISTS " + lake.table(MODEL_RUNS) + " (run_id STRING NOT NULL, command STRING NOT NULL, "
        + "started_at TIMESTAMP_NTZ NOT NULL, duration_ms BIGINT NOT NULL, algorithm STRING NOT NULL, "
        + "params MAP<STRING, STRING>, metrics MAP<STRING, DOUBLE>, baseline_metrics MAP<STRING, DOUBLE>, "
        + "input_table STRING NOT NULL, input_snapshot_id BIGINT, code_version STRING NOT NULL, "
        + "outputs_written BOOLEAN NOT NULL, training_interactions BIGINT NOT NULL, heldout_interactions BIGINT NOT NULL, "
        + "protocol MAP<STRING, STRING>) USING iceberg " + PROPS);
    // a lake made before runs recorded their protocol: the column is added (older rows read it as null)
    if (!java.util.Arrays.asList(spark.table(runs).schema().fieldNames()).contains("protocol")) {
      spark.sql("ALTER TABLE " + runs + " ADD COLUMNS (protocol MAP<STRING, STRING>)");
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + lake.table(RECOMMENDATIONS) + " (run_id STRING NOT NULL, "
        + "profile_id STRING NOT NULL, rank INT NOT NULL, title_id STRING NOT NULL, score FLOAT NOT NULL) "
        + "USING iceberg PARTITIONED BY (run_id) " + PROPS);
    spark.sql("CREATE TABLE IF NOT EXISTS " + lake.table(SIMILAR_TITLES) + " (run_id STRING NOT NULL, "
        + "title_id STRING NOT NULL, rank INT NOT NULL, similar_title_id STRING NOT NULL, score FLOAT NOT NULL) "
        + "USING iceberg PARTITIONED BY (run_id) " + PROPS);
    spark.sql("CREATE TABLE IF NOT EXISTS " + lake.table(POPULAR_TITLES) + " (run_id STRING NOT NULL, "
        + "country STRING NOT NULL, rank INT NOT NULL, title_id STRING NOT NULL, score FLOAT NOT NULL) "
        + "USING iceberg PARTITIONED BY (run_id) " + PROPS);
  }
}
