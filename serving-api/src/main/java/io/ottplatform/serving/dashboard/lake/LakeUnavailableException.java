package io.ottplatform.serving.dashboard.lake;

/** The lake could not be queried; the reason is in the service log only (it may name hosts and tables). */
public final class LakeUnavailableException extends RuntimeException {

  public static final String REASON = "the lake could not be queried; the service log has the reason";

  public LakeUnavailableException() {
    super(REASON, null, false, false);
  }
}
