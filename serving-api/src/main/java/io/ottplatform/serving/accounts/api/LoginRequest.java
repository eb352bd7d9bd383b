package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code deviceId} is minted by the client app once per installation and kept. */
public record LoginRequest(
    @NotBlank @Size(max = 254) String email,
    @NotBlank @Size(max = 128) String password,
    @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}", message = "must be 1-64 of A-Z a-z 0-9 . _ -") String deviceId,
    @Size(max = 64) String deviceName) {

  @Override
  public String toString() {
    return "LoginRequest[email=" + email + ", password=<redacted>, deviceId=" + deviceId + "]";
  }
}
