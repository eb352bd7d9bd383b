package io.ottplatform.recommender.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Offline metrics of one recommender over the held-out interactions, all at cut-off {@link #K}.
 *
 * @param users profiles evaluated (with held-out items and training history)
 */
public record RankingMetrics(double ndcg, double precision, double recall, double map, double coverage,
    double novelty, long users) {

  public static final int K = 10;

  /** The names ml.model_runs and the promotion gate use ({@code ndcg_at_10}, ...). */
  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("ndcg_at_" + K, ndcg);
    m.put("precision_at_" + K, precision);
    m.put("recall_at_" + K, recall);
    m.put("map_at_" + K, map);
    m.put("catalog_coverage", coverage);
    m.put("novelty", novelty);
    m.put("evaluated_users", (double) users);
    return m;
  }

  public static RankingMetrics fromMap(Map<String, Double> m) {
    return new RankingMetrics(m.getOrDefault("ndcg_at_" + K, 0.0), m.getOrDefault("precision_at_" + K, 0.0),
        m.getOrDefault("recall_at_" + K, 0.0), m.getOrDefault("map_at_" + K, 0.0),
        m.getOrDefault("catalog_coverage", 0.0), m.getOrDefault("novelty", 0.0),
        m.getOrDefault("evaluated_users", 0.0).longValue());
  }
}
