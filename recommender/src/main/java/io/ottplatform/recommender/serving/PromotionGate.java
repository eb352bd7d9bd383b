package io.ottplatform.recommender.serving;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a candidate run may replace what serving uses. The candidate must beat the current
 * control model on the chosen metric by the margin: absolute (candidate ≥ current + minLift) or
 * relative (candidate ≥ current × (1 + minLift)). With nothing served yet any candidate passes. A
 * current model promoted on another metric cannot be compared, so the gate refuses rather than guess.
 * Both figures are offline metrics of their own runs: they compare fairly when the runs used the same
 * protocol on comparable data, which is why each run records its input snapshot.
 */
public record PromotionGate(String metric, double minLift, boolean relative) {

  public record Decision(boolean promote, String reason) {}

  public Decision decide(double candidate, Optional<ServingModel> current) {
    if (current.isEmpty()) {
      return new Decision(true, String.format(Locale.ROOT, "nothing is served yet: promoting (%s=%.4f)", metric, candidate));
    }
    ServingModel c = current.get();
    if (!c.metricName().equals(metric)) {
      return new Decision(false, "the serving model " + c.modelVersion() + " was promoted on " + c.metricName()
          + ", not " + metric + ": rerun promote with --metric " + c.metricName());
    }
    double required = relative ? c.metricValue() * (1 + minLift) : c.metricValue() + minLift;
    String comparison = String.format(Locale.ROOT, "candidate %s=%.4f, serving %s %s=%.4f, required >= %.4f (%s lift %s)",
        metric, candidate, c.modelVersion(), metric, c.metricValue(), required, relative ? "relative" : "absolute",
        minLift);
    return candidate >= required
        ? new Decision(true, "promoting: " + comparison)
        : new Decision(false, "refused: " + comparison);
  }
}
