package io.ottplatform.ingest.auth;

/** Why a playback token was refused: the reason is a metric label and part of the 401/403 message. */
public final class TokenRejection extends Exception {

  public enum Reason {
    MISSING("missing"),
    MALFORMED("malformed"),
    ALGORITHM("algorithm"),
    UNKNOWN_KEY("unknown_key"),
    BAD_SIGNATURE("bad_signature"),
    EXPIRED("expired"),
    NOT_YET_VALID("not_yet_valid"),
    WRONG_ISSUER("wrong_issuer"),
    WRONG_AUDIENCE("wrong_audience"),
    MISSING_CLAIM("missing_claim"),
    BAD_CLAIMS("bad_claims"),
    OTHER_SESSION("other_session");

    public final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private final Reason reason;

  public TokenRejection(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** 403 for a valid token used for another session, 401 for everything else. */
  public int status() {
    return reason == Reason.OTHER_SESSION ? 403 : 401;
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // a refusal, not a bug: no stack trace to pay for
  }
}
