package io.ottplatform.serving.playback.api;

import java.time.Instant;

/**
 * A renewed playback session: the same session, new short-lived URLs. A player keeps playing the manifest it has and
 * swaps {@code mediaToken} into the {@code /media/<token>/} segment of the URLs it requests from now on.
 */
public record PlaybackRenewal(String sessionId, String hlsUrl, String dashUrl, String hlsKeyUrl,
    String clearKeyLicenseUrl, String mediaToken, Instant urlsExpireAt) {}
