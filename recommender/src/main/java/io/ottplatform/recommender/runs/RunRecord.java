package io.ottplatform.recommender.runs;

import java.time.Instant;
import java.util.Map;

/**
 * One row of {@code ml.model_runs}.
 *
 * @param command train (outputs written, promotable), evaluate or grid (metrics only)
 * @param metrics the model's offline metrics ({@code ndcg_at_10}, ...)
 * @param baselineMetrics the popularity baseline's metrics on the same split
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
    long heldOutInteractions) {

  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("run " + runId + " has no metric " + name + " (has " + metrics.keySet() + ")");
    }
    return v;
  }
}
