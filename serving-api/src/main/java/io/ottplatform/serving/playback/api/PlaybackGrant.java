package io.ottplatform.serving.playback.api;

import java.time.Instant;

/** A granted view: signed manifest URLs, key delivery URLs, the playback token for ingest, and where to resume. */
public record PlaybackGrant(String sessionId, String titleId, String profileId, String hlsUrl, String dashUrl,
    String hlsKeyUrl, String clearKeyLicenseUrl, String keyId, Instant urlsExpireAt, String playbackToken,
    Instant playbackTokenExpiresAt, long resumePositionMs) {}
