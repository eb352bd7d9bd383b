package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record PasswordResetConfirm(
    @NotBlank @Size(max = 128) String token,
    @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String newPassword) {

  @Override
  public String toString() {
    return "PasswordResetConfirm[<redacted>]";
  }
}
