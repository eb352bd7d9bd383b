package io.ottplatform.media.probe;

/**
 * What the ladder needs to know about a source, from ffprobe. {@code displayAspect} is width/height times the
 * sample aspect ratio: anamorphic sources keep their picture shape in every rung.
 */
public record MediaInfo(double durationSeconds, int width, int height, double displayAspect, double frameRate,
    String videoCodec, boolean hasAudio, long bitRate) {}
