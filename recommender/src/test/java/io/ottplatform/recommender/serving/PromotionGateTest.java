package io.ottplatform.recommender.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

  static final Optional<ServingModel> SERVING = Optional.of(new ServingModel("run-a", "run-a", "ndcg_at_10", 0.30));
  static final PromotionGate ABSOLUTE = new PromotionGate("ndcg_at_10", 0.01, false);

  /** A run that beats popularity (0.20) with the given NDCG: the paired difference's interval is well above 0. */
  static PromotionGate.Candidate beatingPopularity(double ndcg) {
    return candidate(ndcg, 0.20, ndcg - 0.20 - 0.02, ndcg - 0.20 + 0.02);
  }

  static PromotionGate.Candidate candidate(double ndcg, double popularity, double diffLow, double diffHigh) {
    return new PromotionGate.Candidate("run-b", Map.of("ndcg_at_10", ndcg, "map_at_10", ndcg / 2,
        "ndcg_at_10_diff_vs_popularity", ndcg - popularity, "ndcg_at_10_diff_vs_popularity_ci_low", diffLow,
        "ndcg_at_10_diff_vs_popularity_ci_high", diffHigh, "evaluated_users", 300.0), Map.of("ndcg_at_10", popularity));
  }

  @Test
  void refusesACandidateBelowPopularityEvenWhenNothingIsServed() {
    PromotionGate.Decision d = ABSOLUTE.decide(candidate(0.18, 0.35, -0.19, -0.15), Optional.empty());

    assertThat(d.promote()).isFalse();
    assertThat(d.verdict()).isEqualTo(PromotionGate.Verdict.BELOW_POPULARITY);
    assertThat(d.reason()).contains("does not beat popularity").contains("0.1800").contains("0.3500")
        .contains("[-0.1900, -0.1500]").contains("300 profiles");
  }

  @Test
  void refusesACandidateWhoseIntervalTouchesZeroThoughItsEstimateIsAbove() {
    PromotionGate.Decision d = ABSOLUTE.decide(candidate(0.36, 0.35, -0.005, 0.025), Optional.empty());

    assertThat(d.verdict()).isEqualTo(PromotionGate.Verdict.BELOW_POPULARITY);
  }

  @Test
  void refusesARunRecordedBeforeTheProtocol() {
    PromotionGate.Decision d = ABSOLUTE.decide(new PromotionGate.Candidate("run-old", Map.of("ndcg_at_10", 0.9),
        Map.of("ndcg_at_10", 0.1)), Optional.empty());

    assertThat(d.promote()).isFalse();
    assertThat(d.reason()).contains("no paired difference");
  }

  @Test
  void absoluteMarginRefusesACandidateThatIsNotEnoughBetterThanServing() {
    assertThat(ABSOLUTE.decide(beatingPopularity(0.305), SERVING).verdict()).isEqualTo(PromotionGate.Verdict.BELOW_SERVING);
    assertThat(ABSOLUTE.decide(beatingPopularity(0.25), SERVING).reason()).contains("refused").contains("0.2500")
        .contains("0.3100");
    assertThat(ABSOLUTE.decide(beatingPopularity(0.3101), SERVING).promote()).isTrue();
  }

  @Test
  void relativeMarginScalesWithTheServingMetric() {
    PromotionGate gate = new PromotionGate("ndcg_at_10", 0.10, true);

    assertThat(gate.decide(beatingPopularity(0.32), SERVING).promote()).as("needs 0.33").isFalse();
    assertThat(gate.decide(beatingPopularity(0.331), SERVING).promote()).isTrue();
  }

  @Test
  void aCandidateAbovePopularityPassesWhenNothingIsServed() {
    PromotionGate.Decision d = ABSOLUTE.decide(beatingPopularity(0.25), Optional.empty());

    assertThat(d.promote()).isTrue();
    assertThat(d.reason()).contains("nothing is served yet").contains("[0.0300, 0.0700]");
  }

  @Test
  void refusesToCompareDifferentMetrics() {
    PromotionGate.Decision d = new PromotionGate("map_at_10", 0.0, false).decide(beatingPopularity(0.99), SERVING);

    assertThat(d.verdict()).isEqualTo(PromotionGate.Verdict.INCOMPARABLE);
    assertThat(d.reason()).contains("ndcg_at_10");
  }
}
