package io.ottplatform.recommender.serving;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a candidate run may replace what serving uses. Two conditions, in this order:
 * <ol>
 *   <li>it beats the popularity baseline on its own test split: the lower bound of the bootstrap
 *       interval of the paired NDCG@10 difference (candidate − popularity, same profiles) is above zero.
 *       A model that cannot show it beats "the most watched titles" on the same profiles is not worth
 *       serving, whatever it is compared with next;</li>
 *   <li>it beats the current control model on the chosen metric by the margin: absolute (candidate ≥
 *       current + minLift) or relative (candidate ≥ current × (1 + minLift)). With nothing served yet
 *       this holds. A current model promoted on another metric cannot be compared, so the gate refuses
 *       rather than guess.</li>
 * </ol>
 * Both figures of the second condition are offline metrics of their own runs: they compare fairly when the
 * runs used the same protocol on comparable data, which is why each run records its input snapshot and
 * protocol.
 */
public record PromotionGate(String metric, double minLift, boolean relative) {

  /** Why a candidate was (not) promoted. */
  public enum Verdict { PROMOTE, BELOW_POPULARITY, BELOW_SERVING, INCOMPARABLE }

  public record Decision(Verdict verdict, String reason) {

    public boolean promote() {
      return verdict == Verdict.PROMOTE;
    }
  }

  /** What the gate reads of a run: its metrics and its popularity baseline's, as ml.model_runs records them. */
  public record Candidate(String runId, Map<String, Double> metrics, Map<String, Double> baselineMetrics) {}

  static final String DIFF = "ndcg_at_10_diff_vs_popularity";

  public Decision decide(Candidate candidate, Optional<ServingModel> current) {
    Double low = candidate.metrics().get(DIFF + "_ci_low");
    if (low == null) {
      return new Decision(Verdict.BELOW_POPULARITY, "refused: run " + candidate.runId() + " has no paired difference "
          + "against popularity (recorded before the train/validation/test protocol): train it again");
    }
    String vsPopularity = String.format(Locale.ROOT, "ndcg_at_10=%.4f vs popularity %.4f on test, paired difference "
            + "%.4f [%.4f, %.4f] (95%% bootstrap over %d profiles)", candidate.metrics().getOrDefault("ndcg_at_10", Double.NaN),
        candidate.baselineMetrics().getOrDefault("ndcg_at_10", Double.NaN), candidate.metrics().get(DIFF), low,
        candidate.metrics().getOrDefault(DIFF + "_ci_high", Double.NaN),
        candidate.metrics().getOrDefault("evaluated_users", 0.0).longValue());
    if (!(low > 0)) {
      return new Decision(Verdict.BELOW_POPULARITY, "refused: does not beat popularity: " + vsPopularity
          + "; the lower bound must be above 0");
    }
    double value = candidate.metrics().getOrDefault(metric, Double.NaN);
    if (current.isEmpty()) {
      return new Decision(Verdict.PROMOTE, String.format(Locale.ROOT, "promoting: beats popularity (%s); nothing is "
          + "served yet", vsPopularity));
    }
    ServingModel c = current.get();
    if (!c.metricName().equals(metric)) {
      return new Decision(Verdict.INCOMPARABLE, "refused: the serving model " + c.modelVersion() + " was promoted on "
          + c.metricName() + ", not " + metric + ": rerun promote with --metric " + c.metricName());
    }
    double required = relative ? c.metricValue() * (1 + minLift) : c.metricValue() + minLift;
    String comparison = String.format(Locale.ROOT, "candidate %s=%.4f, serving %s %s=%.4f, required >= %.4f (%s lift %s)",
        metric, value, c.modelVersion(), metric, c.metricValue(), required, relative ? "relative" : "absolute",
        minLift);
    return value >= required
        ? new Decision(Verdict.PROMOTE, "promoting: beats popularity (" + vsPopularity + ") and the serving model: "
            + comparison)
        : new Decision(Verdict.BELOW_SERVING, "refused: beats popularity (" + vsPopularity + ") but not the serving "
            + "model: " + comparison);
  }
}
