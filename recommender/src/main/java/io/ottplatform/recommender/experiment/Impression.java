package io.ottplatform.recommender.experiment;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** One recommendation list a profile was shown (a row of {@code ml.impressions}). */
public record Impression(String impressionId, Instant servedAt, String arm, List<String> titleIds) implements Serializable {

  public Impression {
    titleIds = List.copyOf(titleIds);
  }
}
