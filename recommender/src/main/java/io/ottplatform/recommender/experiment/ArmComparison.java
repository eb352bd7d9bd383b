package io.ottplatform.recommender.experiment;

import io.ottplatform.recommender.eval.Bootstrap.Interval;

/** An arm minus the control arm, per metric, with 95 % bootstrap intervals (arms resampled independently). */
public record ArmComparison(String arm, String control, Interval clickThrough, Interval playsPerProfile,
    Interval minutesPerProfile) {}
