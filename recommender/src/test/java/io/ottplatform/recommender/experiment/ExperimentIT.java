package io.ottplatform.recommender.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.Settings;
import io.ottplatform.lake.JobSteps;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.recommender.RecommenderCli;
import io.ottplatform.recommender.config.ExperimentConfig;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recommender experiment} on a real lake (Iceberg over a PostgreSQL catalog, Spark {@code local[2]}) with a
 * hand-built experiment whose figures were worked out by hand. {@code ml.impressions} has the columns the
 * batch job {@code land-impressions} creates (docs/analytics.md); the views are {@code analytics.view_sessions} rows.
 *
 * <p>{@code exp-a} (split control 90 / candidate 10): 18 control profiles c0..c17 each shown [t1, t2] once at T0;
 * c0..c8 play t1 at T0 + 1 h (attributed), c0 also t3 at T0 + 2 h (a play, not attributed), c1 plays t2 at T0 + 25 h
 * (after the window: neither), c9 leaves t1 at T0 + 1 h before the first frame (no play). Two candidate profiles
 * k0, k1 each shown [t5] at T0 and T0 + 1 h; k0 plays t5 at T0 + 90 min. So control: 18 impressions, 9 attributed,
 * click-through 0.5, plays 10 / 18, minutes (60 + 8 x 30) / 18; candidate: 4 impressions, 1 attributed, 0.25.
 * 18 : 2 is exactly 90 : 10. {@code exp-b} (the same split): 10 profiles in each arm, a sample ratio mismatch.
 */
class ExperimentIT {

  @RegisterExtension static final PostgresDatabaseExtension LAKE_DB = new PostgresDatabaseExtension();
  @TempDir static Path warehouse;

  static final LocalDateTime T0 = LocalDateTime.parse("2026-12-01T20:00:00");
  static SparkSession spark;
  static RecommenderConfig config;

  @BeforeAll
  static void lake() {
    config = config().recommender;
    spark = LakeSession.create(config.lake(), "test");
    LakeTables.ensureAll(spark, config.lake());
    String impressions = config.lake().table("ml.impressions");
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.lake().namespace("ml"));
    spark.sql("CREATE TABLE " + impressions + " (impression_id STRING NOT NULL, served_at TIMESTAMP_NTZ NOT NULL, "
        + "served_date DATE NOT NULL, profile_id STRING NOT NULL, surface STRING NOT NULL, arm STRING NOT NULL, "
        + "model_version STRING NOT NULL, experiment_id STRING, split MAP<STRING, INT> NOT NULL, "
        + "title_ids ARRAY<STRING> NOT NULL, kafka_partition INT NOT NULL, kafka_offset BIGINT NOT NULL, "
        + "landed_at TIMESTAMP_NTZ NOT NULL) USING iceberg PARTITIONED BY (served_date)");

    List<String> rows = new ArrayList<>();
    List<Map<String, Object>> views = new ArrayList<>();
    for (int c = 0; c < 18; c++) {
      rows.add(impression("exp-a", "a-c" + c, "c" + c, "control", "run-a", T0, "t1", "t2"));
    }
    for (int c = 0; c <= 8; c++) {
      views.add(view("c" + c, "t1", T0.plusHours(1), 30));
    }
    views.add(view("c0", "t3", T0.plusHours(2), 30));
    views.add(view("c1", "t2", T0.plusHours(25), 30));
    views.add(view("c9", "t1", T0.plusHours(1), 0));
    for (int k = 0; k < 2; k++) {
      rows.add(impression("exp-a", "a-k" + k + "-1", "k" + k, "candidate", "run-b", T0, "t5"));
      rows.add(impression("exp-a", "a-k" + k + "-2", "k" + k, "candidate", "run-b", T0.plusHours(1), "t5"));
    }
    views.add(view("k0", "t5", T0.plusMinutes(90), 45));
    for (int p = 0; p < 10; p++) {
      rows.add(impression("exp-b", "b-c" + p, "bc" + p, "control", "run-a", T0, "t1"));
      rows.add(impression("exp-b", "b-k" + p, "bk" + p, "candidate", "run-c", T0, "t1"));
    }
    spark.sql("INSERT INTO " + impressions + " VALUES " + String.join(", ", rows));
    StructType schema = spark.table(config.lake().table(LakeTables.VIEW_SESSIONS)).schema();
    Lake.append(spark.createDataFrame(fill(views, schema), schema).writeTo(config.lake().table(LakeTables.VIEW_SESSIONS)));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  record Configs(RecommenderConfig recommender, ExperimentConfig experiment) {}

  static Configs config(String... extra) {
    List<String> args = new ArrayList<>();
    for (String setting : List.of("lake.spark-master=local[2]", "lake.catalog-db.url=" + LAKE_DB.jdbcUrl(),
        "lake.catalog-db.user=" + LAKE_DB.user(), "lake.catalog-db.password=" + LAKE_DB.password(),
        "lake.warehouse=" + warehouse.toUri(), "lake.shuffle-partitions=2")) {
      args.addAll(List.of("--set", setting));
    }
    args.addAll(List.of(extra));
    Settings settings = RecommenderCli.settings(args.toArray(String[]::new), Map.of());
    RecommenderConfig c = RecommenderConfig.read(settings);
    settings.finish();
    return new Configs(c, c.experiment());
  }

  static String impression(String experiment, String id, String profile, String arm, String version, LocalDateTime at,
      String... titles) {
    return String.format("('%s', TIMESTAMP_NTZ'%s', DATE'%s', '%s', 'for_you', '%s', '%s', '%s', "
            + "map('control', 90, 'candidate', 10), array('%s'), 0, 0, TIMESTAMP_NTZ'%s')", id, at, at.toLocalDate(),
        profile, arm, version, experiment, String.join("', '", titles), T0.plusDays(3));
  }

  static Map<String, Object> view(String profile, String title, LocalDateTime start, int minutes) {
    Map<String, Object> v = new HashMap<>();
    v.put("view_date", java.sql.Date.valueOf(start.toLocalDate()));
    v.put("session_id", "s-" + profile + "-" + title + "-" + start);
    v.put("profile_id", profile);
    v.put("account_id", "acc-" + profile);
    v.put("title_id", title);
    v.put("view_start_ts", start);
    v.put("view_end_ts", start.plusMinutes(minutes));
    v.put("playing_time_ms", minutes * 60_000L);
    v.put("watch_time_ms", minutes * 60_000L);
    v.put("exit_before_video_start", minutes == 0);
    return v;
  }

  /** Rows of the table's schema: the given columns, a neutral value for every other NOT NULL one. */
  static List<Row> fill(List<Map<String, Object>> views, StructType schema) {
    List<Row> rows = new ArrayList<>();
    for (Map<String, Object> v : views) {
      Object[] values = new Object[schema.size()];
      for (int i = 0; i < values.length; i++) {
        StructField f = schema.fields()[i];
        values[i] = v.containsKey(f.name()) ? v.get(f.name()) : f.nullable() ? null : neutral(f);
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  static Object neutral(StructField f) {
    var t = f.dataType();
    if (t.equals(DataTypes.StringType)) {
      return "x";
    } else if (t.equals(DataTypes.BooleanType)) {
      return false;
    } else if (t.equals(DataTypes.IntegerType)) {
      return 0;
    } else if (t.equals(DataTypes.LongType)) {
      return 0L;
    } else if (t.equals(DataTypes.DoubleType)) {
      return 0.0;
    } else if (t.equals(DataTypes.TimestampNTZType)) {
      return T0;
    }
    throw new IllegalStateException("no neutral value for " + f);
  }

  static ArmResult arm(ExperimentReport r, String arm) {
    return r.arms().stream().filter(a -> a.arm().equals(arm)).findFirst().orElseThrow();
  }

  @Test
  void theHandBuiltExperimentHasItsHandComputedFigures() {
    Configs c = config("--experiment", "exp-a");
    ExperimentReport r = new ExperimentJob(spark, c.recommender().lake(), c.experiment())
        .report(new JobSteps(spark, "test"), "exp-a", new ExperimentReport.Settings(1000, 0.95, 42, 0.001));

    ArmResult control = arm(r, "control");
    assertThat(control.modelVersion()).isEqualTo("run-a");
    assertThat(control.impressions()).isEqualTo(18);
    assertThat(control.profiles()).isEqualTo(18);
    assertThat(control.attributedPlays()).isEqualTo(9);
    assertThat(control.clickThrough().estimate()).isEqualTo(0.5);
    assertThat(control.playsPerProfile().estimate()).isEqualTo(10.0 / 18);
    assertThat(control.minutesPerProfile().estimate()).isCloseTo(300.0 / 18, org.assertj.core.data.Offset.offset(1e-9));
    ArmResult candidate = arm(r, "candidate");
    assertThat(candidate.modelVersion()).isEqualTo("run-b");
    assertThat(candidate.impressions()).isEqualTo(4);
    assertThat(candidate.profiles()).isEqualTo(2);
    assertThat(candidate.attributedPlays()).isEqualTo(1);
    assertThat(candidate.clickThrough().estimate()).isEqualTo(0.25);
    assertThat(candidate.minutesPerProfile().estimate()).isEqualTo(22.5);
    assertThat(r.comparisons()).singleElement().satisfies(d ->
        assertThat(d.clickThrough().estimate()).isEqualTo(-0.25));
    assertThat(r.sampleRatio().mismatch()).as("18 : 2 is the split").isFalse();
    assertThat(r.window()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theCommandListsExperimentsReportsOneAndExitsFourOnASampleRatioMismatch() {
    Configs list = config();
    assertThat(new ExperimentJob(spark, list.recommender().lake(), list.experiment()).list())
        .extracting(ExperimentJob.Summary::experimentId).containsExactlyInAnyOrder("exp-a", "exp-b");
    assertThat(RecommenderCli.experiment(spark, list.recommender())).isZero();

    Configs a = config("--experiment", "exp-a");
    assertThat(RecommenderCli.experiment(spark, a.recommender())).isZero();

    Configs b = config("--experiment", "exp-b");
    assertThat(RecommenderCli.experiment(spark, b.recommender())).as("10 : 10 against 90 : 10").isEqualTo(4);
  }

  @Test
  void anUnknownExperimentIsABadArgumentNamingIt() {
    Configs c = config("--experiment", "exp-none");
    assertThatThrownBy(() -> RecommenderCli.experiment(spark, c.recommender()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp-none");
  }

  @Test
  void aShorterWindowAttributesFewerPlays() {
    // 31 min: c0..c8's plays at T0 + 1 h fall outside; k0's at T0 + 90 min is 30 min after the second impression
    Configs c = config("--experiment", "exp-a", "--window", "31m");
    ExperimentReport r = new ExperimentJob(spark, c.recommender().lake(), c.experiment())
        .report(new JobSteps(spark, "test"), "exp-a", new ExperimentReport.Settings(1000, 0.95, 42, 0.001));

    assertThat(arm(r, "control").attributedPlays()).isZero();
    assertThat(arm(r, "candidate").attributedPlays()).isEqualTo(1);
  }
}
