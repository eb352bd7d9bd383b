package io.ottplatform.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fleet looks like. Views start spread evenly (with jitter) over {@code arrivalWindow} from
 * {@code start}; rates are per minute of playing.
 *
 * @param seed everything is a pure function of the seed and the view's index
 * @param viewers number of views to generate
 * @param accounts size of the account pool views draw from
 * @param titles size of the catalog (popularity is skewed: a few titles get most views)
 * @param start when the first view starts (player clock)
 * @param heartbeatInterval SDK heartbeat period (10 s in production)
 * @param arrivalWindow views start spread over this window
 * @param meanWatch mean intended watch duration of a view that starts (log-normal)
 * @param exitBeforeStartRate share of views abandoned before the first frame
 * @param startFailureRate share of views with a fatal error before the first frame
 * @param playbackFailureRate share of views with a fatal error after the first frame
 * @param concurrentShare share of views started by an account that is already watching (shared
 *     accounts, for the concurrency guard)
 * @param stallsPerMinute mean stalls per minute of playing (varies by CDN and device around this)
 * @param seeksPerMinute mean seeks per minute of playing (VOD only)
 * @param pausesPerMinute mean pauses per minute of playing
 * @param switchesPerMinute mean bitrate switches per minute of playing, besides those after a stall
 * @param taste share of a profile's views inside its taste: the titles are cut into contiguous taste
 *     groups (in catalog order: the demo catalog lists a genre's titles together), each profile prefers one
 *     or two, and watches in-taste titles longer; the rest of its views follow overall popularity. 0: no
 *     tastes at all (every view by popularity alone), and no recommender can beat popularity
 */
public record SimulatorConfig(
    long seed,
    int viewers,
    int accounts,
    int titles,
    Instant start,
    Duration heartbeatInterval,
    Duration arrivalWindow,
    Duration meanWatch,
    double exitBeforeStartRate,
    double startFailureRate,
    double playbackFailureRate,
    double concurrentShare,
    double stallsPerMinute,
    double seeksPerMinute,
    double pausesPerMinute,
    double switchesPerMinute,
    double taste) {

  /** The default start: a fixed instant, so a seed always gives the same events. */
  public static final Instant DEFAULT_START = Instant.parse("2026-11-25T20:00:00Z");

  public SimulatorConfig {
    List<String> errors = new ArrayList<>();
    check(errors, viewers >= 0, "viewers must be >= 0: %s", viewers);
    check(errors, accounts >= 1, "accounts must be >= 1: %s", accounts);
    check(errors, titles >= 1, "titles must be >= 1: %s", titles);
    check(errors, start != null, "start is required");
    check(errors, heartbeatInterval != null && heartbeatInterval.toMillis() >= 1000,
        "heartbeatInterval must be >= 1 s: %s", heartbeatInterval);
    check(errors, arrivalWindow != null && !arrivalWindow.isNegative(), "arrivalWindow must be >= 0: %s", arrivalWindow);
    check(errors, meanWatch != null && meanWatch.toMillis() >= 1000, "meanWatch must be >= 1 s: %s", meanWatch);
    double outcomes = exitBeforeStartRate + startFailureRate + playbackFailureRate;
    check(errors, exitBeforeStartRate >= 0 && startFailureRate >= 0 && playbackFailureRate >= 0 && outcomes <= 1,
        "outcome rates must be >= 0 and sum to <= 1: %s", outcomes);
    check(errors, concurrentShare >= 0 && concurrentShare < 1, "concurrentShare must be in [0, 1): %s", concurrentShare);
    check(errors, stallsPerMinute >= 0 && seeksPerMinute >= 0 && pausesPerMinute >= 0 && switchesPerMinute >= 0,
        "per-minute rates must be >= 0");
    check(errors, taste >= 0 && taste <= 1, "taste must be in [0, 1]: %s", taste);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid simulator config: " + String.join("; ", errors));
    }
  }

  /**
   * A realistic mix: 10 s heartbeats, views arriving over 10 minutes, about 8 minutes of intended
   * watching, 4 % exits before start, 2 % start failures, 1.5 % playback failures, 5 % concurrent
   * sessions on one account, about one stall every 4 minutes; 80 % of a profile's views in its taste.
   */
  public static SimulatorConfig defaults(long seed, int viewers) {
    return new SimulatorConfig(seed, viewers, Math.max(1, viewers * 2 / 3), Math.max(1, Math.min(500, viewers / 4 + 1)),
        DEFAULT_START, Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofMinutes(8),
        0.04, 0.02, 0.015, 0.05, 0.25, 0.08, 0.06, 0.2, 0.8);
  }

  public SimulatorConfig withStart(Instant newStart) {
    return new SimulatorConfig(seed, viewers, accounts, titles, newStart, heartbeatInterval, arrivalWindow, meanWatch,
        exitBeforeStartRate, startFailureRate, playbackFailureRate, concurrentShare, stallsPerMinute, seeksPerMinute,
        pausesPerMinute, switchesPerMinute, taste);
  }

  public SimulatorConfig withArrivalWindow(Duration window) {
    return new SimulatorConfig(seed, viewers, accounts, titles, start, heartbeatInterval, window, meanWatch,
        exitBeforeStartRate, startFailureRate, playbackFailureRate, concurrentShare, stallsPerMinute, seeksPerMinute,
        pausesPerMinute, switchesPerMinute, taste);
  }

  public SimulatorConfig withMeanWatch(Duration watch) {
    return new SimulatorConfig(seed, viewers, accounts, titles, start, heartbeatInterval, arrivalWindow, watch,
        exitBeforeStartRate, startFailureRate, playbackFailureRate, concurrentShare, stallsPerMinute, seeksPerMinute,
        pausesPerMinute, switchesPerMinute, taste);
  }

  public SimulatorConfig withViewers(int newViewers) {
    return new SimulatorConfig(seed, newViewers, accounts, titles, start, heartbeatInterval, arrivalWindow, meanWatch,
        exitBeforeStartRate, startFailureRate, playbackFailureRate, concurrentShare, stallsPerMinute, seeksPerMinute,
        pausesPerMinute, switchesPerMinute, taste);
  }

  public SimulatorConfig withTaste(double newTaste) {
    return new SimulatorConfig(seed, viewers, accounts, titles, start, heartbeatInterval, arrivalWindow, meanWatch,
        exitBeforeStartRate, startFailureRate, playbackFailureRate, concurrentShare, stallsPerMinute, seeksPerMinute,
        pausesPerMinute, switchesPerMinute, newTaste);
  }

  private static void check(List<String> errors, boolean ok, String message, Object... args) {
    if (!ok) {
      errors.add(String.format(message, args));
    }
  }
}
