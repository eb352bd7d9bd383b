package io.ottplatform.recommender.model;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A fitted model, whatever its family: top-n per profile and similar titles, over integer ids. */
public interface Trained {

  ModelSpec spec();

  /**
   * @param seen {@code user INT, seen ARRAY<INT>} (see {@link Recommend#seen}): the profiles to score and
   *     what each already watched (never recommended)
   * @return {@code user INT, rank INT, item INT, score FLOAT} ({@link Recommend#SCHEMA})
   */
  Dataset<Row> recommend(SparkSession spark, Dataset<Row> seen, int n);

  /** For every item the model knows, its n most similar items. */
  List<SimilarTitles.Similar> similar(int n);
}
