package io.ottplatform.serving.playback;

/** Grant, or a refusal with its HTTP status and machine-readable reason. */
public record PlaybackDecision(boolean granted, int status, String reason, String message) {

  public static PlaybackDecision grant() {
    return new PlaybackDecision(true, 200, "granted", "enjoy");
  }

  public static PlaybackDecision refuse(int status, String reason, String message) {
    return new PlaybackDecision(false, status, reason, message);
  }
}
