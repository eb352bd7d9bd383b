package io.ottplatform.recommender;

import static org.apache.spark.sql.functions.col;

import io.ottplatform.lake.JobSteps;
import io.ottplatform.recommender.config.AlsParams;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.data.IdMapping;
import io.ottplatform.recommender.data.InputSource;
import io.ottplatform.recommender.data.Interactions;
import io.ottplatform.recommender.data.TimeSplit;
import io.ottplatform.recommender.eval.Evaluation;
import io.ottplatform.recommender.eval.RankingMetrics;
import io.ottplatform.recommender.model.AlsTrainer;
import io.ottplatform.recommender.model.ItemFactors;
import io.ottplatform.recommender.model.PopularTitles;
import io.ottplatform.recommender.model.Recommend;
import io.ottplatform.recommender.model.SimilarTitles;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Evaluate and train runs. Sources are parameters: the CLI reads the lake table or a CSV and hands the
 * rows in; a test hands in its own. Every run — train, evaluate, each grid point — is recorded in
 * ml.model_runs; only train writes outputs (and so only a train run can be promoted).
 */
public final class TrainingJob {

  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The input, numbered and split, ready for any number of fits. */
  public record Prepared(InputSource source, IdMapping ids, Dataset<Row> interactions, Dataset<Row> viewCountries,
      Evaluation evaluation, RankingMetrics popularity) {}

  /** A recorded run and the metrics of its model and of the baseline on the same split. */
  public record Result(RunRecord run, AlsParams params, RankingMetrics als, RankingMetrics popularity) {}

  private final SparkSession spark;
  private final RecommenderConfig config;
  private final ModelRuns runs;
  private final Clock clock;
  private final String codeVersion;

  public TrainingJob(SparkSession spark, RecommenderConfig config, ModelRuns runs, Clock clock, String codeVersion) {
    this.spark = spark;
    this.config = config;
    this.runs = runs;
    this.clock = clock;
    this.codeVersion = codeVersion;
  }

  /**
   * @param viewCountries profile_id and country per view (popular-in-country), or null
   */
  public Prepared prepare(JobSteps steps, Interactions.Loaded input, Dataset<Row> viewCountries) {
    Dataset<Row> interactions = steps.run("read interactions from " + input.source().table()
        + (input.source().snapshotId() == null ? "" : " @ snapshot " + input.source().snapshotId()), () -> {
          Dataset<Row> rows = input.rows().cache();
          steps.log("{} interactions", rows.count());
          return rows;
        });
    IdMapping ids = steps.run("number profile and title ids", () -> {
      IdMapping m = IdMapping.of(spark, interactions);
      steps.log("{} profiles, {} titles", m.profiles().count(), m.titles().count());
      return m;
    });
    Evaluation evaluation = steps.run("split by time (latest " + Math.round(config.holdout() * 100)
        + "% of each profile's titles held out)", () -> {
          Evaluation e = Evaluation.prepare(spark, ids, TimeSplit.of(interactions, config.holdout()));
          steps.log("{} training interactions, {} held out", e.trainingInteractions(), e.heldOutInteractions());
          return e;
        });
    RankingMetrics popularity = steps.run("evaluate the popularity baseline", evaluation::popularity);
    return new Prepared(input.source(), ids, interactions, viewCountries, evaluation, popularity);
  }

  /** Fits on the training split, evaluates, records the run (no outputs). */
  public Result evaluate(JobSteps steps, Prepared prepared, AlsParams params, String command) {
    Instant started = clock.instant();
    RankingMetrics als = fitAndEvaluate(steps, prepared, params);
    RunRecord run = record(command, started, params, als, prepared, false);
    return new Result(run, params, als, prepared.popularity());
  }

  /**
   * Evaluates on the split, then refits the same parameters on all interactions (the held-out titles
   * are the most recent taste: serving should know them) and writes the outputs under the run's id.
   */
  public Result train(JobSteps steps, Prepared prepared, AlsParams params) {
    Instant started = clock.instant();
    RankingMetrics als = fitAndEvaluate(steps, prepared, params);
    String runId = newRunId(started);
    Dataset<Row> numbered = prepared.ids().numbered(prepared.interactions()).cache();
    ALSModel model = steps.run("fit ALS on all interactions (" + params.label() + ")",
        () -> AlsTrainer.fit(numbered, params, blocks()));
    Dataset<Row> recommendations = steps.run("top " + config.topN() + " titles per profile", () ->
        Recommend.byAls(spark, model, Recommend.seen(numbered), config.topN())
            .join(prepared.ids().profiles(), "user").join(prepared.ids().titles(), "item")
            .select("profile_id", "rank", "title_id", "score").cache());
    Dataset<Row> similar = steps.run("similar titles (cosine of item factors)", () -> similar(model, prepared));
    Dataset<Row> popular = PopularTitles.of(prepared.interactions(), prepared.viewCountries(), config.topN());
    steps.run("write ml.recommendations, ml.similar_titles, ml.popular_titles for run " + runId,
        () -> runs.writeOutputs(runId, recommendations, similar, popular));
    RunRecord run = record(runId, "train", started, params, als, prepared, true);
    numbered.unpersist();
    recommendations.unpersist();
    return new Result(run, params, als, prepared.popularity());
  }

  private RankingMetrics fitAndEvaluate(JobSteps steps, Prepared prepared, AlsParams params) {
    ALSModel model = steps.run("fit ALS on the training split (" + params.label() + ")",
        () -> AlsTrainer.fit(prepared.evaluation().training(), params, blocks()));
    return steps.run("evaluate ALS", () -> prepared.evaluation().als(model));
  }

  private Dataset<Row> similar(ALSModel model, Prepared prepared) {
    ItemFactors items = ItemFactors.fromRows(model.itemFactors().orderBy("id").collectAsList());
    Map<Integer, String> titles = new HashMap<>();
    for (Row r : prepared.ids().titles().collectAsList()) {
      titles.put(r.getInt(1), r.getString(0));
    }
    List<Row> rows = new ArrayList<>();
    for (SimilarTitles.Similar s : SimilarTitles.of(items, config.topN())) {
      rows.add(RowFactory.create(titles.get(s.item()), s.rank(), titles.get(s.similarItem()), s.cosine()));
    }
    StructType schema = new StructType().add("title_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
        .add("similar_title_id", DataTypes.StringType).add("score", DataTypes.FloatType);
    return spark.createDataFrame(rows, schema).orderBy(col("title_id"), col("rank"));
  }

  private RunRecord record(String command, Instant started, AlsParams params, RankingMetrics als, Prepared prepared,
      boolean outputs) {
    return record(newRunId(started), command, started, params, als, prepared, outputs);
  }

  private RunRecord record(String runId, String command, Instant started, AlsParams params, RankingMetrics als,
      Prepared prepared, boolean outputs) {
    Map<String, String> recordedParams = new java.util.LinkedHashMap<>(params.asMap());
    recordedParams.put("holdout", Double.toString(config.holdout()));
    recordedParams.put("top_n", Integer.toString(config.topN()));
    RunRecord run = new RunRecord(runId, command, started, clock.millis() - started.toEpochMilli(), "als",
        recordedParams, als.asMap(), prepared.popularity().asMap(), prepared.source().table(),
        prepared.source().snapshotId(), codeVersion, outputs, prepared.evaluation().trainingInteractions(),
        prepared.evaluation().heldOutInteractions());
    runs.record(run);
    return run;
  }

  private int blocks() {
    return Math.max(2, spark.sparkContext().defaultParallelism());
  }

  static String newRunId(Instant at) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return "run-" + RUN_TIME.format(at) + "-" + HexFormat.of().formatHex(suffix);
  }
}
