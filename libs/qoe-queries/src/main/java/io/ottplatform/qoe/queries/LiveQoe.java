package io.ottplatform.qoe.queries;

import io.ottplatform.schemas.qoe.QuantileSketch;

/**
 * Live QoE of one dimension value over a range of minutes, as sums: every rate is a ratio of the summed numerator
 * and denominator (never an average of per-minute rates) and every percentile comes from the merged startup-time
 * sketch (never an average of per-minute percentiles), as docs/qoe.md defines them per window.
 *
 * @param dimensionValue e.g. a CDN's name; {@code all} for the GLOBAL row
 * @param minutes minutes of {@code qoe_minute} in the range that had activity
 * @param peakConcurrentPlays the largest per-minute concurrent plays: distinct sessions cannot be summed over minutes
 * @param startupTimes the merged sketch of the range's startup times (empty when no view started playing)
 */
public record LiveQoe(String dimensionValue, long minutes, long viewsStarted, long plays, long peakConcurrentPlays,
    long viewsEnded, long videoStartFailures, long videoPlaybackFailures, long exitsBeforeVideoStart,
    long rebufferDurationMs, long playingTimeMs, QuantileSketch startupTimes) {

  public double videoStartFailureRate() {
    return share(videoStartFailures, viewsEnded);
  }

  public double videoPlaybackFailureRate() {
    return share(videoPlaybackFailures, viewsEnded);
  }

  public double exitBeforeVideoStartRate() {
    return share(exitsBeforeVideoStart, viewsEnded);
  }

  /** Sum of stall time / sum of (stall + playing time) over the views ended in the range; 0 when both are 0. */
  public double rebufferingRatio() {
    long denominator = rebufferDurationMs + playingTimeMs;
    return denominator == 0 ? 0.0 : (double) rebufferDurationMs / denominator;
  }

  /** The startup time at {@code rank} (0.5 for the median) of the merged sketch; null without plays. */
  public Double startupTimeMs(double rank) {
    return startupTimes.quantile(rank);
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }
}
