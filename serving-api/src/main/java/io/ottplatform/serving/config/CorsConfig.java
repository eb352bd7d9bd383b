package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * Browser apps on other origins (a web app, the player SDK's pages): each allowed origin exactly as the
 * browser sends it ({@code https://app.example.com}, scheme and port included). Empty: no cross-origin
 * access. Never {@code *}: the API takes bearer tokens, and a list makes every allowed site a decision.
 */
public class CorsConfig {

  @NotNull private List<String> allowedOrigins = new ArrayList<>();
  /** How long a browser may reuse a preflight's answer. */
  @NotNull private Duration maxAge = Duration.minutes(10);

  @JsonProperty public List<String> getAllowedOrigins() { return allowedOrigins; }
  @JsonProperty public void setAllowedOrigins(List<String> v) { this.allowedOrigins = v; }
  @JsonProperty public Duration getMaxAge() { return maxAge; }
  @JsonProperty public void setMaxAge(Duration v) { this.maxAge = v; }
}
