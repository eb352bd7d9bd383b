package io.ottplatform.serving.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/** Accounts, passwords, access and refresh tokens, login throttling. */
public class AuthConfig {

  /** HMAC key of the access tokens (HS256); at least 32 bytes, from the environment, never in a file. */
  @NotNull @Size(min = 32, message = "must be at least 32 characters (HS256 needs a 256-bit key)")
  private String accessTokenSecret;
  /** The kid of {@link #accessTokenSecret}, written into every access token's header. */
  @NotEmpty private String accessTokenKeyId = "k1";
  /**
   * Earlier keys that still verify, each {@code kid=secret}: keep a replaced key here for one access token
   * lifetime after the rotation, then remove it (docs/security.md "Key and token rotation").
   */
  @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) // one key given as -Ddw.auth... or an override
  @NotNull private List<String> previousAccessTokenKeys = new ArrayList<>();
  @NotEmpty private String issuer = "ott-serving-api";
  /** The access tokens' {@code aud}: tokens for any other audience are refused. */
  @NotEmpty private String audience = "ott-serving";
  @NotNull private Duration accessTokenTtl = Duration.minutes(10);
  @NotNull private Duration refreshTokenTtl = Duration.days(30);
  /** A login (token family) ends this long after it started, however often it is refreshed. */
  @NotNull private Duration sessionAbsoluteLifetime = Duration.days(30);
  /** How long a password-reset link works (once). */
  @NotNull private Duration passwordResetTtl = Duration.minutes(30);
  /** Password-reset requests a client address may make per hour (429 beyond). */
  @Min(1) private int passwordResetsPerAddressPerHour = 10;
  /** Reset mails one e-mail address receives per hour; further requests are answered alike and send nothing. */
  @Min(1) private int passwordResetMailsPerEmailPerHour = 3;
  /** The page the reset mail links to; the token is appended as {@code ?token=...}. */
  @NotEmpty private String passwordResetUrl = "http://localhost:8090/reset-password";
  /** Argon2id cost: OWASP's minimum is m=19 MiB, t=2, p=1. */
  @Min(1024) @Max(1048576) private int argon2MemoryKib = 19456;
  @Min(1) @Max(10) private int argon2Iterations = 2;
  @Min(1) @Max(8) private int argon2Parallelism = 1;
  @Min(1) @Max(20) private int maxProfilesPerAccount = 5;
  /** Failed logins of one account before each further attempt must wait (see {@link #loginBaseDelay}). */
  @Min(1) private int maxFailedLogins = 5;
  /** Failed logins allowed per client address (many users may share one NAT address, so higher). */
  @Min(1) private int maxFailedLoginsPerAddress = 100;
  @NotNull private Duration loginWindow = Duration.minutes(15);
  /** The first wait after {@link #maxFailedLogins} failures of one account; it doubles with each further failure. */
  @NotNull private Duration loginBaseDelay = Duration.seconds(1);
  /** The longest wait between two attempts on one account (a delay, never a lock-out). */
  @NotNull private Duration loginMaxDelay = Duration.minutes(15);
  /** E-mails and client addresses each throttle and rate limit remembers at most (least recently used go first). */
  @Min(100) private int maxTrackedClients = 100_000;
  /** Sign-ups allowed per client address per hour (each costs an Argon2 hash, 19 MiB and ~50 ms of a core). */
  @Min(1) private int signupsPerAddressPerHour = 20;
  /** Device codes (RFC 8628) a client address may ask for per hour. */
  @Min(1) private int deviceCodesPerAddressPerHour = 30;
  /** Argon2 hashes computed at once; more wait, so that memory stays at this many × argon2MemoryKib. */
  @Min(1) @Max(64) private int maxConcurrentPasswordHashes = 4;
  /** Where a viewer types the code of a TV (device authorization grant, RFC 8628). */
  @NotEmpty private String deviceVerificationUri = "http://localhost:8090/activate";

  @JsonProperty public String getAccessTokenSecret() { return accessTokenSecret; }
  @JsonProperty public void setAccessTokenSecret(String v) { this.accessTokenSecret = v; }
  @JsonProperty public String getAccessTokenKeyId() { return accessTokenKeyId; }
  @JsonProperty public void setAccessTokenKeyId(String v) { this.accessTokenKeyId = v; }
  @JsonProperty public List<String> getPreviousAccessTokenKeys() { return previousAccessTokenKeys; }
  @JsonProperty public void setPreviousAccessTokenKeys(List<String> v) { this.previousAccessTokenKeys = v; }
  @JsonProperty public String getAudience() { return audience; }
  @JsonProperty public void setAudience(String v) { this.audience = v; }
  @JsonProperty public Duration getSessionAbsoluteLifetime() { return sessionAbsoluteLifetime; }
  @JsonProperty public void setSessionAbsoluteLifetime(Duration v) { this.sessionAbsoluteLifetime = v; }
  @JsonProperty public Duration getPasswordResetTtl() { return passwordResetTtl; }
  @JsonProperty public void setPasswordResetTtl(Duration v) { this.passwordResetTtl = v; }
  @JsonProperty public int getPasswordResetsPerAddressPerHour() { return passwordResetsPerAddressPerHour; }
  @JsonProperty public void setPasswordResetsPerAddressPerHour(int v) { this.passwordResetsPerAddressPerHour = v; }
  @JsonProperty public int getPasswordResetMailsPerEmailPerHour() { return passwordResetMailsPerEmailPerHour; }
  @JsonProperty public void setPasswordResetMailsPerEmailPerHour(int v) { this.passwordResetMailsPerEmailPerHour = v; }
  @JsonProperty public String getPasswordResetUrl() { return passwordResetUrl; }
  @JsonProperty public void setPasswordResetUrl(String v) { this.passwordResetUrl = v; }
  @JsonProperty public String getIssuer() { return issuer; }
  @JsonProperty public void setIssuer(String v) { this.issuer = v; }
  @JsonProperty public Duration getAccessTokenTtl() { return accessTokenTtl; }
  @JsonProperty public void setAccessTokenTtl(Duration v) { this.accessTokenTtl = v; }
  @JsonProperty public Duration getRefreshTokenTtl() { return refreshTokenTtl; }
  @JsonProperty public void setRefreshTokenTtl(Duration v) { this.refreshTokenTtl = v; }
  @JsonProperty public int getArgon2MemoryKib() { return argon2MemoryKib; }
  @JsonProperty public void setArgon2MemoryKib(int v) { this.argon2MemoryKib = v; }
  @JsonProperty public int getArgon2Iterations() { return argon2Iterations; }
  @JsonProperty public void setArgon2Iterations(int v) { this.argon2Iterations = v; }
  @JsonProperty public int getArgon2Parallelism() { return argon2Parallelism; }
  @JsonProperty public void setArgon2Parallelism(int v) { this.argon2Parallelism = v; }
  @JsonProperty public int getMaxProfilesPerAccount() { return maxProfilesPerAccount; }
  @JsonProperty public void setMaxProfilesPerAccount(int v) { this.maxProfilesPerAccount = v; }
  @JsonProperty public int getMaxFailedLogins() { return maxFailedLogins; }
  @JsonProperty public void setMaxFailedLogins(int v) { this.maxFailedLogins = v; }
  @JsonProperty public int getMaxFailedLoginsPerAddress() { return maxFailedLoginsPerAddress; }
  @JsonProperty public void setMaxFailedLoginsPerAddress(int v) { this.maxFailedLoginsPerAddress = v; }
  @JsonProperty public Duration getLoginWindow() { return loginWindow; }
  @JsonProperty public void setLoginWindow(Duration v) { this.loginWindow = v; }
  @JsonProperty public Duration getLoginBaseDelay() { return loginBaseDelay; }
  @JsonProperty public void setLoginBaseDelay(Duration v) { this.loginBaseDelay = v; }
  @JsonProperty public Duration getLoginMaxDelay() { return loginMaxDelay; }
  @JsonProperty public void setLoginMaxDelay(Duration v) { this.loginMaxDelay = v; }
  @JsonProperty public int getMaxTrackedClients() { return maxTrackedClients; }
  @JsonProperty public void setMaxTrackedClients(int v) { this.maxTrackedClients = v; }
  @JsonProperty public int getSignupsPerAddressPerHour() { return signupsPerAddressPerHour; }
  @JsonProperty public void setSignupsPerAddressPerHour(int v) { this.signupsPerAddressPerHour = v; }
  @JsonProperty public int getDeviceCodesPerAddressPerHour() { return deviceCodesPerAddressPerHour; }
  @JsonProperty public void setDeviceCodesPerAddressPerHour(int v) { this.deviceCodesPerAddressPerHour = v; }
  @JsonProperty public int getMaxConcurrentPasswordHashes() { return maxConcurrentPasswordHashes; }
  @JsonProperty public void setMaxConcurrentPasswordHashes(int v) { this.maxConcurrentPasswordHashes = v; }
  @JsonProperty public String getDeviceVerificationUri() { return deviceVerificationUri; }
  @JsonProperty public void setDeviceVerificationUri(String v) { this.deviceVerificationUri = v; }
}
