package io.ottplatform.ingest.core;

import io.ottplatform.schemas.avro.EventType;
import io.ottplatform.schemas.avro.StreamType;

/** An event from the body that passed validation: what the player said, before enrichment. */
public record ValidEvent(
    String eventId,
    long sequence,
    EventType eventType,
    long clientTsMs,
    Long playheadMs,
    Integer bitrateKbps,
    String rendition,
    Integer bufferMs,
    Integer droppedFrames,
    String errorCode,
    Boolean errorFatal,
    String cdn,
    StreamType streamType,
    Long contentDurationMs,
    String deviceType,
    String deviceOs,
    String deviceOsVersion,
    String appVersion,
    String playerName,
    String playerVersion) {}
