package io.ottplatform.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottplatform.config.Settings;
import io.ottplatform.lake.Lake;
import io.ottplatform.lake.LakeSession;
import io.ottplatform.lake.LakeTables;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.data.PlantedData;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import io.ottplatform.recommender.serving.ServingExport;
import io.ottplatform.recommender.serving.ServingMigrations;
import io.ottplatform.recommender.serving.ServingModel;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted data where popularity wins: viewers without taste (every title drawn by popularity alone, as the
 * demo's simulated viewers did before they had tastes), so "the most watched titles" is the best any model
 * can do. The gate refuses the trained model and serving falls back to popularity on purpose.
 */
class PopularityWinsIT {

  @RegisterExtension static final PostgresDatabaseExtension LAKE_DB = new PostgresDatabaseExtension();
  @RegisterExtension static final PostgresDatabaseExtension SERVING_DB = new PostgresDatabaseExtension();
  @TempDir static Path warehouse;

  // taste 0: no profile prefers anything but what everybody watches
  static final PlantedData TASTELESS = new PlantedData(300, 300, 6_000, 8, 0.0, 11);

  static SparkSession spark;
  static ModelRuns runs;

  @BeforeAll
  static void lakeAndServing() throws Exception {
    RecommenderConfig config = config();
    spark = LakeSession.create(config.lake(), "test");
    LakeTables.ensureAll(spark, config.lake());
    Lake.append(TASTELESS.generateActivity(spark, 2).writeTo(config.lake().table(LakeTables.VIEWER_ACTIVITY_DAILY)));
    try (Connection c = SERVING_DB.connect()) {
      ServingMigrations.apply(c);
    }
    runs = new ModelRuns(spark, config.lake());
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
    // the CLI defaults the issue measured losing to popularity
    args.addAll(List.of("--rank", "16", "--max-iter", "8", "--reg-param", "0.05", "--alpha", "10", "--top-n", "10"));
    args.addAll(List.of(extra));
    Settings settings = RecommenderCli.settings(args.toArray(String[]::new), Map.of());
    RecommenderConfig config = RecommenderConfig.read(settings);
    settings.finish();
    return config;
  }

  @Test
  void theGateRefusesACandidateBelowPopularityAndServingFallsBackToPopularityOnPurpose() throws Exception {
    assertThat(RecommenderCli.run("train", spark, config())).isZero();
    RunRecord run = runs.all().stream().filter(r -> r.command().equals("train")).findFirst().orElseThrow();
    assertThat(run.metric("ndcg_at_10_diff_vs_popularity_ci_low")).as("popularity wins on this data").isNotPositive();
    ServingExport serving = new ServingExport(SERVING_DB.jdbcUrl(), SERVING_DB.user(), SERVING_DB.password());

    assertThatThrownBy(() -> new Promotion(runs, serving, config()).promote(run.runId()))
        .isInstanceOf(Promotion.Refused.class)
        .hasMessageContaining("does not beat popularity")
        .hasMessageContaining("serving falls back to popularity per country on purpose");

    String version = run.runId() + "-popularity";
    assertThat(serving.current("control")).map(ServingModel::modelVersion).contains(version);
    assertThat(serving.algorithm(version)).isEqualTo("popularity");
    assertThat(count("SELECT count(*) FROM rec_profile_titles")).as("no per-profile lists").isZero();
    assertThat(count("SELECT count(*) FROM rec_popular_titles WHERE model_version = '" + version + "' AND country = '*'"))
        .isEqualTo(10);
    assertThat(serving.current("control")).map(ServingModel::metricValue)
        .contains(run.baselineMetrics().get("ndcg_at_10"));

    // the exit code of the same refusal through the CLI; serving stays on popularity
    assertThat(RecommenderCli.run("promote", spark, config("--run-id", run.runId()))).isEqualTo(3);
    assertThat(serving.current("control")).map(ServingModel::modelVersion).contains(version);
  }

  static long count(String sql) throws Exception {
    try (Connection c = SERVING_DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
