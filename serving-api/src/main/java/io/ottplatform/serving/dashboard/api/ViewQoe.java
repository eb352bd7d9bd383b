package io.ottplatform.serving.dashboard.api;

import java.time.Instant;

/** One view of {@code qoe_view} with its QoE, as the views list and the view page show it (docs/qoe.md). */
public record ViewQoe(String sessionId, int revision, String accountId, String profileId, String titleId, String cdn,
    String country, String deviceType, String playerName, String streamType, Instant viewStart, Instant viewEnd,
    String endReason, Long startupTimeMs, boolean exitBeforeVideoStart, boolean videoStartFailure,
    boolean videoPlaybackFailure, String errorCode, int rebufferCount, long rebufferDurationMs,
    double rebufferingRatio, double rebufferFrequencyPerMin, long playingTimeMs, long watchTimeMs,
    Double avgBitrateKbps, int bitrateUpswitches, int bitrateDownswitches, long droppedFrames, Long maxPlayheadMs,
    Long contentDurationMs, int eventCount, int missingSequences, Instant updatedAt) {}
