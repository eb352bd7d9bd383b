package io.ottplatform.serving.accounts.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Deleting an account takes its password again: a stolen access token alone cannot erase anyone. */
public record AccountDeletionRequest(@NotBlank @Size(max = 128) String password) {

  @Override
  public String toString() {
    return "AccountDeletionRequest[<redacted>]";
  }
}
