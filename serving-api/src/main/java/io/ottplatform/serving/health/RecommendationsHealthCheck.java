package io.ottplatform.serving.health;

import com.codahale.metrics.health.HealthCheck;
import io.ottplatform.serving.recommendations.RecommendationCaches;
import java.time.Duration;

/**
 * Unhealthy when the catalog snapshot or the serving arms have not reloaded for longer than a grace
 * period (reloads keep failing): the
 * endpoints still answer from the previous snapshot, but switches and catalog edits no longer show.
 * No arms at all is healthy — every list then comes from the catalog fallback.
 */
public class RecommendationsHealthCheck extends HealthCheck {

  private final RecommendationCaches caches;
  private final Duration grace;

  public RecommendationsHealthCheck(RecommendationCaches caches, Duration grace) {
    this.caches = caches;
    this.grace = grace;
  }

  @Override
  protected Result check() {
    String problem = caches.problem(grace);
    if (problem != null) {
      return Result.unhealthy(problem);
    }
    return Result.healthy("%d titles in the snapshot (loaded %s), arms %s", caches.catalog().size(),
        caches.catalog().loadedAt(), caches.arms().arms());
  }
}
