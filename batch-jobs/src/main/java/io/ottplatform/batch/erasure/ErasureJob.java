package io.ottplatform.batch.erasure;

import io.ottplatform.batch.JobSteps;
import io.ottplatform.batch.aggregate.DailyAggregates;
import io.ottplatform.batch.config.BatchConfig;
import io.ottplatform.batch.lake.CarriedProperties;
import io.ottplatform.batch.lake.Lake;
import io.ottplatform.batch.lake.LakeSession;
import io.ottplatform.batch.lake.LakeTables;
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
 * <p>Row-level tables lose the profile's rows (raw events; quarantined records keyed by one of its
 * sessions; views; daily activity). The anonymous daily aggregates are rebuilt for the days the
 * viewer appeared, so their counts no longer include them. Then every touched table expires all
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

  public static void main(String[] args) {
    BatchConfig config = BatchConfig.parse(args, System.getenv(), BatchConfig.Required.VIEWER);
    SparkSession spark = LakeSession.create(config, "erase");
    try {
      Map<String, Long> proof = new ErasureJob(spark, config, Clock.systemUTC()).run();
      proof.forEach((table, rows) -> System.out.printf("erase: %-40s rows of %s left: %d%n", table, config.viewerId(), rows));
    } finally {
      spark.stop();
    }
  }

  /** Runs the erasure and returns the proof: per table, the viewer's rows left (all zero). */
  public Map<String, Long> run() {
    String profile = config.viewerId();
    JobSteps steps = new JobSteps(spark, "erase");
    steps.run("ensure tables", () -> LakeTables.ensureAll(spark, config));
    String p = literal(profile);
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
        : "kafka_key IN (" + sessions.stream().map(ErasureJob::literal).collect(Collectors.joining(", ")) + ")");
    deletes.put(LakeTables.VIEW_SESSIONS, "profile_id = " + p);
    deletes.put(LakeTables.VIEWER_ACTIVITY_DAILY, "profile_id = " + p);
    deletes.forEach((table, condition) -> steps.run("delete from " + table, () -> {
      Table t = Lake.table(spark, config, table);
      CommitMetadata.withCommitProperties(CarriedProperties.of(t, config.topic()),
          () -> spark.sql("DELETE FROM " + config.table(table) + " WHERE " + condition), RuntimeException.class);
    }));
    if (!days.isEmpty()) {
      steps.log("rebuilding the daily aggregates of {}", days);
      new DailyAggregates(spark, config).rebuild(steps, days);
    }
    steps.run("expire the snapshots that still hold the viewer's rows", () -> {
      for (String table : LakeTables.ALL) {
        Table t = Lake.table(spark, config, table);
        t.refresh();
        if (t.currentSnapshot() != null) {
          SparkActions.get(spark).expireSnapshots(t).expireOlderThan(Math.max(erasedAt, t.currentSnapshot().timestampMillis()))
              .retainLast(1).execute();
        }
      }
    });
    Map<String, Long> proof = steps.run("prove: count the viewer's rows in every table", () -> proof(profile, sessions));
    proof.forEach((table, rows) -> {
      if (rows != 0) {
        throw new IllegalStateException("erasure of " + profile + " left " + rows + " rows in " + table);
      }
    });
    return proof;
  }

  /** Per table, the rows that still belong to the profile (by profile, or by one of its sessions). */
  public Map<String, Long> proof(String profile, List<String> sessions) {
    String p = literal(profile);
    String sessionList = sessions.isEmpty() ? "NULL" : sessions.stream().map(ErasureJob::literal).collect(Collectors.joining(", "));
    Map<String, Long> left = new LinkedHashMap<>();
    left.put(LakeTables.RAW_EVENTS, count(LakeTables.RAW_EVENTS, "profile_id = " + p + " OR session_id IN (" + sessionList + ")"));
    left.put(LakeTables.QUARANTINE, count(LakeTables.QUARANTINE, "kafka_key IN (" + sessionList + ")"));
    left.put(LakeTables.VIEW_SESSIONS, count(LakeTables.VIEW_SESSIONS, "profile_id = " + p));
    left.put(LakeTables.VIEWER_ACTIVITY_DAILY, count(LakeTables.VIEWER_ACTIVITY_DAILY, "profile_id = " + p));
    return left;
  }

  private long count(String table, String condition) {
    Row r = spark.sql("SELECT count(*) FROM " + config.table(table) + " WHERE " + condition).first();
    return r.getLong(0);
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

}
