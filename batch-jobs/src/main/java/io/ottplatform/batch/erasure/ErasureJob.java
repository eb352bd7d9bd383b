package io.ottplatform.batch.erasure;

import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.impressions.LandImpressionsJob;
import io.ottplatform.batch.state.CarriedProperties;
import io.ottplatform.batch.state.HousekeptTables;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.lake.SqlLiterals;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code erase}: deletes one viewer (a profile) from every table of the lake, for a privacy request.
 *
 * <p>Two phases, between which the job runner rebuilds the anonymous daily aggregates of the days the
 * viewer appeared (so their counts no longer include them): {@link #deleteRows} makes row-level tables
 * lose the profile's rows (raw events; quarantined records keyed by one of its sessions; views; daily
 * activity; the recommendation lists it was shown, {@code ml.impressions}), then {@link #expireAndProve} makes every touched table expire all
 * snapshots before the erasure: Iceberg deletes rewrite files without the rows (copy-on-write), and
 * only expiring the old snapshots makes the old files, and the rows in them, go away. Time travel to
 * before the erasure is lost by design. Finally the job proves it by counting the viewer's rows in
 * every table; any row left fails the job.
 */
public final class ErasureJob {

  private final SparkSession spark;
  private final BatchConfig config;
  private final Clock clock;

  public ErasureJob(SparkSession spark, BatchConfig config, Clock clock) {
    this.spark = spark;
    this.config = config;
    this.clock = clock;
  }

  /**
   * What the first phase deleted: the viewer's sessions, the days whose aggregates must be rebuilt, and the
   * moment before which every snapshot still holds the viewer's rows.
   */
  public record Deleted(String profile, List<String> sessions, SortedSet<LocalDate> days, long erasedAt) {}

  /** Phase 1: deletes the viewer's rows from every row-level table. */
  public Deleted deleteRows(JobSteps steps) {
    String profile = config.requireViewer();
    steps.run("ensure tables", () -> HousekeptTables.ensureAll(spark, config));
    String p = SqlLiterals.string(profile);
    List<String> sessions = steps.run("find the viewer's sessions", () -> spark.sql(
        "SELECT DISTINCT session_id FROM " + config.table(LakeTables.RAW_EVENTS) + " WHERE profile_id = " + p
        + " UNION SELECT DISTINCT session_id FROM " + config.table(LakeTables.VIEW_SESSIONS) + " WHERE profile_id = " + p)
        .collectAsList().stream().map(r -> r.getString(0)).toList());
    SortedSet<LocalDate> days = new TreeSet<>(spark.sql("SELECT DISTINCT view_date FROM "
        + config.table(LakeTables.VIEW_SESSIONS) + " WHERE profile_id = " + p).collectAsList().stream()
        .map(r -> r.<LocalDate>getAs(0)).toList());
    steps.log("profile {}: {} sessions, views on {}", profile, sessions.size(), days);
    long erasedAt = clock.millis();

    Map<String, String> deletes = new LinkedHashMap<>();
    deletes.put(LakeTables.RAW_EVENTS, "profile_id = " + p);
    deletes.put(LakeTables.QUARANTINE, sessions.isEmpty() ? "false"
        : "kafka_key IN (" + sessions.stream().map(SqlLiterals::string).collect(Collectors.joining(", ")) + ")");
    deletes.put(LakeTables.VIEW_SESSIONS, "profile_id = " + p);
    deletes.put(LakeTables.VIEWER_ACTIVITY_DAILY, "profile_id = " + p);
    deletes.put(LandImpressionsJob.TABLE, "profile_id = " + p);
    Map<String, String> topics = HousekeptTables.withTopics(config);
    deletes.forEach((table, condition) -> steps.run("delete from " + table, () -> {
      Table t = Lake.table(spark, config.lake(), table);
      // the table's landing offsets survive the expiry below only in this commit
      CommitMetadata.withCommitProperties(CarriedProperties.of(t, topics.get(table)),
          () -> spark.sql("DELETE FROM " + config.table(table) + " WHERE " + condition), RuntimeException.class);
    }));
    return new Deleted(profile, sessions, days, erasedAt);
  }

  /**
   * Phase 2, after the aggregates were rebuilt: expires every snapshot that still holds the viewer's rows and
   * returns the proof, per table the viewer's rows left (all zero; any other count fails the job).
   */
  public Map<String, Long> expireAndProve(JobSteps steps, Deleted deleted) {
    String profile = deleted.profile();
    long erasedAt = deleted.erasedAt();
    steps.run("expire the snapshots that still hold the viewer's rows", () -> {
      for (String table : HousekeptTables.withTopics(config).keySet()) {
        Table t = Lake.table(spark, config.lake(), table);
        t.refresh();
        if (t.currentSnapshot() != null) {
          SparkActions.get(spark).expireSnapshots(t).expireOlderThan(Math.max(erasedAt, t.currentSnapshot().timestampMillis()))
              .retainLast(1).execute();
        }
      }
    });
    Map<String, Long> proof = steps.run("prove: count the viewer's rows in every table", () -> proof(profile, deleted.sessions()));
    proof.forEach((table, rows) -> {
      if (rows != 0) {
        throw new IllegalStateException("erasure of " + profile + " left " + rows + " rows in " + table);
      }
    });
    return proof;
  }

  /** Per table, the rows that still belong to the profile (by profile, or by one of its sessions). */
  public Map<String, Long> proof(String profile, List<String> sessions) {
    String p = SqlLiterals.string(profile);
    String sessionList = sessions.isEmpty() ? "NULL" : sessions.stream().map(SqlLiterals::string).collect(Collectors.joining(", "));
    Map<String, Long> left = new LinkedHashMap<>();
    left.put(LakeTables.RAW_EVENTS, count(LakeTables.RAW_EVENTS, "profile_id = " + p + " OR session_id IN (" + sessionList + ")"));
    left.put(LakeTables.QUARANTINE, count(LakeTables.QUARANTINE, "kafka_key IN (" + sessionList + ")"));
    left.put(LakeTables.VIEW_SESSIONS, count(LakeTables.VIEW_SESSIONS, "profile_id = " + p));
    left.put(LakeTables.VIEWER_ACTIVITY_DAILY, count(LakeTables.VIEWER_ACTIVITY_DAILY, "profile_id = " + p));
    left.put(LandImpressionsJob.TABLE, count(LandImpressionsJob.TABLE, "profile_id = " + p));
    return left;
  }

  private long count(String table, String condition) {
    Row r = spark.sql("SELECT count(*) FROM " + config.table(table) + " WHERE " + condition).first();
    return r.getLong(0);
  }

}
