package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * The one configuration object of serving-api. Read from YAML with {@code ${ENV:-default}}
 * substitution; every section is validated at start and all violations are reported together.
 */
public class ServingConfiguration extends Configuration {

  @Valid @NotNull private DataSourceFactory database = new DataSourceFactory();
  @Valid @NotNull private AuthConfig auth = new AuthConfig();
  @Valid @NotNull private PlansConfig plans = new PlansConfig();
  @Valid @NotNull private ViewerCountryConfig viewerCountry = new ViewerCountryConfig();
  @Valid @NotNull private PlaybackConfig playback = new PlaybackConfig();
  @Valid @NotNull private ConcurrencyGuardConfig concurrencyGuard = new ConcurrencyGuardConfig();
  @Valid @NotNull private OutboxConfig outbox = new OutboxConfig();
  @Valid @NotNull private RecommendationsConfig recommendations = new RecommendationsConfig();
  @Valid @NotNull private MediaConfig media = new MediaConfig();
  @Valid @NotNull private CorsConfig cors = new CorsConfig();
  @Valid @NotNull private MailConfig mail = new MailConfig();
  @Valid @NotNull private io.ottplatform.serving.dashboard.DashboardConfig dashboard =
      new io.ottplatform.serving.dashboard.DashboardConfig();
  @Valid @NotNull private io.ottplatform.serving.watch.WatchConfig watch = new io.ottplatform.serving.watch.WatchConfig();

  @JsonProperty public DataSourceFactory getDatabase() { return database; }
  @JsonProperty public void setDatabase(DataSourceFactory database) { this.database = database; }
  @JsonProperty public AuthConfig getAuth() { return auth; }
  @JsonProperty public void setAuth(AuthConfig auth) { this.auth = auth; }
  @JsonProperty public PlansConfig getPlans() { return plans; }
  @JsonProperty public void setPlans(PlansConfig plans) { this.plans = plans; }
  @JsonProperty public ViewerCountryConfig getViewerCountry() { return viewerCountry; }
  @JsonProperty public void setViewerCountry(ViewerCountryConfig viewerCountry) { this.viewerCountry = viewerCountry; }
  @JsonProperty public PlaybackConfig getPlayback() { return playback; }
  @JsonProperty public void setPlayback(PlaybackConfig playback) { this.playback = playback; }
  @JsonProperty public ConcurrencyGuardConfig getConcurrencyGuard() { return concurrencyGuard; }
  @JsonProperty public void setConcurrencyGuard(ConcurrencyGuardConfig concurrencyGuard) { this.concurrencyGuard = concurrencyGuard; }
  @JsonProperty public OutboxConfig getOutbox() { return outbox; }
  @JsonProperty public void setOutbox(OutboxConfig outbox) { this.outbox = outbox; }
  @JsonProperty public RecommendationsConfig getRecommendations() { return recommendations; }
  @JsonProperty public void setRecommendations(RecommendationsConfig v) { this.recommendations = v; }
  @JsonProperty public CorsConfig getCors() { return cors; }
  @JsonProperty public void setCors(CorsConfig v) { this.cors = v; }
  @JsonProperty public MailConfig getMail() { return mail; }
  @JsonProperty public void setMail(MailConfig v) { this.mail = v; }
  @JsonProperty public MediaConfig getMedia() { return media; }
  @JsonProperty public void setMedia(MediaConfig v) { this.media = v; }
  @JsonProperty public io.ottplatform.serving.dashboard.DashboardConfig getDashboard() { return dashboard; }
  @JsonProperty public void setDashboard(io.ottplatform.serving.dashboard.DashboardConfig v) { this.dashboard = v; }
  @JsonProperty public io.ottplatform.serving.watch.WatchConfig getWatch() { return watch; }
  @JsonProperty public void setWatch(io.ottplatform.serving.watch.WatchConfig v) { this.watch = v; }
}
