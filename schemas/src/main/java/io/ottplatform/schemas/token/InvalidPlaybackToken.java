package io.ottplatform.schemas.token;

/**
 * A playback token's claims break the contract of {@link PlaybackTokenClaims}. The reason is what a
 * verifier reports (a metric label, a 401 message); the message names the claim and the bad value.
 */
public final class InvalidPlaybackToken extends RuntimeException {

  public enum Reason {
    /** A required claim is absent. */
    MISSING_CLAIM,
    /** A claim has the wrong type, or a value out of the contract's bounds. */
    BAD_CLAIMS,
    WRONG_ISSUER,
    WRONG_AUDIENCE,
    EXPIRED,
    NOT_YET_VALID
  }

  private final Reason reason;

  public InvalidPlaybackToken(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // a refused token, not a bug: verifiers refuse many, and a stack trace costs
  }
}
