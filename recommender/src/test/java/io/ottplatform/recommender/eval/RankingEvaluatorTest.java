package io.ottplatform.recommender.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingEvaluatorTest {

  // 4 training profiles; how many watched each item: A 4, B 2, C 1, D 1, E 2 (catalog of 5)
  static final Map<String, Long> VIEWERS = Map.of("A", 4L, "B", 2L, "C", 1L, "D", 1L, "E", 2L);

  @Test
  void givesTheHandComputedValuesOnASmallCase() {
    RankingEvaluator evaluator = new RankingEvaluator(10, VIEWERS, 4, 5);
    Map<String, Set<String>> heldOut = Map.of(
        "u1", Set.of("B", "D"),  // hits at ranks 1 and 3
        "u2", Set.of("A"),       // no hit
        "u3", Set.of(),          // nothing held out: not evaluated
        "u4", Set.of("E"));      // no list at all: scores 0
    Map<String, List<String>> lists = Map.of(
        "u1", List.of("B", "C", "D"),
        "u2", List.of("E", "C"),
        "u3", List.of("A"));

    RankingMetrics m = evaluator.evaluate(heldOut, lists);

    // u1: DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3); NDCG = 0.91972...; others 0; mean over 3
    double ndcgU1 = 1.5 / (1 + 1 / (Math.log(3) / Math.log(2)));
    assertThat(m.users()).isEqualTo(3);
    assertThat(m.ndcg()).as("ndcg@10").isCloseTo(ndcgU1 / 3, within(1e-12));
    assertThat(m.ndcg()).isCloseTo(0.3065735963827292, within(1e-12));
    assertThat(m.precision()).as("precision@10 = 2 hits / 10, / 3 users").isCloseTo(0.2 / 3, within(1e-12));
    assertThat(m.recall()).as("recall@10 = (2/2) / 3 users").isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.map()).as("AP(u1) = (1/1 + 2/3) / 2").isCloseTo((1 + 2.0 / 3) / 2 / 3, within(1e-12));
    assertThat(m.coverage()).as("B, C, D, E of 5 titles").isCloseTo(0.8, within(1e-12));
    // self-information: B 1 bit, C 2, D 2 (u1); E 1, C 2 (u2): 8 bits over 5 recommendations
    assertThat(m.novelty()).isCloseTo(1.6, within(1e-12));
  }

  @Test
  void cutsListsAtKAndDividesPrecisionByK() {
    RankingEvaluator evaluator = new RankingEvaluator(2, VIEWERS, 4, 5);

    RankingMetrics late = evaluator.evaluate(Map.of("u", Set.of("B")), Map.of("u", List.of("A", "C", "B")));
    RankingMetrics first = evaluator.evaluate(Map.of("u", Set.of("B")), Map.of("u", List.of("B")));

    assertThat(late.ndcg()).as("a hit below the cut-off does not count").isZero();
    assertThat(late.recall()).isZero();
    assertThat(first.ndcg()).isEqualTo(1.0);
    assertThat(first.precision()).as("one hit in a list of one, still over k = 2").isEqualTo(0.5);
    assertThat(first.map()).isEqualTo(1.0);
  }

  @Test
  void aPerfectRankingScoresOne() {
    RankingEvaluator evaluator = new RankingEvaluator(10, VIEWERS, 4, 5);

    RankingMetrics m = evaluator.evaluate(Map.of("u", Set.of("C", "D")), Map.of("u", List.of("D", "C", "A")));

    assertThat(m.ndcg()).isCloseTo(1.0, within(1e-12));
    assertThat(m.map()).isCloseTo(1.0, within(1e-12));
    assertThat(m.recall()).isCloseTo(1.0, within(1e-12));
  }
}
