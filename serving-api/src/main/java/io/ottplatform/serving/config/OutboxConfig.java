package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The catalog outbox relay to Kafka {@code catalog.changes}. */
public class OutboxConfig {

  /** Kafka bootstrap servers; empty keeps changes in the outbox (the relay does not run). */
  @NotNull private String bootstrapServers = "";
  @NotNull private Duration pollInterval = Duration.milliseconds(500);
  @Min(1) @Max(10000) private int batchSize = 200;
  /** The outbox health check fails when the oldest unsent change is older than this. */
  @NotNull private Duration maxLag = Duration.minutes(5);

  @JsonProperty public String getBootstrapServers() { return bootstrapServers; }
  @JsonProperty public void setBootstrapServers(String v) { this.bootstrapServers = v; }
  @JsonProperty public Duration getPollInterval() { return pollInterval; }
  @JsonProperty public void setPollInterval(Duration v) { this.pollInterval = v; }
  @JsonProperty public int getBatchSize() { return batchSize; }
  @JsonProperty public void setBatchSize(int v) { this.batchSize = v; }
  @JsonProperty public Duration getMaxLag() { return maxLag; }
  @JsonProperty public void setMaxLag(Duration v) { this.maxLag = v; }
}
