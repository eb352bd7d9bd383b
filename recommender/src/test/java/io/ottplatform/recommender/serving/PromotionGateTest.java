package io.ottplatform.recommender.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionGateTest {

  static final Optional<ServingModel> SERVING = Optional.of(new ServingModel("run-a", "run-a", "ndcg_at_10", 0.30));

  @Test
  void absoluteMarginRefusesACandidateThatIsNotEnoughBetter() {
    PromotionGate gate = new PromotionGate("ndcg_at_10", 0.01, false);

    assertThat(gate.decide(0.305, SERVING).promote()).isFalse();
    assertThat(gate.decide(0.20, SERVING).reason()).contains("refused").contains("0.2000").contains("0.3100");
    assertThat(gate.decide(0.3101, SERVING).promote()).isTrue();
  }

  @Test
  void relativeMarginScalesWithTheServingMetric() {
    PromotionGate gate = new PromotionGate("ndcg_at_10", 0.10, true);

    assertThat(gate.decide(0.32, SERVING).promote()).as("needs 0.33").isFalse();
    assertThat(gate.decide(0.331, SERVING).promote()).isTrue();
  }

  @Test
  void anyCandidatePassesWhenNothingIsServed() {
    assertThat(new PromotionGate("ndcg_at_10", 0.01, false).decide(0.01, Optional.empty()).promote()).isTrue();
  }

  @Test
  void refusesToCompareDifferentMetrics() {
    PromotionGate.Decision d = new PromotionGate("map_at_10", 0.0, false).decide(0.99, SERVING);

    assertThat(d.promote()).isFalse();
    assertThat(d.reason()).contains("ndcg_at_10");
  }
}
