package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record DeviceTokenRequest(@NotBlank @Size(max = 128) String deviceCode) {

  @Override
  public String toString() {
    return "DeviceTokenRequest[<redacted>]";
  }
}
