package io.ottplatform.recommender.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  static final double TRUE_DIFFERENCE = 0.03;

  /**
   * Synthetic per-profile NDCGs with a known effect: a baseline score per profile (wide spread, as real
   * NDCGs are: many profiles at 0), and a candidate = baseline + TRUE_DIFFERENCE + noise with mean 0, so
   * the population's mean paired difference is exactly TRUE_DIFFERENCE.
   */
  static Map<String, Double>[] sample(int profiles, SplittableRandom random) {
    Map<String, Double> baseline = new HashMap<>();
    Map<String, Double> candidate = new HashMap<>();
    for (int p = 0; p < profiles; p++) {
      double b = random.nextDouble() < 0.4 ? 0 : random.nextDouble();
      double noise = (random.nextDouble() - 0.5) * 0.4; // uniform, mean 0
      baseline.put("p" + p, b);
      candidate.put("p" + p, b + TRUE_DIFFERENCE + noise);
    }
    @SuppressWarnings("unchecked")
    Map<String, Double>[] pair = new Map[] {candidate, baseline};
    return pair;
  }

  @Test
  void theNinetyFivePercentIntervalCoversTheTrueDifferenceAboutNinetyFiveTimesInAHundred() {
    SplittableRandom random = new SplittableRandom(2026);
    int datasets = 400;
    int covered = 0;
    for (int d = 0; d < datasets; d++) {
      Map<String, Double>[] s = sample(300, random);
      Bootstrap.Interval i = new Bootstrap(1000, 0.95, d).pairedDifference(s[0], s[1]);
      if (i.low() <= TRUE_DIFFERENCE && TRUE_DIFFERENCE <= i.high()) {
        covered++;
      }
    }
    // binomial(400, 0.95) lies in [365, 394] with probability > 0.999; the percentile bootstrap runs a
    // little narrow at n = 300, so the lower bound allows for that
    assertThat(covered).as("datasets of %d whose interval covers the true difference", datasets).isBetween(360, 396);
  }

  @Test
  void pairingDetectsADifferenceThatTheTwoSeparateIntervalsCannotSeparate() {
    Map<String, Double>[] s = sample(300, new SplittableRandom(7));
    Bootstrap bootstrap = new Bootstrap(1000, 0.95, 1);

    Bootstrap.Interval candidate = bootstrap.mean(s[0]);
    Bootstrap.Interval baseline = bootstrap.mean(s[1]);
    Bootstrap.Interval difference = bootstrap.pairedDifference(s[0], s[1]);

    assertThat(candidate.low()).as("the separate intervals overlap").isLessThan(baseline.high());
    assertThat(difference.low()).as("the paired difference's lower bound").isPositive();
    assertThat(difference.estimate()).isCloseTo(candidate.estimate() - baseline.estimate(),
        org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void aProfileMissingOnOneSideScoresZeroThereAndTheSameSeedGivesTheSameInterval() {
    Map<String, Double> candidate = Map.of("a", 1.0, "b", 0.5);
    Map<String, Double> baseline = Map.of("a", 0.5, "c", 0.5);

    Bootstrap.Interval d = new Bootstrap(200, 0.9, 3).pairedDifference(candidate, baseline);

    assertThat(d.profiles()).isEqualTo(3);
    assertThat(d.estimate()).isCloseTo((0.5 + 0.5 - 0.5) / 3, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(new Bootstrap(200, 0.9, 3).pairedDifference(candidate, baseline)).isEqualTo(d);
  }
}
