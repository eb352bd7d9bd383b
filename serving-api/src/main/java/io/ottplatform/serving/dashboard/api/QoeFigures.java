package io.ottplatform.serving.dashboard.api;

import io.ottplatform.qoe.queries.LiveQoe;

/**
 * The QoE of one dimension value (or of everything: {@code value} "all") over a range, as the dashboard shows it.
 * Rates are ratios of the range's sums and the startup percentiles come from the merged sketch (libs/qoe-queries);
 * the sums are included so a client can add ranges or groups up again.
 *
 * @param concurrentPlays concurrent plays in the range's latest minute with activity
 * @param peakConcurrentPlays the largest per-minute concurrent plays in the range
 */
public record QoeFigures(String value, long minutes, long views, long plays, long viewsEnded,
    Double startupTimeP50Ms, Double startupTimeP95Ms, double rebufferingRatio, double videoStartFailureRate,
    double videoPlaybackFailureRate, double exitBeforeVideoStartRate, long concurrentPlays, long peakConcurrentPlays,
    long videoStartFailures, long videoPlaybackFailures, long exitsBeforeVideoStart, long rebufferDurationMs,
    long playingTimeMs) {

  public static QoeFigures of(LiveQoe q, long concurrentPlays) {
    return new QoeFigures(q.dimensionValue(), q.minutes(), q.viewsStarted(), q.plays(), q.viewsEnded(),
        q.startupTimeMs(0.5), q.startupTimeMs(0.95), q.rebufferingRatio(), q.videoStartFailureRate(),
        q.videoPlaybackFailureRate(), q.exitBeforeVideoStartRate(), concurrentPlays, q.peakConcurrentPlays(),
        q.videoStartFailures(), q.videoPlaybackFailures(), q.exitsBeforeVideoStart(), q.rebufferDurationMs(),
        q.playingTimeMs());
  }
}
