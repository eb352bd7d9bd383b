package io.ottplatform.recommender.runs;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code ml.model_runs}.
 *
 * @param command train (outputs written, promotable), evaluate or grid (metrics only)
 * @param metrics the chosen model's test metrics ({@code ndcg_at_10}, ...), their bootstrap intervals
 *     ({@code ndcg_at_10_ci_low}, ...), the paired difference against popularity
 *     ({@code ndcg_at_10_diff_vs_popularity[_ci_low|_ci_high]}) and the selection figure
 *     ({@code validation_ndcg_at_10})
 * @param baselineMetrics the popularity baseline's metrics on the same test split
 * @param protocol how the run was judged: split, selection, test, interval, each candidate's validation figure
 */
public record RunRecord(
    String runId,
    String command,
    Instant startedAt,
    long durationMs,
    String algorithm,
    Map<String, String> params,
    Map<String, Double> metrics,
    Map<String, Double> baselineMetrics,
    String inputTable,
    Long inputSnapshotId,
    String codeVersion,
    boolean outputsWritten,
    long trainingInteractions,
    long heldOutInteractions,
    Map<String, String> protocol) {

  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("run " + runId + " has no metric " + name + " (has " + metrics.keySet() + ")");
    }
    return v;
  }
}
