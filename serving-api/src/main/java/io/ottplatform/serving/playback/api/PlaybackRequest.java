package io.ottplatform.serving.playback.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record PlaybackRequest(@NotBlank @Size(max = 64) String profileId, @NotBlank @Size(max = 64) String titleId) {}
