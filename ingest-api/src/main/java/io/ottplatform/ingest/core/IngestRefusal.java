package io.ottplatform.ingest.core;

/**
 * A request refused as a whole: its HTTP status, a message naming the problem, the metric label of the
 * reason, and for 429/503 when to come back.
 */
public final class IngestRefusal extends Exception {

  private final int status;
  private final String reason;
  private final long retryAfterSeconds;

  public IngestRefusal(int status, String reason, String message) {
    this(status, reason, message, 0);
  }

  public IngestRefusal(int status, String reason, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /** 0 when the answer has no Retry-After. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
