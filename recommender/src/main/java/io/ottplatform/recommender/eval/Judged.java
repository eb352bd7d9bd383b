package io.ottplatform.recommender.eval;

import java.util.Map;

/**
 * A model's metrics on one split and each evaluated profile's NDCG@10, which the bootstrap resamples
 * (confidence intervals over profiles, paired differences against the baseline on the same profiles).
 */
public record Judged(RankingMetrics metrics, Map<String, Double> ndcgByProfile) {

  public Judged {
    ndcgByProfile = Map.copyOf(ndcgByProfile);
  }
}
