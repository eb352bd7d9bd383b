package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/**
 * The stream-jobs concurrency guard, asked at every grant. When it cannot be reached in
 * {@link #timeout}, {@link #whenUnavailable} decides: ALLOW (availability first: a viewer is
 * never blocked by our outage, the guard still flags the account afterwards) or DENY (503).
 */
public class ConcurrencyGuardConfig {

  public enum WhenUnavailable { ALLOW, DENY }

  /** Base URL of any guard instance, e.g. {@code http://127.0.0.1:8095}; empty disables the check (counts as unavailable). */
  @NotNull private String url = "";
  @NotNull private Duration timeout = Duration.milliseconds(200);
  @NotNull private WhenUnavailable whenUnavailable = WhenUnavailable.ALLOW;
  /** The guard's API token (the guard's api-token): its answers name any account's sessions, so it wants a bearer. */
  @NotNull private String token = "";

  @JsonProperty public String getUrl() { return url; }
  @JsonProperty public void setUrl(String v) { this.url = v; }
  @JsonProperty public Duration getTimeout() { return timeout; }
  @JsonProperty public void setTimeout(Duration v) { this.timeout = v; }
  @JsonProperty public String getToken() { return token; }
  @JsonProperty public void setToken(String v) { this.token = v; }
  @JsonProperty public WhenUnavailable getWhenUnavailable() { return whenUnavailable; }
  @JsonProperty public void setWhenUnavailable(WhenUnavailable v) { this.whenUnavailable = v; }
}
