package io.ottplatform.recommender.model;

import io.ottplatform.recommender.config.AlsParams;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Fits any {@link ModelSpec} on numbered interactions ({@code user, item, strength}). */
public final class Trainer {

  private Trainer() {}

  /** @param blocks ALS user and item blocks (one per core locally) */
  public static Trained fit(Dataset<Row> numbered, ModelSpec spec, int blocks) {
    if (spec instanceof AlsParams als) {
      return TrainedAls.fit(numbered, als, blocks);
    }
    if (spec instanceof EaseParams ease) {
      return TrainedEase.fit(numbered, ease);
    }
    throw new IllegalArgumentException("no trainer for model " + spec.label());
  }
}
