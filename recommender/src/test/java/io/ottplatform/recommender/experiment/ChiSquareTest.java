package io.ottplatform.recommender.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTest {

  @Test
  void upperTailMatchesTheTablesCriticalValues() {
    // critical values from the standard chi-square table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4)
    assertThat(ChiSquare.upperTail(3.841458820694124, 1)).isCloseTo(0.05, within(1e-9));
    assertThat(ChiSquare.upperTail(10.827566170662733, 1)).isCloseTo(0.001, within(1e-9));
    assertThat(ChiSquare.upperTail(13.815510557964274, 2)).isCloseTo(0.001, within(1e-9));
    assertThat(ChiSquare.upperTail(7.814727903251178, 3)).isCloseTo(0.05, within(1e-9));
    assertThat(ChiSquare.upperTail(0.4549364231195724, 1)).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void twoDegreesOfFreedomIsTheExponentialTail() {
    for (double x : new double[] {0.1, 1, 5, 20, 60}) {
      assertThat(ChiSquare.upperTail(x, 2)).as("x=%s", x).isCloseTo(Math.exp(-x / 2), within(1e-12));
    }
  }

  @Test
  void logGammaMatchesKnownValues() {
    assertThat(ChiSquare.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
    assertThat(ChiSquare.logGamma(1)).isCloseTo(0, within(1e-12));
    assertThat(ChiSquare.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
    assertThat(ChiSquare.logGamma(30)).isCloseTo(71.257038967168009, within(1e-12));
  }

  @Test
  void edges() {
    assertThat(ChiSquare.upperTail(0, 3)).isEqualTo(1);
    assertThat(ChiSquare.upperTail(Double.POSITIVE_INFINITY, 1)).isZero();
  }
}
