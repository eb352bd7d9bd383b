package io.ottplatform.recommender;

import static org.apache.spark.sql.functions.col;

import io.ottplatform.lake.JobSteps;
import io.ottplatform.recommender.config.RecommenderConfig;
import io.ottplatform.recommender.data.CatalogTitle;
import io.ottplatform.recommender.data.IdMapping;
import io.ottplatform.recommender.data.InputSource;
import io.ottplatform.recommender.data.Interactions;
import io.ottplatform.recommender.eval.Bootstrap;
import io.ottplatform.recommender.eval.Protocol;
import io.ottplatform.recommender.eval.RankingMetrics;
import io.ottplatform.recommender.model.MetadataSimilarity;
import io.ottplatform.recommender.model.ModelSpec;
import io.ottplatform.recommender.model.PopularTitles;
import io.ottplatform.recommender.model.SimilarTitles;
import io.ottplatform.recommender.model.Trained;
import io.ottplatform.recommender.model.Trainer;
import io.ottplatform.recommender.runs.ModelRuns;
import io.ottplatform.recommender.runs.RunRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Evaluate, tune and train runs, all through the same {@link Protocol}: candidates fit on train and
 * selected on validation, the chosen one refit on train + validation and scored once on test, with
 * bootstrap intervals and the paired difference against popularity. Sources are parameters: the CLI
 * reads the lake table or a CSV and hands the rows in; a test hands in its own. Every run is recorded in
 * ml.model_runs with its protocol; only train writes outputs (so only a train run can be promoted).
 */
public final class TrainingJob {

  private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The input, split and prepared for any number of fits. */
  public record Prepared(InputSource source, Dataset<Row> interactions, Dataset<Row> viewCountries, Protocol protocol) {}

  /** A recorded run: the selection on validation and the chosen model's test figures. */
  public record Result(RunRecord run, Protocol.Selection selection, Protocol.Tested tested,
      RankingMetrics popularityValidation) {}

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
    Protocol protocol = Protocol.prepare(spark, steps, interactions, config.holdout(), config.metric(), bootstrap(),
        blocks());
    return new Prepared(input.source(), interactions, viewCountries, protocol);
  }

  /**
   * Selects among the candidates on validation, scores the chosen one once on test and records the run
   * (no outputs).
   */
  public Result evaluate(JobSteps steps, Prepared prepared, List<? extends ModelSpec> candidates, String command) {
    Instant started = clock.instant();
    Selected s = select(prepared, candidates);
    RunRecord run = record(newRunId(started), command, started, s, prepared, false);
    return new Result(run, s.selection(), s.tested(), s.popularityValidation());
  }

  /**
   * Evaluates as {@link #evaluate}, then refits the chosen model on all interactions (the held-out titles
   * are the most recent taste: serving should know them) and writes the outputs under the run's id.
   * Catalog titles the model has no neighbours for (nobody watched them) get neighbours from their metadata.
   *
   * @param catalog the catalog's titles with metadata (empty: only the model's similar titles)
   */
  public Result train(JobSteps steps, Prepared prepared, List<? extends ModelSpec> candidates, List<CatalogTitle> catalog) {
    Instant started = clock.instant();
    Selected s = select(prepared, candidates);
    String runId = newRunId(started);
    ModelSpec chosen = s.tested().spec();
    IdMapping ids = steps.run("number profile and title ids of all interactions",
        () -> IdMapping.of(spark, prepared.interactions()));
    Dataset<Row> numbered = ids.numbered(prepared.interactions()).cache();
    Trained model = steps.run("fit " + chosen.label() + " on all interactions", () -> Trainer.fit(numbered, chosen, blocks()));
    Dataset<Row> recommendations = steps.run("top " + config.topN() + " titles per profile", () ->
        model.recommend(spark, io.ottplatform.recommender.model.Recommend.seen(numbered), config.topN())
            .join(ids.profiles(), "user").join(ids.titles(), "item")
            .select("profile_id", "rank", "title_id", "score").cache());
    Dataset<Row> similar = steps.run("similar titles (the model's; catalog metadata for titles without views)",
        () -> similar(model, ids, catalog));
    Dataset<Row> popular = PopularTitles.of(prepared.interactions(), prepared.viewCountries(), config.topN());
    steps.run("write ml.recommendations, ml.similar_titles, ml.popular_titles for run " + runId,
        () -> runs.writeOutputs(runId, recommendations, similar, popular));
    RunRecord run = record(runId, "train", started, s, prepared, true);
    numbered.unpersist();
    recommendations.unpersist();
    return new Result(run, s.selection(), s.tested(), s.popularityValidation());
  }

  private record Selected(Protocol.Selection selection, Protocol.Tested tested, RankingMetrics popularityValidation,
      Map<String, String> protocol) {}

  private Selected select(Prepared prepared, List<? extends ModelSpec> candidates) {
    Protocol protocol = prepared.protocol();
    Protocol.Selection selection = protocol.select(candidates);
    RankingMetrics popularityValidation = protocol.popularityOnValidation();
    Protocol.Tested tested = protocol.test(selection.best().spec());
    return new Selected(selection, tested, popularityValidation, protocol.describe(selection));
  }

  private Dataset<Row> similar(Trained model, IdMapping ids, List<CatalogTitle> catalog) {
    Map<Integer, String> titles = new HashMap<>();
    for (Row r : ids.titles().collectAsList()) {
      titles.put(r.getInt(1), r.getString(0));
    }
    List<Row> rows = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (SimilarTitles.Similar s : model.similar(config.topN())) {
      rows.add(RowFactory.create(titles.get(s.item()), s.rank(), titles.get(s.similarItem()), s.cosine()));
      covered.add(titles.get(s.item()));
    }
    for (MetadataSimilarity.Neighbour n : MetadataSimilarity.forUncovered(catalog, covered, config.topN())) {
      rows.add(RowFactory.create(n.titleId(), n.rank(), n.similarTitleId(), n.score()));
    }
    StructType schema = new StructType().add("title_id", DataTypes.StringType).add("rank", DataTypes.IntegerType)
        .add("similar_title_id", DataTypes.StringType).add("score", DataTypes.FloatType);
    return spark.createDataFrame(rows, schema).orderBy(col("title_id"), col("rank"));
  }

  private RunRecord record(String runId, String command, Instant started, Selected s, Prepared prepared,
      boolean outputs) {
    ModelSpec chosen = s.tested().spec();
    Map<String, String> params = new LinkedHashMap<>(chosen.asMap());
    params.put("holdout", Double.toString(config.holdout()));
    params.put("top_n", Integer.toString(config.topN()));
    Map<String, Double> metrics = new LinkedHashMap<>(s.tested().test().asMap());
    metrics.putAll(s.tested().intervals());
    metrics.put("validation_" + config.metric(), s.selection().best().validation().asMap().get(config.metric()));
    Map<String, Double> baseline = new LinkedHashMap<>(s.tested().popularity().asMap());
    baseline.put("ndcg_at_10_ci_low", s.tested().popularityNdcg().low());
    baseline.put("ndcg_at_10_ci_high", s.tested().popularityNdcg().high());
    Protocol protocol = prepared.protocol();
    RunRecord run = new RunRecord(runId, command, started, clock.millis() - started.toEpochMilli(), chosen.algorithm(),
        params, metrics, baseline, prepared.source().table(), prepared.source().snapshotId(), codeVersion, outputs,
        protocol.test().trainingInteractions(), protocol.test().heldOutInteractions(), s.protocol());
    runs.record(run);
    return run;
  }

  private Bootstrap bootstrap() {
    return new Bootstrap(config.bootstrapResamples(), 0.95, config.params().seed());
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
