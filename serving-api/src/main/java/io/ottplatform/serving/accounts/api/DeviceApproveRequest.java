package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

public record DeviceApproveRequest(
    @NotBlank @Pattern(regexp = "[A-Za-z -]{8,12}", message = "must be the 8-letter code shown on the device") String userCode) {}
