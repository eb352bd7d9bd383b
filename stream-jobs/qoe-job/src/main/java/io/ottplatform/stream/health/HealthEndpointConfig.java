package io.ottplatform.stream.health;

import io.ottplatform.config.Durations;
import io.ottplatform.config.Settings;
import java.time.Duration;

/**
 * The job process's HTTP endpoint ({@code /healthcheck}, {@code /metrics}): the {@code health.*} keys of
 * {@code qoe-job.yml}. Bound to the loopback address unless told otherwise: the answers name state folders.
 *
 * @param port 0 disables the endpoint
 * @param maxCheckpointAge the job is unhealthy when its last completed checkpoint is older (a stuck checkpoint
 *     means no Kafka commit, so nothing reaches read_committed consumers)
 */
public record HealthEndpointConfig(String bindHost, int port, Duration maxCheckpointAge) {

  public static final int DEFAULT_PORT = 8096;

  /** Reads {@code health.*}; {@code checkpointInterval} bounds the age from below (problems go to {@code s}). */
  public static HealthEndpointConfig read(Settings s, Duration checkpointInterval) {
    String bind = s.string("health.bind-host", "127.0.0.1", "address of /healthcheck and /metrics");
    int port = s.integer("health.port", DEFAULT_PORT, 0, 65_535, "port of /healthcheck and /metrics; 0: none");
    Duration maxAge = s.duration("health.max-checkpoint-age", "60s",
        "unhealthy when the last completed checkpoint is older");
    s.check(maxAge.compareTo(checkpointInterval.multipliedBy(2)) >= 0, "health.max-checkpoint-age = '"
        + Durations.format(maxAge) + "': must be at least twice checkpoint-interval ("
        + Durations.format(checkpointInterval) + "), or a healthy job would flap");
    return new HealthEndpointConfig(bind, port, maxAge);
  }

  public boolean enabled() {
    return port > 0;
  }
}
