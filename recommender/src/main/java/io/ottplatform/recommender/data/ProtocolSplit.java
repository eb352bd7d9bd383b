package io.ottplatform.recommender.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The evaluation protocol's three splits, by time per profile: the test split is each profile's latest
 * max(1, ⌊holdout·n⌋) titles ({@link TimeSplit}), the validation split the same share of what is left,
 * and the rest trains. Tuning fits on {@code train} and selects on {@code validation}; the chosen model is
 * refit on train + validation and scored once on {@code test}. The validation split depends only on
 * train + validation rows, so nothing about the test rows can change what tuning sees.
 */
public record ProtocolSplit(Dataset<Row> train, Dataset<Row> validation, Dataset<Row> trainAndValidation,
    Dataset<Row> test) {

  public static ProtocolSplit of(Dataset<Row> interactions, double holdout) {
    TimeSplit outer = TimeSplit.of(interactions, holdout);
    TimeSplit inner = TimeSplit.of(outer.training(), holdout);
    return new ProtocolSplit(inner.training(), inner.heldOut(), outer.training(), outer.heldOut());
  }

  /** Fit on train, judge on validation. */
  public TimeSplit forValidation() {
    return new TimeSplit(train, validation);
  }

  /** Fit on train + validation, judge on test. */
  public TimeSplit forTest() {
    return new TimeSplit(trainAndValidation, test);
  }
}
