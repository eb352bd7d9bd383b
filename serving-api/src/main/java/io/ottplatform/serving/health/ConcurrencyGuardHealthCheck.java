package io.ottplatform.serving.health;

import com.codahale.metrics.health.HealthCheck;
import io.ottplatform.serving.config.ConcurrencyGuardConfig;
import io.ottplatform.serving.playback.ConcurrencyGuardClient;

/**
 * Reports whether the concurrency guard answers in the contract's format. Under DENY an unavailable
 * guard refuses every grant, so the check fails; under ALLOW playback goes on without the stream
 * limit, so the check stays healthy (a load balancer must not take serving-api out for it) but says
 * "degraded" with the reason, and {@code ott_playback_guard_unavailable_decisions_total} counts the
 * grants nobody limited.
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
    ConcurrencyGuardClient.Lookup probe = guard.activeStreams("health-probe");
    if (probe.available()) {
      return Result.healthy();
    }
    return policy == ConcurrencyGuardConfig.WhenUnavailable.DENY
        ? Result.unhealthy("concurrency guard unavailable: playback is refused (policy DENY): " + probe.problem())
        : Result.builder().healthy().withMessage("degraded: concurrency guard unavailable, playback allowed without"
            + " the stream limit (policy ALLOW): " + probe.problem()).withDetail("degraded", true).build();
  }
}
