package io.ottplatform.serving.accounts.api;

/** The one answer to every well-formed sign-up, whether or not the e-mail already had an account. */
public record SignupAccepted(String status, String message) {

  public static final SignupAccepted INSTANCE = new SignupAccepted("accepted",
      "if this e-mail had no account, it has one now: log in with it and this password");
}
