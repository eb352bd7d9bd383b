package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Signed media URLs, the origin directory and the ES256 playback token (docs/playback-token.md). */
public class PlaybackConfig {

  /** Base of the URLs handed to players, e.g. {@code https://cdn.example.com}; the CDN forwards to /media. */
  @NotEmpty private String publicBaseUrl = "http://localhost:8090";
  /**
   * The secret the media and key tokens' HMAC keys are derived from (one per purpose, UrlSigner); at least 32
   * bytes, from the environment.
   */
  @NotNull @Size(min = 32, message = "must be at least 32 characters") private String urlSigningSecret;
  /**
   * Lifetime of a playback session's media and key tokens, and of the session itself without a renewal
   * (POST /v1/playback/sessions/{id}/renew extends it): minutes, not hours.
   */
  @NotNull private Duration urlTtl = Duration.minutes(5);
  /** How long the origin may remember that a session may play (≤ 60 s: a revocation stops media within it). */
  @NotNull private Duration sessionCheckTtl = Duration.seconds(30);
  /**
   * How long a playback session's row is kept after its lease ended (expiry, end or revocation): the audit of who
   * played what. Older rows are deleted every {@code sessionCleanupInterval} (PlaybackSessionCleaner).
   */
  @NotNull private Duration sessionRetention = Duration.days(7);
  @NotNull private Duration sessionCleanupInterval = Duration.minutes(10);
  /**
   * Grants one account may ask for per minute (429 with Retry-After beyond): a grant is a row, a signature and a
   * screen's reservation, so a client looping on grants (ending each at once) must not cost more than a fleet.
   */
  @jakarta.validation.constraints.Min(1) private int grantsPerAccountPerMinute = 30;
  /** Directory of packaged media ({@code <mediaPath>/master.m3u8}, {@code manifest.mpd}, segments). */
  @NotEmpty private String originDirectory = "/var/lib/ott/origin";
  @NotEmpty private String tokenIssuer = "ott-serving-api";
  @NotEmpty private String tokenAudience = "ott-ingest";
  @NotNull private Duration tokenTtl = Duration.hours(6);
  /**
   * An EC P-256 private JWK (JSON) file for the playback token. Empty: a key is generated at start
   * (fine for one dev instance; tokens die with the process and replicas would disagree).
   */
  @NotNull private String signingJwkFile = "";

  @JsonProperty public String getPublicBaseUrl() { return publicBaseUrl; }
  @JsonProperty public void setPublicBaseUrl(String v) { this.publicBaseUrl = v; }
  @JsonProperty public String getUrlSigningSecret() { return urlSigningSecret; }
  @JsonProperty public void setUrlSigningSecret(String v) { this.urlSigningSecret = v; }
  @JsonProperty public Duration getUrlTtl() { return urlTtl; }
  @JsonProperty public void setUrlTtl(Duration v) { this.urlTtl = v; }
  @JsonProperty public Duration getSessionCheckTtl() { return sessionCheckTtl; }
  @JsonProperty public void setSessionCheckTtl(Duration v) { this.sessionCheckTtl = v; }
  @JsonProperty public Duration getSessionRetention() { return sessionRetention; }
  @JsonProperty public void setSessionRetention(Duration v) { this.sessionRetention = v; }
  @JsonProperty public Duration getSessionCleanupInterval() { return sessionCleanupInterval; }
  @JsonProperty public void setSessionCleanupInterval(Duration v) { this.sessionCleanupInterval = v; }
  @JsonProperty public int getGrantsPerAccountPerMinute() { return grantsPerAccountPerMinute; }
  @JsonProperty public void setGrantsPerAccountPerMinute(int v) { this.grantsPerAccountPerMinute = v; }
  @JsonProperty public String getOriginDirectory() { return originDirectory; }
  @JsonProperty public void setOriginDirectory(String v) { this.originDirectory = v; }
  @JsonProperty public String getTokenIssuer() { return tokenIssuer; }
  @JsonProperty public void setTokenIssuer(String v) { this.tokenIssuer = v; }
  @JsonProperty public String getTokenAudience() { return tokenAudience; }
  @JsonProperty public void setTokenAudience(String v) { this.tokenAudience = v; }
  @JsonProperty public Duration getTokenTtl() { return tokenTtl; }
  @JsonProperty public void setTokenTtl(Duration v) { this.tokenTtl = v; }
  @JsonProperty public String getSigningJwkFile() { return signingJwkFile; }
  @JsonProperty public void setSigningJwkFile(String v) { this.signingJwkFile = v; }
}
