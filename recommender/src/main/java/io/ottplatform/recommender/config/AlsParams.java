package io.ottplatform.recommender.config;

import io.ottplatform.recommender.model.ModelSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hyper-parameters of one implicit ALS fit; recorded with every run. */
public record AlsParams(int rank, double regParam, double alpha, int maxIter, long seed) implements ModelSpec {

  /** Spark's own defaults (ALS: rank 10, maxIter 10, regParam 0.1, alpha 1): the benchmark's reference. */
  public static AlsParams sparkDefaults(long seed) {
    return new AlsParams(10, 0.1, 1, 10, seed);
  }

  @Override
  public String algorithm() {
    return "als";
  }

  public AlsParams {
    if (rank <= 0 || maxIter <= 0 || regParam < 0 || alpha < 0) {
      throw new IllegalArgumentException("invalid ALS parameters: rank=" + rank + " maxIter=" + maxIter
          + " regParam=" + regParam + " alpha=" + alpha + " (rank, maxIter > 0; regParam, alpha >= 0)");
    }
  }

  public AlsParams with(int newRank, double newReg, double newAlpha) {
    return new AlsParams(newRank, newReg, newAlpha, maxIter, seed);
  }

  @Override
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("rank", Integer.toString(rank));
    m.put("reg_param", Double.toString(regParam));
    m.put("alpha", Double.toString(alpha));
    m.put("max_iter", Integer.toString(maxIter));
    m.put("seed", Long.toString(seed));
    return m;
  }

  @Override
  public String label() {
    return "als rank=" + rank + " reg=" + regParam + " alpha=" + alpha + " iter=" + maxIter;
  }
}
