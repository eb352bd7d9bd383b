package io.ottplatform.recommender.experiment;

import io.ottplatform.recommender.eval.Bootstrap.Interval;

/**
 * One arm's figures, each with its 95 % percentile bootstrap interval over the arm's profiles.
 *
 * @param clickThrough attributed plays / impressions (a ratio of sums over the resampled profiles)
 * @param playsPerProfile plays after exposure per profile
 * @param minutesPerProfile minutes watched after exposure per profile
 */
public record ArmResult(String arm, String modelVersion, long impressions, long profiles, long attributedPlays,
    Interval clickThrough, Interval playsPerProfile, Interval minutesPerProfile) {}
