package io.ottplatform.media.worker;

import io.ottplatform.config.Durations;
import io.ottplatform.config.Settings;
import java.time.Duration;

/**
 * The worker's HTTP endpoint ({@code /healthcheck}, {@code /metrics}): the {@code health.*} keys of
 * {@code media-pipeline.yml}. Loopback unless told otherwise: the answers name jobs and titles.
 *
 * @param port 0: any free port (tests; the worker logs the URL)
 * @param maxPollAge unhealthy when the consumer loop (idle) has not polled for longer: it is stuck
 */
public record WorkerHealthConfig(String bindHost, int port, Duration maxPollAge) {

  public static final int DEFAULT_PORT = 8097;
  /** The loop polls every 500 ms; a limit near that would flap on a garbage-collection pause. */
  private static final Duration MIN_POLL_AGE = Duration.ofSeconds(2);

  /** Reads {@code health.*} (problems go to {@code s}). */
  public static WorkerHealthConfig read(Settings s) {
    String bind = s.string("health.bind-host", "127.0.0.1", "address of the worker's /healthcheck and /metrics");
    int port = s.integer("health.port", DEFAULT_PORT, 0, 65_535, "port of /healthcheck and /metrics; 0: any free one");
    Duration maxPollAge = s.duration("health.max-poll-age", "30s",
        "unhealthy when the idle consumer loop has not polled for longer");
    s.check(maxPollAge.compareTo(MIN_POLL_AGE) >= 0, "health.max-poll-age = '" + Durations.format(maxPollAge)
        + "': must be at least " + Durations.format(MIN_POLL_AGE) + " (the loop polls every 500 ms)");
    return new WorkerHealthConfig(bind, port, maxPollAge);
  }
}
