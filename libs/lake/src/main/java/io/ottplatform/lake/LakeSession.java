package io.ottplatform.lake;

import org.apache.spark.sql.SparkSession;

/** A SparkSession with the lake's Iceberg catalog, built from the one {@link LakeConfig}. */
public final class LakeSession {

  private LakeSession() {}

  public static SparkSession create(LakeConfig config, String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    // spark-submit sets the master; a local run (./ott batch, ./ott recommender, tests) takes it from the config
    if (!System.getProperties().containsKey("spark.master")) {
      builder.master(config.sparkMaster());
    }
    String c = "spark.sql.catalog." + config.catalog();
    return builder
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config(c, "org.apache.iceberg.spark.SparkCatalog")
        .config(c + ".type", "jdbc")
        .config(c + ".uri", config.catalogUri())
        .config(c + ".jdbc.user", config.catalogUser())
        .config(c + ".jdbc.password", config.catalogPassword())
        .config(c + ".jdbc.schema-version", "V1")
        .config(c + ".warehouse", config.warehouse().toString())
        // other processes (landing, Trino, maintenance) commit to the same tables: always read the latest
        .config(c + ".cache-enabled", "false")
        // dates and TIMESTAMP_NTZ columns are UTC, whatever the machine's zone
        .config("spark.sql.session.timeZone", "UTC")
        // java.time types in Rows: LocalDate for DATE, LocalDateTime for TIMESTAMP_NTZ
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.shuffle.partitions", config.shufflePartitions())
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate();
  }
}
