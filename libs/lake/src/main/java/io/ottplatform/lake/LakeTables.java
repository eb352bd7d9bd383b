package io.ottplatform.lake;

import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The lake's tables and their layout. Every table is Iceberg format-version 2 (Trino 476 cannot read
 * v3 deletion vectors), timestamps are TIMESTAMP_NTZ in UTC (Spark's TIMESTAMP would become
 * {@code timestamp with time zone} in Trino), and each is partitioned by the day analysts filter on
 * and sorted by the column of their next most common filter, so one day / one title reads few files.
 * docs/analytics.md describes every column.
 *
 * <p>batch-jobs writes these tables; the recommender and the analysts read them. Their names and layout live
 * here, beside the session that reaches them, so a reader never depends on the writing deployable.
 */
public final class LakeTables {

  public static final String RAW_EVENTS = "raw.playback_events";
  public static final String QUARANTINE = "raw.quarantine";
  public static final String VIEW_SESSIONS = "analytics.view_sessions";
  public static final String QOE_DAILY = "analytics.qoe_daily";
  public static final String TITLE_ENGAGEMENT_DAILY = "analytics.title_engagement_daily";
  public static final String VIEWER_ACTIVITY_DAILY = "analytics.viewer_activity_daily";
  /** SCD type 2 history of the catalog, written by batch-jobs' land-titles; not in {@link #ALL} (see docs/analytics.md). */
  public static final String DIM_TITLES = "dim.titles";

  public static final List<String> ALL = List.of(RAW_EVENTS, QUARANTINE, VIEW_SESSIONS, QOE_DAILY,
      TITLE_ENGAGEMENT_DAILY, VIEWER_ACTIVITY_DAILY);

  /**
   * Shared by every table. {@code commit.manifest.min-count-to-merge} 2 (Iceberg's default is 100)
   * makes each commit fold the small manifests of earlier commits into one (up to 8 MB, the target
   * manifest size), so between two {@code maintain} runs a query still plans from one or two manifests
   * instead of one per landing or sessionize run: Trino reads every manifest of a table when planning
   * (splits and statistics), which cost a one-title query over a week of views some 10 % of its latency.
   */
  private static final String COMMON = "'format-version'='2', 'write.parquet.compression-codec'='zstd', "
      + "'write.distribution-mode'='range', 'write.metadata.delete-after-commit.enabled'='true', "
      + "'write.metadata.previous-versions-max'='50', 'commit.manifest.min-count-to-merge'='2'";

  /**
   * Row groups of 32 MB (Iceberg's buffered-size estimate; a row group on disk comes out far smaller)
   * in the two big tables. Trino makes one split per Parquet row group (Iceberg's split offsets), and
   * on a small cluster the per-split cost dominates a one-day query: 4 MB row groups (0.45 MB on disk)
   * gave 139 splits for one day of 10 M events and a one-day query only 2.8x faster than a naive
   * copy. With 32 MB a day of 10 M events is three row groups (9 to 31 MB on disk): skipping by title
   * is coarser, but inside a row group Trino reads only the sorted, dictionary-encoded title column to
   * find the title's rows, which costs less than a hundred splits; on a larger lake a day spans more
   * row groups again, each covering a narrower range of titles that Trino skips by min/max.
   */
  private static final String RAW_ROW_GROUPS = ", 'write.parquet.row-group-size-bytes'='33554432'";

  /**
   * The same for views: a view row stands for some 60 events, so a day's file of views is one row
   * group (1 MB row groups made every day three to five splits of a few thousand rows each).
   */
  private static final String VIEW_ROW_GROUPS = ", 'write.parquet.row-group-size-bytes'='33554432'";

  private LakeTables() {}

  /** Creates the namespaces and every table that does not exist yet (idempotent). */
  public static void ensureAll(SparkSession spark, LakeConfig config) {
    long target = config.targetFileSizeBytes();
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.namespace("raw"));
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.namespace("analytics"));

    create(spark, config, RAW_EVENTS, """
        event_id STRING NOT NULL, session_id STRING NOT NULL, sequence BIGINT NOT NULL,
        account_id STRING NOT NULL, profile_id STRING NOT NULL, title_id STRING NOT NULL, event_type STRING NOT NULL,
        client_ts TIMESTAMP_NTZ NOT NULL, server_ts TIMESTAMP_NTZ NOT NULL,
        playhead_ms BIGINT, bitrate_kbps INT, rendition STRING, buffer_ms INT, dropped_frames INT,
        error_code STRING, error_fatal BOOLEAN, cdn STRING,
        device_type STRING, device_os STRING, device_os_version STRING, device_browser STRING,
        device_browser_version STRING, device_app_version STRING, player_name STRING, player_version STRING,
        country STRING, stream_type STRING, content_duration_ms BIGINT, client_ip_prefix STRING,
        event_date DATE NOT NULL, kafka_partition INT NOT NULL, kafka_offset BIGINT NOT NULL,
        landed_at TIMESTAMP_NTZ NOT NULL""",
        "event_date", "title_id, session_id, sequence", target, RAW_ROW_GROUPS);

    create(spark, config, QUARANTINE, """
        kafka_topic STRING NOT NULL, kafka_partition INT NOT NULL, kafka_offset BIGINT NOT NULL, kafka_key STRING,
        kafka_timestamp TIMESTAMP_NTZ, value BINARY, reason STRING NOT NULL, landed_at TIMESTAMP_NTZ NOT NULL,
        landed_date DATE NOT NULL""",
        "landed_date", "kafka_partition, kafka_offset", 32L * 1024 * 1024);

    create(spark, config, VIEW_SESSIONS, """
        view_date DATE NOT NULL, session_id STRING NOT NULL, account_id STRING NOT NULL, profile_id STRING NOT NULL,
        title_id STRING NOT NULL, cdn STRING, country STRING, device_type STRING, player_name STRING, stream_type STRING,
        view_start_ts TIMESTAMP_NTZ NOT NULL, view_end_ts TIMESTAMP_NTZ NOT NULL, end_reason STRING NOT NULL,
        startup_time_ms BIGINT, exit_before_video_start BOOLEAN NOT NULL, video_start_failure BOOLEAN NOT NULL,
        video_playback_failure BOOLEAN NOT NULL, error_code STRING, rebuffer_count INT NOT NULL,
        rebuffer_duration_ms BIGINT NOT NULL, rebuffering_ratio DOUBLE NOT NULL, rebuffer_frequency_per_min DOUBLE NOT NULL,
        playing_time_ms BIGINT NOT NULL, watch_time_ms BIGINT NOT NULL, avg_bitrate_kbps DOUBLE,
        bitrate_upswitches INT NOT NULL, bitrate_downswitches INT NOT NULL, dropped_frames BIGINT NOT NULL,
        max_playhead_ms BIGINT, content_duration_ms BIGINT, completion_ratio DOUBLE, completed BOOLEAN NOT NULL,
        event_count INT NOT NULL, missing_sequences INT NOT NULL, sessionized_at TIMESTAMP_NTZ NOT NULL""",
        "view_date", "title_id, country, session_id", target, VIEW_ROW_GROUPS);

    create(spark, config, QOE_DAILY, """
        view_date DATE NOT NULL, title_id STRING NOT NULL, cdn STRING NOT NULL, country STRING NOT NULL,
        device_type STRING NOT NULL, player_name STRING NOT NULL, views BIGINT NOT NULL, plays BIGINT NOT NULL,
        startup_time_p50_ms DOUBLE, startup_time_p90_ms DOUBLE, startup_time_p95_ms DOUBLE, startup_time_p99_ms DOUBLE,
        video_start_failures BIGINT NOT NULL, video_playback_failures BIGINT NOT NULL,
        exits_before_video_start BIGINT NOT NULL, video_start_failure_rate DOUBLE NOT NULL,
        video_playback_failure_rate DOUBLE NOT NULL, exit_before_video_start_rate DOUBLE NOT NULL,
        rebuffer_duration_ms BIGINT NOT NULL, playing_time_ms BIGINT NOT NULL, rebuffering_ratio DOUBLE NOT NULL,
        rebuffer_count BIGINT NOT NULL, avg_bitrate_kbps DOUBLE""",
        "view_date", "title_id, cdn, country", 64L * 1024 * 1024);

    create(spark, config, TITLE_ENGAGEMENT_DAILY, """
        view_date DATE NOT NULL, title_id STRING NOT NULL, views BIGINT NOT NULL, plays BIGINT NOT NULL,
        unique_viewers BIGINT NOT NULL, minutes_watched DOUBLE NOT NULL, completed_views BIGINT NOT NULL,
        completion_rate DOUBLE NOT NULL, avg_completion_ratio DOUBLE,
        dropoff ARRAY<BIGINT> NOT NULL""",
        "view_date", "title_id", 64L * 1024 * 1024);

    create(spark, config, VIEWER_ACTIVITY_DAILY, """
        view_date DATE NOT NULL, profile_id STRING NOT NULL, account_id STRING NOT NULL, title_id STRING NOT NULL,
        views BIGINT NOT NULL, minutes_watched DOUBLE NOT NULL, max_completion_ratio DOUBLE,
        completed BOOLEAN NOT NULL, last_watched_at TIMESTAMP_NTZ NOT NULL""",
        "view_date", "profile_id, title_id", 64L * 1024 * 1024);
  }

  private static void create(SparkSession spark, LakeConfig config, String table, String columns,
      String partitionBy, String sortBy, long targetFileSize) {
    create(spark, config, table, columns, partitionBy, sortBy, targetFileSize, "");
  }

  private static void create(SparkSession spark, LakeConfig config, String table, String columns,
      String partitionBy, String sortBy, long targetFileSize, String extraProperties) {
    String name = config.table(table);
    if (spark.catalog().tableExists(name)) {
      return; // layout changes are migrations, not side effects of a job start
    }
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ") USING iceberg PARTITIONED BY ("
        + partitionBy + ") TBLPROPERTIES (" + COMMON + ", 'write.target-file-size-bytes'='" + targetFileSize + "'"
        + extraProperties + ")");
    // the sort order lives in the table, so every writer (and compaction with strategy=sort) keeps it
    spark.sql("ALTER TABLE " + name + " WRITE ORDERED BY " + sortBy);
  }
}
