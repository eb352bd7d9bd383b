package io.ottplatform.recommender.experiment;

import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.LakeConfig;
import io.ottplatform.lake.SqlLiterals;
import io.ottplatform.recommender.config.ExperimentConfig;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code recommender experiment}: reads an experiment's impressions from {@code ml.impressions} and its profiles'
 * plays from the sessionized views, computes each profile's {@link ProfileOutcome} in Spark tasks (one profile's
 * impressions and plays are small), and judges the arms on the driver ({@link ExperimentReport}; the bootstrap
 * resamples profiles, so it needs one row per profile, not the raw events).
 *
 * <p>A play is a view that played ({@code playing_time_ms > 0}): a viewer who left before the first frame did not
 * take the recommendation up.
 */
public final class ExperimentJob {

  /** One experiment as {@code ml.impressions} knows it. */
  public record Summary(String experimentId, Map<String, String> versions, Map<String, Integer> split, long impressions,
      long profiles, Instant firstServed, Instant lastServed) {}

  private final SparkSession spark;
  private final LakeConfig lake;
  private final ExperimentConfig config;

  public ExperimentJob(SparkSession spark, LakeConfig lake, ExperimentConfig config) {
    this.spark = spark;
    this.lake = lake;
    this.config = config;
  }

  /** Every experiment in the impressions table, latest first. */
  public List<Summary> list() {
    String table = requireTable(config.impressionsTable());
    List<Summary> out = new ArrayList<>();
    for (Row r : spark.sql("SELECT experiment_id, map_from_entries(collect_set(struct(arm, model_version))) AS versions, "
        + "first(split) AS split, count(*) AS impressions, count(DISTINCT profile_id) AS profiles, "
        + "min(served_at) AS first_served, max(served_at) AS last_served FROM " + table
        + " WHERE experiment_id IS NOT NULL GROUP BY experiment_id ORDER BY last_served DESC").collectAsList()) {
      out.add(new Summary(r.getString(0), new TreeMap<>(r.getJavaMap(1)), new TreeMap<>(r.getJavaMap(2)), r.getLong(3),
          r.getLong(4), utc(r.getAs(5)), utc(r.getAs(6))));
    }
    return out;
  }

  public ExperimentReport report(JobSteps steps, String experimentId, ExperimentReport.Settings settings) {
    String impressionsTable = requireTable(config.impressionsTable());
    String viewsTable = requireTable(config.viewsTable());
    Summary summary = list().stream().filter(s -> s.experimentId().equals(experimentId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no impressions of experiment '" + experimentId + "' in "
            + config.impressionsTable() + "; run 'recommender experiment' without --experiment to list them"));
    Duration window = config.window();
    LocalDateTime from = LocalDateTime.ofInstant(summary.firstServed(), ZoneOffset.UTC);
    LocalDateTime until = LocalDateTime.ofInstant(summary.lastServed().plus(window), ZoneOffset.UTC);
    // only the impressions' profiles and the days their plays can fall on: partition pruning on view_date
    Dataset<Row> impressions = spark.sql("SELECT profile_id, collect_list(struct(impression_id, served_at, arm, title_ids)) "
        + "AS impressions FROM (SELECT DISTINCT impression_id, served_at, profile_id, arm, title_ids FROM "
        + impressionsTable + " WHERE experiment_id = " + SqlLiterals.string(experimentId) + ") GROUP BY profile_id");
    impressions.createOrReplaceTempView("ott_experiment_impressions");
    Dataset<Row> joined = spark.sql("SELECT i.profile_id, i.impressions, p.plays FROM ott_experiment_impressions i "
        + "LEFT JOIN (SELECT v.profile_id, collect_list(struct(v.session_id, v.title_id, v.view_start_ts, v.watch_time_ms)) "
        + "AS plays FROM " + viewsTable + " v LEFT SEMI JOIN ott_experiment_impressions e ON v.profile_id = e.profile_id "
        + "WHERE v.view_date BETWEEN DATE'" + from.toLocalDate() + "' AND DATE'" + until.toLocalDate() + "' "
        + "AND v.playing_time_ms > 0 GROUP BY v.profile_id) p ON i.profile_id = p.profile_id");
    List<ProfileOutcome> outcomes = steps.run("attribute plays of " + summary.profiles() + " profiles",
        () -> joined.toJavaRDD().map(new ToOutcome(window)).collect());
    return ExperimentReport.of(experimentId, window, outcomes, summary.versions(), summary.split(), settings);
  }

  private String requireTable(String namespaceAndTable) {
    String table = lake.table(namespaceAndTable);
    if (!spark.catalog().tableExists(table)) {
      throw new IllegalArgumentException("the lake has no table " + namespaceAndTable
          + (namespaceAndTable.startsWith("ml.") ? " (./ott batch land-impressions creates it)" : ""));
    }
    return table;
  }

  static Instant utc(Object timestamp) {
    return ((LocalDateTime) timestamp).toInstant(ZoneOffset.UTC);
  }

  /** A joined row (profile, its impressions, its plays or null) → its outcome; runs in Spark tasks. */
  private record ToOutcome(Duration window) implements Function<Row, ProfileOutcome>, Serializable {
    @Override
    public ProfileOutcome call(Row r) {
      List<Impression> impressions = new ArrayList<>();
      for (Row i : r.<Row>getList(1)) {
        impressions.add(new Impression(i.getString(0), utc(i.get(1)), i.getString(2), i.getList(3)));
      }
      List<Play> plays = new ArrayList<>();
      if (!r.isNullAt(2)) {
        for (Row p : r.<Row>getList(2)) {
          plays.add(new Play(p.getString(0), p.getString(1), utc(p.get(2)), p.getLong(3)));
        }
      }
      return ProfileOutcome.of(r.getString(0), impressions, plays, window);
    }
  }
}
