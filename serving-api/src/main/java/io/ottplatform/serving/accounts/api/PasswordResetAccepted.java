package io.ottplatform.serving.accounts.api;

/** The one answer to every well-formed reset request, whether or not the e-mail has an account. */
public record PasswordResetAccepted(String status, String message) {

  public static final PasswordResetAccepted INSTANCE = new PasswordResetAccepted("accepted",
      "if this e-mail has an account, a link to choose a new password is on its way; it works once");
}
