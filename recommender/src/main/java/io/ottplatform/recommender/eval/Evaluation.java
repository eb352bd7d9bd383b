package io.ottplatform.recommender.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;

import io.ottplatform.recommender.data.IdMapping;
import io.ottplatform.recommender.data.TimeSplit;
import io.ottplatform.recommender.model.Recommend;
import io.ottplatform.recommender.model.Trained;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The offline evaluation of one time split, prepared once and reused for every model judged on it (a
 * grid search fits many): the numbered training rows, the evaluated profiles' training history (the
 * candidates exclude it, for ALS and the baseline alike), their held-out titles and the
 * {@link RankingEvaluator} with the training popularity (novelty) and catalog (coverage).
 */
public final class Evaluation {

  private final SparkSession spark;
  private final IdMapping ids;
  private final Dataset<Row> training;
  private final Dataset<Row> seenOfEvaluated;
  private final Map<String, Set<String>> heldOut;
  private final RankingEvaluator evaluator;
  private final long trainingInteractions;
  private final long heldOutInteractions;

  private Evaluation(SparkSession spark, IdMapping ids, Dataset<Row> training, Dataset<Row> seenOfEvaluated,
      Map<String, Set<String>> heldOut, RankingEvaluator evaluator, long trainingInteractions, long heldOutInteractions) {
    this.spark = spark;
    this.ids = ids;
    this.training = training;
    this.seenOfEvaluated = seenOfEvaluated;
    this.heldOut = heldOut;
    this.evaluator = evaluator;
    this.trainingInteractions = trainingInteractions;
    this.heldOutInteractions = heldOutInteractions;
  }

  public static Evaluation prepare(SparkSession spark, IdMapping ids, TimeSplit split) {
    Dataset<Row> training = ids.numbered(split.training()).cache();
    long trainingInteractions = training.count();
    Map<String, Set<String>> heldOut = new HashMap<>();
    long heldOutInteractions = 0;
    for (Row r : split.heldOut().select("profile_id", "title_id").collectAsList()) {
      heldOut.computeIfAbsent(r.getString(0), k -> new HashSet<>()).add(r.getString(1));
      heldOutInteractions++;
    }
    Dataset<Row> evaluatedUsers = ids.numbered(split.heldOut()).select("user").distinct();
    Dataset<Row> seen = Recommend.seen(training).join(evaluatedUsers, "user").cache();
    Map<String, Long> viewersPerTitle = new HashMap<>();
    for (Row r : training.groupBy("title_id").agg(countDistinct("user")).collectAsList()) {
      viewersPerTitle.put(r.getString(0), r.getLong(1));
    }
    long profiles = training.select("user").distinct().count();
    if (profiles == 0 || heldOut.isEmpty()) {
      throw new IllegalStateException("too little data to evaluate: " + profiles + " training profiles, "
          + heldOut.size() + " profiles with held-out titles (a profile needs at least 2 interactions)");
    }
    RankingEvaluator evaluator = new RankingEvaluator(RankingMetrics.K, viewersPerTitle, profiles, viewersPerTitle.size());
    return new Evaluation(spark, ids, training, seen, heldOut, evaluator, trainingInteractions, heldOutInteractions);
  }

  public Dataset<Row> training() {
    return training;
  }

  public long trainingInteractions() {
    return trainingInteractions;
  }

  public long heldOutInteractions() {
    return heldOutInteractions;
  }

  /** A model fit on {@link #training()}, judged on the held-out titles. */
  public Judged judge(Trained model) {
    return judge(model.recommend(spark, seenOfEvaluated, RankingMetrics.K));
  }

  /** The baseline: the titles most training profiles watched. */
  public Judged popularity() {
    return judge(Recommend.byPopularity(spark, training, seenOfEvaluated, RankingMetrics.K));
  }

  private Judged judge(Dataset<Row> recommendations) {
    List<Row> rows = recommendations.join(ids.profiles(), "user").join(ids.titles(), "item")
        .select("profile_id", "rank", "title_id").orderBy(col("profile_id"), col("rank")).collectAsList();
    Map<String, List<String>> lists = new HashMap<>();
    for (Row r : rows) {
      lists.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(2));
    }
    return evaluator.judge(heldOut, lists);
  }
}
