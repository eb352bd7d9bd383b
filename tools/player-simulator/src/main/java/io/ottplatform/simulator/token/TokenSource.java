package io.ottplatform.simulator.token;

import io.ottplatform.simulator.SimulatedView;
import java.time.Duration;

/** Where each view's playback token comes from: serving-api's grant, or a development key for runs without one. */
public interface TokenSource {

  /**
   * What an app gets when it asks to play a view.
   *
   * @param sessionId the view's session id (serving-api mints its own at the grant)
   * @param token the playback token, null unless granted
   * @param retryAfter when refused for now (429 stream limit, 503), how long the server asked to wait; may be null
   * @param refusal why it was not granted (null when granted)
   */
  record Grant(String sessionId, String token, boolean later, Duration retryAfter, String refusal) {

    public static Grant granted(String sessionId, String token) {
      return new Grant(sessionId, token, false, null, null);
    }

    public static Grant later(Duration retryAfter, String why) {
      return new Grant(null, null, true, retryAfter, why);
    }

    public static Grant refused(String why) {
      return new Grant(null, null, false, null, why);
    }

    public boolean isGranted() {
      return token != null;
    }
  }

  Grant grant(SimulatedView view);

  /**
   * The view of {@code sessionId} ended: an app ends its playback session, which frees the screen it reserved at
   * the grant (serving-api, issue #14) at once instead of after its lease. Nothing to do without a grant.
   */
  default void ended(String accountId, String sessionId) {}

  /** What this source is, for the simulator's first line. */
  String describe();
}
