package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Recommendations and similar titles: the in-memory caches, the genre diversity rule, impression batching. */
public class RecommendationsConfig {

  /** How often rec_serving_arms (and the popular lists of the versions it names) is re-read; the contract says at most 10 s. */
  @NotNull @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
  private Duration armsRefresh = Duration.seconds(5);
  /** How often the catalog outbox is polled; a new outbox row reloads the catalog snapshot. */
  @NotNull @MinDuration(value = 50, unit = TimeUnit.MILLISECONDS)
  private Duration catalogPoll = Duration.seconds(1);
  /** Full catalog reload even without outbox rows (catches writes that bypass the service, e.g. SQL fixes). */
  @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration catalogReload = Duration.minutes(5);
  /** At most this many titles of the same primary genre ... */
  @Min(1) @Max(100) private int maxPerGenre = 3;
  /** ... among the first this many of a list. */
  @Min(1) @Max(100) private int diversityWindow = 10;
  /** Impressions waiting to be written; when full, new ones are dropped and counted (never blocking a request). */
  @Min(1) @Max(1_000_000) private int impressionQueue = 20_000;
  @Min(1) @Max(10_000) private int impressionBatch = 500;
  @NotNull @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  private Duration impressionFlush = Duration.milliseconds(250);

  @JsonProperty public Duration getArmsRefresh() { return armsRefresh; }
  @JsonProperty public void setArmsRefresh(Duration v) { this.armsRefresh = v; }
  @JsonProperty public Duration getCatalogPoll() { return catalogPoll; }
  @JsonProperty public void setCatalogPoll(Duration v) { this.catalogPoll = v; }
  @JsonProperty public Duration getCatalogReload() { return catalogReload; }
  @JsonProperty public void setCatalogReload(Duration v) { this.catalogReload = v; }
  @JsonProperty public int getMaxPerGenre() { return maxPerGenre; }
  @JsonProperty public void setMaxPerGenre(int v) { this.maxPerGenre = v; }
  @JsonProperty public int getDiversityWindow() { return diversityWindow; }
  @JsonProperty public void setDiversityWindow(int v) { this.diversityWindow = v; }
  @JsonProperty public int getImpressionQueue() { return impressionQueue; }
  @JsonProperty public void setImpressionQueue(int v) { this.impressionQueue = v; }
  @JsonProperty public int getImpressionBatch() { return impressionBatch; }
  @JsonProperty public void setImpressionBatch(int v) { this.impressionBatch = v; }
  @JsonProperty public Duration getImpressionFlush() { return impressionFlush; }
  @JsonProperty public void setImpressionFlush(Duration v) { this.impressionFlush = v; }
}
