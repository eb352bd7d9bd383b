package io.ottplatform.recommender.model;

import io.ottplatform.recommender.config.AlsParams;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Implicit-feedback ALS (Hu, Koren, Volinsky 2008) over numbered interactions (user, item, strength). */
public final class AlsTrainer {

  private AlsTrainer() {}

  /**
   * @param blocks user and item blocks: one per core is enough locally; more on a cluster spreads the
   *     factor solve over more tasks
   */
  public static ALSModel fit(Dataset<Row> numbered, AlsParams params, int blocks) {
    ALS als = new ALS()
        .setImplicitPrefs(true)
        .setRank(params.rank())
        .setRegParam(params.regParam())
        .setAlpha(params.alpha())
        .setMaxIter(params.maxIter())
        .setSeed(params.seed())
        .setNumUserBlocks(blocks)
        .setNumItemBlocks(blocks)
        .setUserCol("user")
        .setItemCol("item")
        .setRatingCol("strength")
        .setColdStartStrategy("drop");
    return als.fit(numbered.select("user", "item", "strength"));
  }
}
