package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record PasswordChangeRequest(
    @NotBlank @Size(max = 128) String currentPassword,
    @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String newPassword) {

  @Override
  public String toString() {
    return "PasswordChangeRequest[<redacted>]";
  }
}
