package io.ottplatform.recommender.model;

import io.ottplatform.recommender.config.AlsParams;
import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Implicit ALS: scores are dot products of the factors, similar titles the cosine of item factors. */
public record TrainedAls(AlsParams spec, ALSModel model) implements Trained {

  public static TrainedAls fit(Dataset<Row> numbered, AlsParams params, int blocks) {
    return new TrainedAls(params, AlsTrainer.fit(numbered, params, blocks));
  }

  @Override
  public Dataset<Row> recommend(SparkSession spark, Dataset<Row> seen, int n) {
    return Recommend.byAls(spark, model, seen, n);
  }

  @Override
  public List<SimilarTitles.Similar> similar(int n) {
    return SimilarTitles.of(ItemFactors.fromRows(model.itemFactors().orderBy("id").collectAsList()), n);
  }
}
