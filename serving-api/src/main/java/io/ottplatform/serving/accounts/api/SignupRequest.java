package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SignupRequest(
    @NotBlank @Email @Size(max = 254) String email,
    @NotBlank @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String password) {

  @Override
  public String toString() {
    return "SignupRequest[email=" + email + ", password=<redacted>]";
  }
}
