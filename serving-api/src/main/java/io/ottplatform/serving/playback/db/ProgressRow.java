package io.ottplatform.serving.playback.db;

import java.time.Instant;

public record ProgressRow(String profileId, String titleId, long positionMs, Long durationMs, String deviceId,
    Instant updatedAt) {}
