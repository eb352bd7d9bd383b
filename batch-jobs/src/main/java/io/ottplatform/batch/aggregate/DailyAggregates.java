package io.ottplatform.batch.aggregate;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.lake.SqlLiterals;
import java.time.LocalDate;
import java.util.SortedSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The daily tables, rebuilt for given days from {@code analytics.view_sessions}: each day's rows are
 * replaced in one commit ({@code overwrite} by a {@code view_date IN (...)} filter), so a rerun or a
 * late-data run leaves exactly one set of rows per day.
 *
 * <p>Run by the job runner after whatever changed {@code view_sessions} (sessionize, erasure), never
 * by those jobs themselves.
 *
 * <p>Percentiles are exact over the views of each row's group (never averaged); analysts who roll
 * groups up take percentiles from {@code view_sessions} instead (docs/analytics.md).
 */
public final class DailyAggregates {

  /** Deciles of the title's duration in the drop-off histogram. */
  public static final int DROPOFF_BUCKETS = 10;

  private final SparkSession spark;
  private final BatchConfig config;

  public DailyAggregates(SparkSession spark, BatchConfig config) {
    this.spark = spark;
    this.config = config;
  }

  public void rebuild(JobSteps steps, SortedSet<LocalDate> days) {
    String dayList = SqlLiterals.dates(days);
    spark.sql("SELECT * FROM " + config.table(LakeTables.VIEW_SESSIONS) + " WHERE view_date IN (" + dayList + ")")
        .createOrReplaceTempView("day_views");
    steps.run("rebuild analytics.qoe_daily", () -> replace(LakeTables.QOE_DAILY, dayList, spark.sql(QOE_DAILY)));
    steps.run("rebuild analytics.title_engagement_daily",
        () -> replace(LakeTables.TITLE_ENGAGEMENT_DAILY, dayList, spark.sql(titleEngagementSql())));
    steps.run("rebuild analytics.viewer_activity_daily",
        () -> replace(LakeTables.VIEWER_ACTIVITY_DAILY, dayList, spark.sql(VIEWER_ACTIVITY_DAILY)));
  }

  private void replace(String table, String dayList, Dataset<Row> rows) {
    try {
      rows.writeTo(config.table(table)).option("check-nullability", "false")
          .overwrite(functions.expr("view_date IN (" + dayList + ")"));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException("table vanished: " + table, e);
    }
  }

  static final String QOE_DAILY = """
      SELECT view_date, title_id,
        coalesce(cdn, 'unknown') AS cdn, coalesce(country, 'unknown') AS country,
        coalesce(device_type, 'unknown') AS device_type, coalesce(player_name, 'unknown') AS player_name,
        count(*) AS views,
        count(startup_time_ms) AS plays,
        percentile(startup_time_ms, 0.50) AS startup_time_p50_ms,
        percentile(startup_time_ms, 0.90) AS startup_time_p90_ms,
        percentile(startup_time_ms, 0.95) AS startup_time_p95_ms,
        percentile(startup_time_ms, 0.99) AS startup_time_p99_ms,
        count_if(video_start_failure) AS video_start_failures,
        count_if(video_playback_failure) AS video_playback_failures,
        count_if(exit_before_video_start) AS exits_before_video_start,
        count_if(video_start_failure) / count(*) AS video_start_failure_rate,
        count_if(video_playback_failure) / count(*) AS video_playback_failure_rate,
        count_if(exit_before_video_start) / count(*) AS exit_before_video_start_rate,
        sum(rebuffer_duration_ms) AS rebuffer_duration_ms,
        sum(playing_time_ms) AS playing_time_ms,
        CASE WHEN sum(rebuffer_duration_ms) + sum(playing_time_ms) = 0 THEN CAST(0 AS DOUBLE)
             ELSE sum(rebuffer_duration_ms) / (sum(rebuffer_duration_ms) + sum(playing_time_ms)) END AS rebuffering_ratio,
        CAST(sum(rebuffer_count) AS BIGINT) AS rebuffer_count,
        sum(avg_bitrate_kbps * playing_time_ms) / sum(CASE WHEN avg_bitrate_kbps IS NOT NULL THEN playing_time_ms END)
          AS avg_bitrate_kbps
      FROM day_views
      GROUP BY view_date, title_id, coalesce(cdn, 'unknown'), coalesce(country, 'unknown'),
        coalesce(device_type, 'unknown'), coalesce(player_name, 'unknown')
      """;

  /** Drop-off: of the views that started playing, how many stopped in each tenth of the title. */
  static String titleEngagementSql() {
    String buckets = IntStream.range(0, DROPOFF_BUCKETS)
        .mapToObj(i -> "count_if(startup_time_ms IS NOT NULL AND least(floor(completion_ratio * " + DROPOFF_BUCKETS
            + "), " + (DROPOFF_BUCKETS - 1) + ") = " + i + ")")
        .collect(Collectors.joining(", "));
    return """
        SELECT view_date, title_id,
          count(*) AS views,
          count(startup_time_ms) AS plays,
          count(DISTINCT profile_id) AS unique_viewers,
          CAST(sum(watch_time_ms) AS DOUBLE) / 60000 AS minutes_watched,
          count_if(completed) AS completed_views,
          CASE WHEN count(startup_time_ms) = 0 THEN CAST(0 AS DOUBLE) ELSE count_if(completed) / count(startup_time_ms) END
            AS completion_rate,
          avg(CASE WHEN startup_time_ms IS NOT NULL THEN completion_ratio END) AS avg_completion_ratio,
          array(%s) AS dropoff
        FROM day_views
        GROUP BY view_date, title_id
        """.formatted(buckets);
  }

  static final String VIEWER_ACTIVITY_DAILY = """
      SELECT view_date, profile_id, first(account_id) AS account_id, title_id,
        count(*) AS views,
        CAST(sum(watch_time_ms) AS DOUBLE) / 60000 AS minutes_watched,
        max(completion_ratio) AS max_completion_ratio,
        bool_or(completed) AS completed,
        max(view_end_ts) AS last_watched_at
      FROM day_views
      GROUP BY view_date, profile_id, title_id
      """;
}
