package io.ottplatform.serving.dashboard.api;

import java.time.Instant;

/** One raw player event of a view, as landed in the lake ({@code raw.playback_events}, docs/analytics.md). */
public record TimelineEvent(long sequence, String eventType, Instant clientTs, Instant serverTs, Long playheadMs,
    Integer bitrateKbps, String rendition, Integer bufferMs, Integer droppedFrames, String errorCode,
    Boolean errorFatal) {}
