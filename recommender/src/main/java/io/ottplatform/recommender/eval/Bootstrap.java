package io.ottplatform.recommender.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Percentile bootstrap over profiles (Efron & Tibshirani 1993, ch. 13): the evaluated profiles are
 * resampled with replacement, the mean recomputed each time, and the interval is the central
 * {@code confidence} share of those means. A paired difference resamples the same profiles for both
 * models, so what two models share (a profile whose held-out titles nobody could guess) cancels out,
 * which is what makes a small real difference detectable. Deterministic per seed.
 */
public record Bootstrap(int resamples, double confidence, long seed) {

  /** A point estimate (the mean over all profiles) and its interval. */
  public record Interval(double estimate, double low, double high, int profiles) {

    public boolean excludesZeroFromAbove() {
      return low > 0;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", estimate, low, high);
    }
  }

  public Bootstrap {
    if (resamples < 100 || confidence <= 0 || confidence >= 1) {
      throw new IllegalArgumentException("bootstrap needs resamples >= 100 and 0 < confidence < 1: resamples="
          + resamples + ", confidence=" + confidence);
    }
  }

  /** The mean of the per-profile values and its interval. */
  public Interval mean(Map<String, Double> perProfile) {
    return interval(values(perProfile, new TreeSet<>(perProfile.keySet())));
  }

  /**
   * The mean of candidate − baseline over the profiles either was evaluated on (a profile missing from
   * one side scores 0 there, as the evaluator scores a profile without a list).
   */
  public Interval pairedDifference(Map<String, Double> candidate, Map<String, Double> baseline) {
    TreeSet<String> profiles = new TreeSet<>(candidate.keySet());
    profiles.addAll(baseline.keySet());
    double[] c = values(candidate, profiles);
    double[] b = values(baseline, profiles);
    double[] d = new double[c.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = c[i] - b[i];
    }
    return interval(d);
  }

  private Interval interval(double[] x) {
    int n = x.length;
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] means = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += x[random.nextInt(n)];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    double tail = (1 - confidence) / 2;
    return new Interval(Arrays.stream(x).average().orElse(Double.NaN), quantile(means, tail), quantile(means, 1 - tail), n);
  }

  private static double quantile(double[] sorted, double q) {
    int i = (int) Math.floor(q * (sorted.length - 1));
    int j = Math.min(sorted.length - 1, i + 1);
    double frac = q * (sorted.length - 1) - i;
    return sorted[i] + frac * (sorted[j] - sorted[i]);
  }

  private static double[] values(Map<String, Double> perProfile, TreeSet<String> profiles) {
    List<Double> out = new ArrayList<>(profiles.size());
    for (String p : profiles) {
      out.add(perProfile.getOrDefault(p, 0.0));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
