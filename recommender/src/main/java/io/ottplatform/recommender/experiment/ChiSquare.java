package io.ottplatform.recommender.experiment;

/**
 * The chi-square distribution's upper tail, P(X >= x) for {@code df} degrees of freedom: the regularized upper
 * incomplete gamma function Q(df/2, x/2), by its series below a + 1 and its continued fraction above
 * (Numerical Recipes, 3rd ed., 6.2). Accurate to about 1e-12, far more than a p-value needs.
 */
final class ChiSquare {

  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;

  private ChiSquare() {}

  static double upperTail(double x, int df) {
    if (df < 1 || x < 0 || Double.isNaN(x)) {
      throw new IllegalArgumentException("chi-square needs df >= 1 and x >= 0: df=" + df + ", x=" + x);
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    double a = df / 2.0;
    double z = x / 2.0;
    if (z == 0) {
      return 1;
    }
    return z < a + 1 ? 1 - lowerSeries(a, z) : upperFraction(a, z);
  }

  private static double lowerSeries(double a, double z) {
    double term = 1 / a;
    double sum = term;
    for (int n = 1; n < 10_000; n++) {
      term *= z / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return sum * Math.exp(-z + a * Math.log(z) - logGamma(a));
  }

  private static double upperFraction(double a, double z) {
    double b = z + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < TINY ? TINY : d;
      c = b + an / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-z + a * Math.log(z) - logGamma(a)) * h;
  }

  /** ln Γ(x) for x > 0: Stirling's series at x >= 15, shifted there by Γ(x + 1) = x Γ(x) (error below 1e-13). */
  static double logGamma(double x) {
    if (x <= 0) {
      throw new IllegalArgumentException("logGamma needs x > 0: " + x);
    }
    double shift = 0;
    while (x < 15) {
      shift += Math.log(x);
      x += 1;
    }
    double inv = 1 / x;
    double inv2 = inv * inv;
    double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series - shift;
  }
}
