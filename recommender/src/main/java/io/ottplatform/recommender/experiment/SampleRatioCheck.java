package io.ottplatform.recommender.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sample-ratio-mismatch check (Fabijan et al., KDD 2019): profiles are assigned to arms by the configured split,
 * so the profiles seen per arm should follow it; a chi-square goodness-of-fit test against the split's shares
 * with a p-value below {@code alpha} (0.001 by convention, so a healthy experiment is flagged once in a thousand)
 * says the assignment or the logging is broken and no metric of the experiment can be trusted.
 *
 * @param observed profiles per arm (every arm of the split, 0 when none was seen, and any arm not in the split)
 * @param expected the split's share of each arm (0 for an arm not in the split)
 * @param chiSquare the statistic over the split's arms (infinite when an arm with no share has profiles)
 * @param pValue P(X >= chiSquare) with (arms - 1) degrees of freedom; 1 with a single arm (nothing to compare)
 */
public record SampleRatioCheck(Map<String, Long> observed, Map<String, Double> expected, double chiSquare,
    double pValue, double alpha) {

  public boolean mismatch() {
    return pValue < alpha;
  }

  /** Tests {@code observed} profiles per arm against {@code split} (arm → buckets, any positive total). */
  public static SampleRatioCheck of(Map<String, Long> observed, Map<String, Integer> split, double alpha) {
    double total = split.values().stream().mapToInt(Integer::intValue).sum();
    if (split.isEmpty() || total <= 0 || split.values().stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("the configured split must have non-negative shares summing above 0: " + split);
    }
    Map<String, Long> seen = new TreeMap<>(observed);
    split.keySet().forEach(arm -> seen.putIfAbsent(arm, 0L));
    Map<String, Double> shares = new LinkedHashMap<>();
    seen.keySet().forEach(arm -> shares.put(arm, split.getOrDefault(arm, 0) / total));
    long n = seen.values().stream().mapToLong(Long::longValue).sum();
    double chi = 0;
    int cells = 0;
    for (Map.Entry<String, Long> e : seen.entrySet()) {
      double expectedCount = n * shares.get(e.getKey());
      if (expectedCount == 0) {
        if (e.getValue() > 0) {
          chi = Double.POSITIVE_INFINITY; // profiles in an arm that should have none: certainly broken
        }
        continue;
      }
      double d = e.getValue() - expectedCount;
      chi += d * d / expectedCount;
      cells++;
    }
    double p = cells < 2 && !Double.isInfinite(chi) ? 1 : ChiSquare.upperTail(chi, Math.max(1, cells - 1));
    return new SampleRatioCheck(Map.copyOf(seen), Map.copyOf(shares), chi, p, alpha);
  }

  public List<String> arms() {
    return new TreeMap<>(observed).keySet().stream().toList();
  }
}
