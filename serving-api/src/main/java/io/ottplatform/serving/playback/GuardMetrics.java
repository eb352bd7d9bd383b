package io.ottplatform.serving.playback;

import io.ottplatform.serving.config.ConcurrencyGuardConfig.WhenUnavailable;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;

/**
 * Prometheus counter of playback decisions taken without the concurrency guard, by policy
 * ({@code allow}: granted without the stream limit; {@code deny}: refused with 503). A rising
 * {@code allow} count is streams nobody limited.
 */
public final class GuardMetrics {

  private final Counter unavailable = Counter.build("ott_playback_guard_unavailable_decisions_total",
          "Playback decisions taken while the concurrency guard was unavailable, by the policy applied")
      .labelNames("policy").create();

  public void register(CollectorRegistry registry) {
    registry.register(unavailable);
  }

  void decidedWithoutGuard(WhenUnavailable policy) {
    unavailable.labels(label(policy)).inc();
  }

  public double decisionsWithoutGuard(WhenUnavailable policy) {
    return unavailable.labels(label(policy)).get();
  }

  private static String label(WhenUnavailable policy) {
    return policy.name().toLowerCase(java.util.Locale.ROOT);
  }
}
