package io.ottplatform.serving.recommendations;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;

/**
 * Prometheus counters of the recommendation endpoints. {@code source} tells how often the model
 * answered and how often a fallback did (popular: cold start or filtered out; catalog: no popular
 * list either), per arm, so an experiment's coverage is visible next to its take-rate.
 */
public final class RecommendationMetrics {

  private final Counter served = Counter.build("ott_recommendations_served_total",
          "Recommendation responses by surface, source of the first item and A/B arm")
      .labelNames("surface", "source", "arm").create();
  private final Counter toppedUp = Counter.build("ott_recommendations_topped_up_total",
          "Personalized lists shorter than the limit after the rules, filled from popular/catalog titles")
      .labelNames("surface").create();
  private final Counter impressions = Counter.build("ott_recommendations_impressions_total",
          "Impressions by outcome: written, dropped (queue full) or failed (insert error)")
      .labelNames("outcome").create();

  public void register(CollectorRegistry registry) {
    registry.register(served);
    registry.register(toppedUp);
    registry.register(impressions);
  }

  void served(String surface, String source, String arm) {
    served.labels(surface, source, arm).inc();
  }

  void toppedUp(String surface) {
    toppedUp.labels(surface).inc();
  }

  void impressions(String outcome, int n) {
    impressions.labels(outcome).inc(n);
  }

  public double impressionCount(String outcome) {
    return impressions.labels(outcome).get();
  }
}
