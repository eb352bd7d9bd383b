package io.ottplatform.recommender.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): an item-item weight matrix in
 * closed form, B = I − P·diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ over the binary profile × title matrix X.
 *
 * @param lambda the L2 penalty on B (larger: smoother, closer to popularity)
 */
public record EaseParams(double lambda) implements ModelSpec {

  public EaseParams {
    if (!(lambda > 0)) {
      throw new IllegalArgumentException("EASE lambda must be > 0: " + lambda);
    }
  }

  @Override
  public String algorithm() {
    return "ease";
  }

  @Override
  public String label() {
    return "ease lambda=" + lambda;
  }

  @Override
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("lambda", Double.toString(lambda));
    return m;
  }
}
