package io.ottplatform.serving.dashboard.api;

/**
 * One day's QoE from the lake (of everything: {@code value} "all", or of one value of the grouping), over the views
 * that started that UTC day. Rates are ratios of the day's sums, never averages of finer rows; the startup
 * percentiles are Trino's {@code approx_percentile} over the day's views (percentiles cannot be rolled up from the
 * daily table's). The sums are included so a client can add days or groups up again.
 *
 * <p>Days are ISO-8601 strings ({@code 2026-11-25}): the service's JSON would write a {@code LocalDate} as an
 * array.
 */
public record LakeQoeDay(String day, String value, long views, long plays, Double startupTimeP50Ms,
    Double startupTimeP95Ms, double rebufferingRatio, double videoStartFailureRate, double videoPlaybackFailureRate,
    double exitBeforeVideoStartRate, long videoStartFailures, long videoPlaybackFailures, long exitsBeforeVideoStart,
    long rebufferDurationMs, long playingTimeMs) {}
