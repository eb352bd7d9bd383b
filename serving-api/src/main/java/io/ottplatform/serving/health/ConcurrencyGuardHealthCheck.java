package io.ottplatform.serving.health;

import com.codahale.metrics.health.HealthCheck;
import io.ottplatform.serving.config.ConcurrencyGuardConfig;
import io.ottplatform.serving.core.ConcurrencyGuardClient;

/**
 * Reports whether the concurrency guard answers. With the ALLOW policy an unreachable guard only
 * degrades enforcement, so it is reported healthy with a warning message rather than failing.
 */
public class ConcurrencyGuardHealthCheck extends HealthCheck {

  private final ConcurrencyGuardClient guard;
  private final ConcurrencyGuardConfig.WhenUnavailable policy;

  public ConcurrencyGuardHealthCheck(ConcurrencyGuardClient guard, ConcurrencyGuardConfig.WhenUnavailable policy) {
    this.guard = guard;
    this.policy = policy;
  }

  @Override
  protected Result check() {
    if (guard.activeStreams("health-probe").isPresent()) {
      return Result.healthy();
    }
    return policy == ConcurrencyGuardConfig.WhenUnavailable.DENY
        ? Result.unhealthy("concurrency guard unreachable: playback is refused (policy DENY)")
        : Result.healthy("concurrency guard unreachable: playback allowed without the stream limit (policy ALLOW)");
  }
}
