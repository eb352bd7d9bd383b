package io.ottplatform.serving.dashboard;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/** The admin dashboard (docs/dashboard.md): its live stream, its limits and the lake it reads timelines and reports from. */
public class DashboardConfig {

  /** How often the live stream pushes a QoE summary. */
  @NotNull @MinDuration(value = 200, unit = TimeUnit.MILLISECONDS) private Duration streamInterval = Duration.seconds(5);
  /** A comment line this often keeps proxies from closing a quiet stream (most close after 30 to 60 s idle). */
  @NotNull @MinDuration(value = 200, unit = TimeUnit.MILLISECONDS) private Duration heartbeatInterval = Duration.seconds(15);
  /** Each open stream holds a request thread; more than this are refused with 503. */
  @Min(1) @Max(1000) private int maxStreams = 20;
  /** The live summary covers the minutes of qoe_minute that started within this much before now. */
  @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) private Duration liveWindow = Duration.minutes(15);
  /** The longest {@code from}..{@code to} range a query may ask for. */
  @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) private Duration maxRange = Duration.days(31);
  /** The largest page of the views list and the media jobs. */
  @Min(1) @Max(10_000) private int maxLimit = 500;
  @Valid @NotNull private TrinoConfig trino = new TrinoConfig();

  @JsonProperty public Duration getStreamInterval() { return streamInterval; }
  @JsonProperty public void setStreamInterval(Duration v) { this.streamInterval = v; }
  @JsonProperty public Duration getHeartbeatInterval() { return heartbeatInterval; }
  @JsonProperty public void setHeartbeatInterval(Duration v) { this.heartbeatInterval = v; }
  @JsonProperty public int getMaxStreams() { return maxStreams; }
  @JsonProperty public void setMaxStreams(int v) { this.maxStreams = v; }
  @JsonProperty public Duration getLiveWindow() { return liveWindow; }
  @JsonProperty public void setLiveWindow(Duration v) { this.liveWindow = v; }
  @JsonProperty public Duration getMaxRange() { return maxRange; }
  @JsonProperty public void setMaxRange(Duration v) { this.maxRange = v; }
  @JsonProperty public int getMaxLimit() { return maxLimit; }
  @JsonProperty public void setMaxLimit(int v) { this.maxLimit = v; }
  @JsonProperty public TrinoConfig getTrino() { return trino; }
  @JsonProperty public void setTrino(TrinoConfig v) { this.trino = v; }

  /**
   * The lake through Trino: view timelines from the raw events, and the lake reports (daily QoE, title engagement,
   * drop-off) from the tables of catalog {@code catalog}; an empty URL turns both off.
   */
  public static class TrinoConfig {
    /** e.g. {@code jdbc:trino://127.0.0.1:8080}; empty: no timelines (the answer says so). */
    @NotNull private String url = "";
    @NotNull private String user = "ott-dashboard";
    /** The raw events table, catalog-qualified; it is written into the SQL, so only plain identifiers. */
    @NotNull @Pattern(regexp = "[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*){2}",
        message = "must be catalog.schema.table in lower-case identifiers")
    private String eventsTable = "lake.raw.playback_events";
    /** Trino's Iceberg catalog of the lake (the launcher's and batch-jobs' {@code lake}); written into the SQL. */
    @NotNull @Pattern(regexp = "[a-z_][a-z0-9_]*", message = "must be a lower-case identifier")
    private String catalog = "lake";
    @NotNull private Duration queryTimeout = Duration.seconds(20);

    @JsonProperty public String getUrl() { return url; }
    @JsonProperty public void setUrl(String v) { this.url = v; }
    @JsonProperty public String getUser() { return user; }
    @JsonProperty public void setUser(String v) { this.user = v; }
    @JsonProperty public String getEventsTable() { return eventsTable; }
    @JsonProperty public void setEventsTable(String v) { this.eventsTable = v; }
    @JsonProperty public String getCatalog() { return catalog; }
    @JsonProperty public void setCatalog(String v) { this.catalog = v; }
    @JsonProperty public Duration getQueryTimeout() { return queryTimeout; }
    @JsonProperty public void setQueryTimeout(Duration v) { this.queryTimeout = v; }
  }
}
