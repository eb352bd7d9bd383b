package io.ottplatform.media;

import io.ottplatform.media.ladder.ComplexityProbe.Complexity;
import io.ottplatform.media.ladder.Rung;
import java.nio.file.Path;
import java.util.List;

/**
 * A published title. {@code alreadyPublished}: the same job id had been published before (a redelivered job),
 * so nothing was encoded again. {@code kid} is the CENC key id in hex, or null when clear.
 */
public record EncodeResult(String jobId, String titleId, Path titleDir, double durationSeconds, List<Rung> rungs,
    Complexity complexity, boolean encrypted, String kid, String hlsManifest, String dashManifest,
    boolean alreadyPublished) {}
