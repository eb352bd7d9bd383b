package io.ottplatform.batch.session;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.land.EventRows;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.lake.SqlLiterals;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code sessionize}: a day's raw events → {@code analytics.view_sessions} (one row per view, QoE
 * from the shared calculator). The job runner ({@code BatchRunner}) then rebuilds the daily aggregates of
 * the {@link Result#days() days} it recomputed.
 *
 * <p>A view belongs to the UTC day it started. Each processed day is recomputed whole from the raw
 * table (read at one snapshot) and merged into its partition with {@code MERGE INTO}: new views are
 * inserted, changed ones replaced, vanished ones deleted (a day that holds no views yet is simply
 * appended: the same rows without the join against the table). Recomputing rather than patching is what
 * makes late events neither lost nor double counted; {@link DaysToProcess} finds which days had late
 * events since the previous run.
 */
public final class SessionizeJob {

  /**
   * @param days the days recomputed (the target and the late ones)
   * @param views the views now on those days
   * @param rawEmpty true when the raw table had no snapshot yet: nothing was written
   */
  public record Result(SortedSet<LocalDate> days, SortedSet<LocalDate> lateDays, long views, boolean rawEmpty) {}

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public SessionizeJob(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  public Result run(JobSteps steps) {
    steps.run("ensure tables", () -> LakeTables.ensureAll(spark, config.lake()));
    DaysToProcess.Plan plan = steps.run("plan days (target + late)", () -> DaysToProcess.plan(
        Lake.table(spark, config.lake(), LakeTables.RAW_EVENTS), Lake.table(spark, config.lake(), LakeTables.VIEW_SESSIONS),
        config.requireDate(), config.topic()));
    steps.log("days {} (late {}), raw snapshot {}", plan.days(), plan.lateDays(), plan.rawSnapshotId());
    if (plan.rawSnapshotId() < 0) {
      steps.log("raw.playback_events is empty: nothing to sessionize");
      return new Result(plan.days(), plan.lateDays(), 0, true);
    }

    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    Dataset<Row> views = steps.run("compute views with the shared QoE calculator", () ->
        viewEvents(plan)
            .groupByKey((MapFunction<Row, String>) r -> r.getAs("session_id"), Encoders.STRING())
            .flatMapGroups(new ViewRows(now), Encoders.row(ViewRows.SCHEMA))
            .filter("view_date IN (" + SqlLiterals.dates(plan.days()) + ")"));

    String days = SqlLiterals.dates(plan.days());
    String target = config.table(LakeTables.VIEW_SESSIONS);
    boolean firstRun = spark.sql("SELECT 1 FROM " + target + " WHERE view_date IN (" + days + ") LIMIT 1").isEmpty();
    // the watermark commits with the rows it describes
    Map<String, String> watermark = Map.of(DaysToProcess.WATERMARK_KEY, Long.toString(plan.rawSnapshotId()));
    if (firstRun) {
      // nothing to match on days never sessionized: an append writes the same rows without the join
      steps.run("append to analytics.view_sessions (days not sessionized before)", () ->
          CommitMetadata.withCommitProperties(watermark,
              () -> {
                Lake.append(views.writeTo(target).option("check-nullability", "false"));
                return null;
              }, RuntimeException.class));
    } else {
      steps.run("merge into analytics.view_sessions", () -> {
        views.createOrReplaceTempView("sessionized_views");
        String merge = "MERGE INTO " + target + " t USING sessionized_views s "
            + "ON t.view_date = s.view_date AND t.session_id = s.session_id AND t.view_date IN (" + days + ") "
            + "WHEN MATCHED THEN UPDATE SET * "
            + "WHEN NOT MATCHED THEN INSERT * "
            + "WHEN NOT MATCHED BY SOURCE AND t.view_date IN (" + days + ") THEN DELETE";
        CommitMetadata.withCommitProperties(watermark, () -> spark.sql(merge), RuntimeException.class);
      });
    }
    long count = spark.sql("SELECT count(*) FROM " + config.table(LakeTables.VIEW_SESSIONS)
        + " WHERE view_date IN (" + days + ")").first().getLong(0);
    steps.log("{} views on days {}", count, plan.days());
    return new Result(plan.days(), plan.lateDays(), count, false);
  }

  /**
   * The events of every view that may start on one of the plan's days, read at the plan's snapshot.
   * A view started on day D may run past midnight, and a view of D-1 may reach into D, so sessions are
   * read over D-1..D+1; but only sessions with an event on a planned day can start on one (a view
   * starts at one of its events), so the neighbouring days contribute just those sessions' events
   * (a semi-join on session ids) instead of being grouped whole and thrown away.
   */
  private Dataset<Row> viewEvents(DaysToProcess.Plan plan) {
    SortedSet<LocalDate> edges = new TreeSet<>();
    plan.days().forEach(d -> {
      edges.add(d.minusDays(1));
      edges.add(d.plusDays(1));
    });
    edges.removeAll(plan.days());
    Dataset<Row> raw = spark.sql("SELECT * FROM " + config.table(LakeTables.RAW_EVENTS) + " VERSION AS OF "
        + plan.rawSnapshotId());
    Column[] columns = Arrays.stream(EventRows.EVENT_SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
    Dataset<Row> core = raw.where("event_date IN (" + SqlLiterals.dates(plan.days()) + ")").select(columns);
    if (edges.isEmpty()) {
      return core;
    }
    Dataset<Row> edge = raw.where("event_date IN (" + SqlLiterals.dates(edges) + ")").select(columns);
    Dataset<Row> sessions = core.select(functions.col("session_id").as("planned_session_id")).distinct();
    return core.unionByName(edge.join(sessions, edge.col("session_id").equalTo(sessions.col("planned_session_id")),
        "left_semi"));
  }
}
