package io.ottplatform.recommender.model;

import java.util.Map;

/** What to fit: a model family and its hyper-parameters, recorded with every run. */
public interface ModelSpec {

  /** The family, as ml.model_runs and rec_models name it: {@code als}, {@code ease}. */
  String algorithm();

  /** One line for logs and tables, e.g. {@code als rank=64 reg=0.5 alpha=1.0 iter=10}. */
  String label();

  /** The hyper-parameters by the names ml.model_runs records. */
  Map<String, String> asMap();
}
