package io.ottplatform.serving.playback.api;

import java.time.Instant;

public record ProgressView(String titleId, String titleName, long positionMs, Long durationMs, String deviceId,
    Instant updatedAt) {}
