package io.ottplatform.serving.catalog.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record Artwork(
    @NotBlank @Pattern(regexp = "poster|backdrop|thumbnail|logo") String kind,
    @NotBlank @Size(max = 500) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url) {}
