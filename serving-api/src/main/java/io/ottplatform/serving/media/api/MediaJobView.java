package io.ottplatform.serving.media.api;

import java.time.Instant;

/** What an editor sees of one media job: its state, progress and, when done, where it was published. */
public record MediaJobView(String jobId, String titleId, String state, float percent, Float speed,
    Integer etaSeconds, String message, String errorReason, String publishedPath, Instant updatedAt) {}
