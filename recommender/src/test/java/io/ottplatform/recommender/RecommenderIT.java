package io.ottplatform.recommender;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ottplatform.config.Settings;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import io.ottplatform.recommender.data.PlantedData;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.runs.MlTables;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import io.ottplatform.recommender.serving.ServingExport;
import io.ottplatform.recommender.serving.ServingModel;
import io.ottplatform.recommender.serving.ServingMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommender commands end to end on local[2]: planted-taste viewer activity in a real Iceberg
 * lake (JDBC catalog on PostgreSQL), runs in ml.model_runs, export into serving-api's schema.
 */
class RecommenderIT {

  @RegisterExtension static final PostgresDatabaseExtension LAKE_DB = new PostgresDatabaseExtension();
  @RegisterExtension static final PostgresDatabaseExtension SERVING_DB = new PostgresDatabaseExtension();
  @TempDir static Path warehouse;

  // 300 profiles, 300 titles in 8 taste clusters, ~20 titles per profile, 90 % of them in taste
  static final PlantedData PLANTED = new PlantedData(300, 300, 6_000, 8, 0.9, 7);

  static SparkSession spark;
  static ModelRuns runs;
  static RunRecord trained;

  @BeforeAll
  static void trainOnce() throws Exception {
    RecommenderConfig config = config();
    spark = LakeSession.create(config.lake(), "test");
    LakeTables.ensureAll(spark, config.lake());
    Lake.append(PLANTED.generateActivity(spark, 2).writeTo(config.lake().table(LakeTables.VIEWER_ACTIVITY_DAILY)));
    spark.sql("CREATE NAMESPACE IF NOT EXISTS " + config.lake().catalog() + ".test");
    spark.sql("CREATE TABLE " + config.lake().table("test.profile_countries") + " USING iceberg AS "
        + "SELECT DISTINCT profile_id, CASE WHEN right(profile_id, 1) IN ('0','2','4','6','8') THEN 'DE' ELSE 'FR' END "
        + "AS country FROM " + config.lake().table(LakeTables.VIEWER_ACTIVITY_DAILY));
    try (Connection c = SERVING_DB.connect(); Statement st = c.createStatement()) {
      ServingMigrations.apply(c);
      // three catalog titles nobody has watched yet: their neighbours can only come from metadata
      for (String[] t : List.of(new String[] {"new-a", "drama", "2026"}, new String[] {"new-b", "drama", "2025"},
          new String[] {"new-c", "comedy", "2026"})) {
        st.execute("INSERT INTO titles (id, kind, name, maturity_rating, maturity_level, genres, release_year, version, "
            + "search) VALUES ('" + t[0] + "', 'movie', '" + t[0] + "', 'PG', 1, ARRAY['" + t[1] + "'], " + t[2]
            + ", 1, to_tsvector('simple', '" + t[0] + "'))");
      }
    }
    runs = new ModelRuns(spark, config.lake());

    assertThat(RecommenderCli.run("train", spark, config)).isZero();

    trained = latest("train");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static RecommenderConfig config(String... extra) {
    List<String> args = new ArrayList<>();
    for (String setting : List.of("lake.spark-master=local[2]", "lake.catalog-db.url=" + LAKE_DB.jdbcUrl(),
        "lake.catalog-db.user=" + LAKE_DB.user(), "lake.catalog-db.password=" + LAKE_DB.password(),
        "lake.warehouse=" + warehouse.toUri(), "lake.shuffle-partitions=2", "serving-db.url=" + SERVING_DB.jdbcUrl(),
        "serving-db.user=" + SERVING_DB.user(), "serving-db.password=" + SERVING_DB.password())) {
      args.addAll(List.of("--set", setting));
    }
    // the command's own flags, as the demo gives them
    args.addAll(List.of("--rank", "16", "--max-iter", "8", "--reg-param", "0.05", "--alpha", "10", "--top-n", "10",
        "--country-table", "test.profile_countries"));
    args.addAll(List.of(extra));
    Settings settings = RecommenderCli.settings(args.toArray(String[]::new), Map.of());
    RecommenderConfig config = RecommenderConfig.read(settings);
    settings.finish();
    return config;
  }

  static RunRecord latest(String command) {
    List<RunRecord> all = runs.all().stream().filter(r -> r.command().equals(command)).toList();
    assertThat(all).as("runs of " + command).isNotEmpty();
    return all.get(all.size() - 1);
  }

  @Test
  void aTrainRunIsRecordedWithItsInputSnapshotParametersAndMetrics() {
    long snapshot = Lake.table(spark, config().lake(), LakeTables.VIEWER_ACTIVITY_DAILY).currentSnapshot().snapshotId();

    assertThat(trained.inputTable()).isEqualTo(LakeTables.VIEWER_ACTIVITY_DAILY);
    assertThat(trained.inputSnapshotId()).isEqualTo(snapshot);
    assertThat(trained.algorithm()).isIn("als", "ease");
    assertThat(trained.params()).containsEntry("holdout", "0.2").containsEntry("top_n", "10");
    assertThat(trained.protocol()).as("both families were judged on validation")
        .containsKeys("validation.als rank=16 reg=0.05 alpha=10.0 iter=8", "validation.ease lambda=100.0");
    assertThat(trained.metrics()).containsKeys("ndcg_at_10", "precision_at_10", "recall_at_10", "map_at_10",
        "catalog_coverage", "novelty");
    assertThat(trained.baselineMetrics()).containsKey("ndcg_at_10");
    assertThat(trained.metrics()).as("the test figures come with intervals and the paired difference")
        .containsKeys("ndcg_at_10_ci_low", "ndcg_at_10_ci_high", "ndcg_at_10_diff_vs_popularity",
            "ndcg_at_10_diff_vs_popularity_ci_low", "ndcg_at_10_diff_vs_popularity_ci_high", "validation_ndcg_at_10");
    assertThat(trained.protocol()).as("the run records how it was judged")
        .containsKeys("split", "selection", "test", "interval", "train_interactions", "validation_interactions",
            "test_interactions");
    assertThat(trained.protocol().get("test")).contains("scored once");
    assertThat(trained.codeVersion()).isNotBlank();
    assertThat(trained.outputsWritten()).isTrue();
    assertThat(trained.durationMs()).isPositive();
  }

  @Test
  void theChosenModelBeatsPopularityOnPlantedTaste() {
    double als = trained.metric("ndcg_at_10");
    double popularity = trained.baselineMetrics().get("ndcg_at_10");

    assertThat(popularity).as("the baseline is evaluated, not zero").isPositive();
    assertThat(trained.metric("ndcg_at_10_diff_vs_popularity_ci_low")).as("lower bound of the paired difference")
        .isPositive();
    assertThat(als).as("NDCG@10 vs 1.5 x popularity %.4f", popularity).isGreaterThan(1.5 * popularity);
  }

  @Test
  void outputsNeverRecommendWatchedTitlesAndCoverEveryTableOfTheRun() {
    String cfgRecs = config().lake().table(MlTables.RECOMMENDATIONS);
    Dataset<Row> recs = spark.table(cfgRecs).where(col("run_id").equalTo(trained.runId()));
    Dataset<Row> watched = spark.table(config().lake().table(LakeTables.VIEWER_ACTIVITY_DAILY))
        .select("profile_id", "title_id");

    assertThat(recs.select("profile_id").distinct().count()).isEqualTo(300);
    assertThat(recs.groupBy("profile_id").count().where(col("count").notEqual(10)).count()).isZero();
    assertThat(recs.join(watched, new String[] {"profile_id", "title_id"}).count()).as("watched titles recommended").isZero();
    Dataset<Row> similar = spark.table(config().lake().table(MlTables.SIMILAR_TITLES))
        .where(col("run_id").equalTo(trained.runId()));
    assertThat(similar.where(col("title_id").equalTo(col("similar_title_id"))).count()).isZero();
    Dataset<Row> modelSimilar = similar.where(org.apache.spark.sql.functions.not(col("title_id").startsWith("new-")));
    assertThat(modelSimilar.count()).isEqualTo(modelSimilar.select("title_id").distinct().count() * 10);
    List<String> countries = spark.table(config().lake().table(MlTables.POPULAR_TITLES))
        .where(col("run_id").equalTo(trained.runId())).select("country").distinct().orderBy("country")
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    assertThat(countries).containsExactly("*", "DE", "FR");
  }

  @Test
  void similarTitlesRecoverThePlantedClusters() {
    List<Row> rows = spark.table(config().lake().table(MlTables.SIMILAR_TITLES))
        .where(col("run_id").equalTo(trained.runId()).and(col("rank").leq(3))
            .and(org.apache.spark.sql.functions.not(col("title_id").startsWith("new-")))).collectAsList();
    long sameCluster = rows.stream()
        .filter(r -> PLANTED.clusterOf(r.getAs("title_id")) == PLANTED.clusterOf(r.getAs("similar_title_id"))).count();

    // by chance 1 in 8 would share the cluster
    assertThat((double) sameCluster / rows.size()).as("share of top-3 similar titles in the same cluster")
        .isGreaterThan(0.5);
  }

  @Test
  void aTitleNobodyWatchedHasNeighboursFromItsCatalogMetadata() {
    List<Row> rows = spark.table(config().lake().table(MlTables.SIMILAR_TITLES))
        .where(col("run_id").equalTo(trained.runId()).and(col("title_id").startsWith("new-")))
        .orderBy("title_id", "rank").collectAsList();

    assertThat(rows.stream().map(r -> r.<String>getAs("title_id")).distinct()).containsExactly("new-a", "new-b", "new-c");
    assertThat(rows.stream().filter(r -> r.<String>getAs("title_id").equals("new-a")).findFirst().orElseThrow()
        .<String>getAs("similar_title_id")).as("same genre, a year apart").isEqualTo("new-b");
  }

  @Test
  void theSameSeedOnTheSameSnapshotGivesTheSameMetrics() {
    RecommenderConfig config = config("--seed", "11");
    RecommenderCli.run("evaluate", spark, config);
    RunRecord first = latest("evaluate");
    RecommenderCli.run("evaluate", spark, config);
    RunRecord second = latest("evaluate");

    assertThat(second.runId()).isNotEqualTo(first.runId());
    assertThat(second.inputSnapshotId()).isEqualTo(first.inputSnapshotId());
    // same ids, same seed, same rows: the same model; the tolerance only absorbs float summation order
    // across Spark's shuffle, which a differing model would exceed by orders of magnitude
    assertThat(second.metrics().keySet()).isEqualTo(first.metrics().keySet());
    first.metrics().forEach((name, value) ->
        assertThat(second.metrics().get(name)).as(name).isCloseTo(value, within(1e-6)));
  }

  @Test
  void theGateRefusesAWorseModelAndLeavesServingAlone() throws Exception {
    ServingExport serving = new ServingExport(SERVING_DB.jdbcUrl(), SERVING_DB.user(), SERVING_DB.password());
    assertThat(RecommenderCli.run("promote", spark, config("--run-id", trained.runId()))).isZero();
    assertThat(serving.current("control")).map(ServingModel::modelVersion).contains(trained.runId());
    long exported = count("SELECT count(*) FROM rec_profile_titles WHERE model_version = '" + trained.runId() + "'");
    assertThat(exported).isEqualTo(300 * 10);
    assertThat(count("SELECT count(*) FROM rec_popular_titles WHERE country = '*'")).isEqualTo(10);

    // a one-factor, one-iteration model: barely better than popularity
    RecommenderCli.run("train", spark, config("--rank", "1", "--max-iter", "1", "--algorithms", "als"));
    RunRecord worse = latest("train");
    assertThat(worse.metric("ndcg_at_10")).isLessThan(trained.metric("ndcg_at_10") - 0.01);

    int exit = RecommenderCli.run("promote", spark, config("--run-id", worse.runId()));

    assertThat(exit).as("exit code of a refused promotion").isEqualTo(3);
    assertThatThrownBy(() -> new Promotion(runs, serving, config()).promote(worse.runId()))
        .isInstanceOf(Promotion.Refused.class).hasMessageContaining("refused")
        .hasMessageContaining(trained.runId());
    assertThat(serving.current("control")).map(ServingModel::modelVersion).contains(trained.runId());
    assertThat(count("SELECT count(*) FROM rec_models")).isEqualTo(1);
    assertThatThrownBy(() -> RecommenderCli.run("promote", spark, config("--run-id", "run-that-never-was")))
        .hasMessageContaining("no run run-that-never-was");
  }

  @Test
  void aCsvOfInteractionsGoesThroughTheSameEvaluation() throws Exception {
    Path csv = warehouse.resolve("interactions.csv");
    List<String> lines = new ArrayList<>(List.of("user,item,weight,timestamp"));
    for (Row r : PLANTED.generate(spark, 2).collectAsList()) {
      LocalDateTime ts = r.getAs("ts");
      // both timestamp forms: epoch seconds (MovieLens) and ISO-8601
      String when = lines.size() % 2 == 0 ? Long.toString(ts.toEpochSecond(ZoneOffset.UTC)) : ts.toString();
      lines.add(r.getAs("profile_id") + "," + r.getAs("title_id") + "," + r.getAs("strength") + "," + when);
    }
    Files.write(csv, lines);

    assertThat(RecommenderCli.run("evaluate", spark, config("--csv", csv.toString()))).isZero();

    RunRecord run = latest("evaluate");
    assertThat(run.inputTable()).isEqualTo("csv:" + csv);
    assertThat(run.inputSnapshotId()).isNull();
    assertThat(run.trainingInteractions() + run.heldOutInteractions()).isEqualTo(lines.size() - 1);
    assertThat(run.metric("ndcg_at_10")).isGreaterThan(1.5 * run.baselineMetrics().get("ndcg_at_10"));
  }

  static long count(String sql) throws Exception {
    try (Connection c = SERVING_DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
