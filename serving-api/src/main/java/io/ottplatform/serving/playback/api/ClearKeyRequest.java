package io.ottplatform.serving.playback.api;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** W3C EME Clear Key license request: key ids as base64url without padding. */
public record ClearKeyRequest(
    @NotEmpty @Size(max = 16) List<@Pattern(regexp = "[A-Za-z0-9_-]{22}", message = "must be a base64url 16-byte key id") String> kids,
    @Pattern(regexp = "temporary|persistent-license") String type) {}
