package io.ottplatform.recommender.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EaseTest {

  @Test
  void theInverseTimesTheMatrixIsTheIdentity() {
    int n = 60;
    Random random = new Random(5);
    double[] x = new double[n * 40];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble() < 0.2 ? 1 : 0;
    }
    double[] a = new double[n * n]; // XᵀX + 3I over 40 rows: symmetric positive definite
    for (int r = 0; r < 40; r++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i * n + j] += x[i * 40 + r] * x[j * 40 + r];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      a[i * n + i] += 3;
    }
    double[] inverse = a.clone();

    SymmetricInverse.invert(inverse, n);

    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += a[i * n + k] * inverse[k * n + j];
        }
        assertThat(s).as("(A·A⁻¹)[%d][%d]", i, j).isCloseTo(i == j ? 1 : 0, within(1e-9));
      }
    }
  }

  @Test
  void aMatrixThatIsNotPositiveDefiniteIsRefusedByRow() {
    assertThatThrownBy(() -> SymmetricInverse.invert(new double[] {1, 2, 2, 1}, 2))
        .hasMessageContaining("not positive definite at row 1");
  }

  /**
   * Titles 10 and 11 are always watched together, 12 and 13 too; 14 is watched by everyone. A profile that
   * watched only 10 should get 11 first: co-watching, not popularity.
   */
  @Test
  void weightsFollowCoWatchingAndTheDiagonalIsZero() {
    int[] items = {10, 11, 12, 13, 14};
    int[][] profiles = {{10, 11, 14}, {10, 11, 14}, {10, 11, 14}, {12, 13, 14}, {12, 13, 14}, {12, 13, 14}, {14}};
    double[] gram = new double[25];
    for (int[] p : profiles) {
      for (int a : p) {
        for (int b : p) {
          gram[(a - 10) * 5 + (b - 10)] += 1;
        }
      }
    }

    float[] b = TrainedEase.weights(gram, 5, 1.0);
    List<TopN.Scored> top = TrainedEase.topN(new TrainedEase.Weights(items, b), new int[] {10}, 3);

    for (int i = 0; i < 5; i++) {
      assertThat(b[i * 5 + i]).isZero();
    }
    assertThat(top.get(0).item()).as("the title always watched with 10").isEqualTo(11);
    assertThat(top).extracting(TopN.Scored::item).doesNotContain(10);
    assertThat(b[0 * 5 + 1]).as("10 -> 11").isGreaterThan(b[0 * 5 + 2]).isGreaterThan(-1e-3f);
  }

  @Test
  void lambdaMustBePositive() {
    assertThatThrownBy(() -> new EaseParams(0)).hasMessageContaining("lambda must be > 0: 0.0");
  }
}
