package io.ottplatform.serving.admin.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Attaches packaged media to a playable title. {@code mediaPath} is the asset's folder under the
 * origin directory; the content key (16 bytes, hex) comes from the packager, or is generated.
 */
public record MediaAssetRequest(
    @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,4}",
        message = "must be a relative folder of [A-Za-z0-9_-] segments") String mediaPath,
    @Pattern(regexp = "[0-9a-fA-F]{32}", message = "must be 32 hex digits") String keyIdHex,
    @Pattern(regexp = "[0-9a-fA-F]{32}", message = "must be 32 hex digits") String keyHex) {}
