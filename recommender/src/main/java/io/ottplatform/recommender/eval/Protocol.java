package io.ottplatform.recommender.eval;

import io.ottplatform.lake.JobSteps;
import io.ottplatform.recommender.data.IdMapping;
import io.ottplatform.recommender.data.ProtocolSplit;
import io.ottplatform.recommender.model.ModelSpec;
import io.ottplatform.recommender.model.Trained;
import io.ottplatform.recommender.model.Trainer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The honest protocol, in three moves that cannot be reordered:
 * <ol>
 *   <li>{@link #select}: every candidate is fit on the train split and judged on the validation split;
 *       the best by the selection metric wins. Nothing here reads the test split: the ids are numbered
 *       from train + validation only, and the validation split is cut from train + validation;</li>
 *   <li>{@link #test}: the chosen candidate is refit on train + validation and judged on the test split,
 *       once (a second test of the same candidate is refused: looking twice is how selection leaks in);</li>
 *   <li>each test figure comes with a bootstrap interval over profiles, and the paired NDCG difference
 *       against popularity on the same profiles.</li>
 * </ol>
 */
public final class Protocol {

  /** One candidate's validation figures. */
  public record Scored(ModelSpec spec, RankingMetrics validation) {}

  /** The outcome of selection: every candidate, best first. */
  public record Selection(List<Scored> ranked, String metric) {

    public Scored best() {
      return ranked.get(0);
    }
  }

  /** The chosen model's test figures, with intervals and the paired difference against popularity. */
  public record Tested(ModelSpec spec, RankingMetrics test, RankingMetrics popularity, Bootstrap.Interval ndcg,
      Bootstrap.Interval popularityNdcg, Bootstrap.Interval differenceVsPopularity) {

    /** What ml.model_runs records beside the plain metrics. */
    public Map<String, Double> intervals() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("ndcg_at_10_ci_low", ndcg.low());
      m.put("ndcg_at_10_ci_high", ndcg.high());
      m.put("ndcg_at_10_diff_vs_popularity", differenceVsPopularity.estimate());
      m.put("ndcg_at_10_diff_vs_popularity_ci_low", differenceVsPopularity.low());
      m.put("ndcg_at_10_diff_vs_popularity_ci_high", differenceVsPopularity.high());
      return m;
    }

    public String summary() {
      return String.format(Locale.ROOT, "test NDCG@10 %s vs popularity %s, paired difference %s over %d profiles",
          ndcg, popularityNdcg, differenceVsPopularity, ndcg.profiles());
    }
  }

  private final JobSteps steps;
  private final double holdout;
  private final String metric;
  private final Bootstrap bootstrap;
  private final int blocks;
  private final IdMapping ids;
  private final Evaluation validation;
  private final Evaluation test;
  private final Set<String> tested = new HashSet<>();
  private Judged popularityValidation;
  private Judged popularityTest;

  private Protocol(JobSteps steps, double holdout, String metric, Bootstrap bootstrap, int blocks,
      IdMapping ids, Evaluation validation, Evaluation test) {
    this.steps = steps;
    this.holdout = holdout;
    this.metric = metric;
    this.bootstrap = bootstrap;
    this.blocks = blocks;
    this.ids = ids;
    this.validation = validation;
    this.test = test;
  }

  /**
   * Splits and prepares both evaluations.
   *
   * @param interactions {@code profile_id, title_id, strength, ts}
   * @param metric the selection metric ({@code ndcg_at_10}, ...)
   * @param blocks ALS blocks
   */
  public static Protocol prepare(SparkSession spark, JobSteps steps, Dataset<Row> interactions, double holdout,
      String metric, Bootstrap bootstrap, int blocks) {
    ProtocolSplit split = steps.run("split by time: each profile's latest " + Math.round(holdout * 100)
        + "% test, the latest " + Math.round(holdout * 100) + "% of the rest validation",
        () -> ProtocolSplit.of(interactions, holdout));
    IdMapping ids = steps.run("number profile and title ids of train + validation",
        () -> IdMapping.of(spark, split.trainAndValidation()));
    Evaluation validation = steps.run("prepare validation (fit on train, judge on validation)", () -> {
      Evaluation e = Evaluation.prepare(spark, ids, split.forValidation());
      steps.log("{} training interactions, {} validation", e.trainingInteractions(), e.heldOutInteractions());
      return e;
    });
    Evaluation test = steps.run("prepare test (fit on train + validation, judge on test)", () -> {
      Evaluation e = Evaluation.prepare(spark, ids, split.forTest());
      steps.log("{} training interactions, {} test", e.trainingInteractions(), e.heldOutInteractions());
      return e;
    });
    return new Protocol(steps, holdout, metric, bootstrap, blocks, ids, validation, test);
  }

  /** Fits every candidate on train and ranks them by the selection metric on validation. */
  public Selection select(List<? extends ModelSpec> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidate models to select from");
    }
    List<Scored> scored = new ArrayList<>();
    for (ModelSpec spec : candidates) {
      Trained model = steps.run("fit " + spec.label() + " on train", () -> Trainer.fit(validation.training(), spec, blocks));
      RankingMetrics m = steps.run("judge it on validation", () -> validation.judge(model).metrics());
      steps.log("validation {}={}", metric, String.format(Locale.ROOT, "%.4f", m.asMap().get(metric)));
      scored.add(new Scored(spec, m));
    }
    // stable: on a tie the earlier candidate (the grid's order) wins
    scored.sort(Comparator.comparingDouble((Scored s) -> -s.validation().asMap().get(metric)));
    return new Selection(List.copyOf(scored), metric);
  }

  /** Popularity on validation, for the selection table. */
  public RankingMetrics popularityOnValidation() {
    if (popularityValidation == null) {
      popularityValidation = steps.run("popularity on validation", validation::popularity);
    }
    return popularityValidation.metrics();
  }

  /** Refits the chosen candidate on train + validation and judges it on test, once. */
  public Tested test(ModelSpec chosen) {
    if (!tested.add(chosen.label())) {
      throw new IllegalStateException(chosen.label() + " was already scored on the test split: the test split is "
          + "scored once per model, after selection");
    }
    Judged popularity = popularityTestJudged();
    Trained model = steps.run("fit " + chosen.label() + " on train + validation",
        () -> Trainer.fit(test.training(), chosen, blocks));
    Judged judged = steps.run("judge it on test (once)", () -> test.judge(model));
    return new Tested(chosen, judged.metrics(), popularity.metrics(), bootstrap.mean(judged.ndcgByProfile()),
        bootstrap.mean(popularity.ndcgByProfile()),
        bootstrap.pairedDifference(judged.ndcgByProfile(), popularity.ndcgByProfile()));
  }

  /** Popularity on test: the baseline every test figure is paired with. */
  public RankingMetrics popularityOnTest() {
    return popularityTestJudged().metrics();
  }

  private Judged popularityTestJudged() {
    if (popularityTest == null) {
      popularityTest = steps.run("popularity on test", test::popularity);
    }
    return popularityTest;
  }

  public Evaluation validation() {
    return validation;
  }

  public Evaluation test() {
    return test;
  }

  public IdMapping ids() {
    return ids;
  }

  /** How the run was judged, as ml.model_runs records it. */
  public Map<String, String> describe(Selection selection) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("split", "time per profile: test = latest " + holdout + " of each profile's titles, validation = latest "
        + holdout + " of the rest, train = the rest");
    p.put("selection", "fit on train, best " + selection.metric() + " on validation among " + selection.ranked().size()
        + " candidate(s)");
    p.put("test", "chosen model refit on train + validation, scored once on test");
    p.put("interval", String.format(Locale.ROOT, "percentile bootstrap over profiles, %d resamples, %.0f%%, seed %d",
        bootstrap.resamples(), bootstrap.confidence() * 100, bootstrap.seed()));
    p.put("train_interactions", Long.toString(validation.trainingInteractions()));
    p.put("validation_interactions", Long.toString(validation.heldOutInteractions()));
    p.put("test_interactions", Long.toString(test.heldOutInteractions()));
    for (Scored s : selection.ranked()) {
      p.put("validation." + s.spec().label(), String.format(Locale.ROOT, "%.4f", s.validation().asMap().get(selection.metric())));
    }
    return p;
  }
}
