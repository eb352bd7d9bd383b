package io.ottplatform.serving.playback.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ProgressRequest(
    @NotBlank @Size(max = 64) String profileId,
    @NotBlank @Size(max = 64) String titleId,
    @NotNull @Min(0) @Max(86_400_000L) Long positionMs,
    @Min(1) @Max(86_400_000L) Long durationMs) {}
