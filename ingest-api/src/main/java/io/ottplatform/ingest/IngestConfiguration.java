package io.ottplatform.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one configuration of ingest-api: YAML defaults (config.yml), environment overrides through
 * {@code ${VAR:-default}} substitution, validated at start with every error reported at once.
 */
public class IngestConfiguration extends Configuration {

  @Valid @NotNull @JsonProperty private KafkaSettings kafka = new KafkaSettings();
  @Valid @NotNull @JsonProperty private TokenSettings playbackToken = new TokenSettings();
  @Valid @NotNull @JsonProperty private Limits limits = new Limits();
  @Valid @NotNull @JsonProperty private RateLimits rateLimits = new RateLimits();
  @Valid @NotNull @JsonProperty private Enrichment enrichment = new Enrichment();
  @Valid @NotNull @JsonProperty private Cors cors = new Cors();

  public KafkaSettings getKafka() {
    return kafka;
  }

  public TokenSettings getPlaybackToken() {
    return playbackToken;
  }

  public Limits getLimits() {
    return limits;
  }

  public RateLimits getRateLimits() {
    return rateLimits;
  }

  public Enrichment getEnrichment() {
    return enrichment;
  }

  public Cors getCors() {
    return cors;
  }

  /** The producer: idempotent, acks=all, lz4 always; the rest tunable. */
  public static class KafkaSettings {
    @NotEmpty @JsonProperty public String bootstrapServers = "127.0.0.1:9092";
    /** How long a request waits for Kafka's acknowledgement before it gets 503 (the events may still land: a retry then duplicates them, which event_id dedups). */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @JsonProperty public Duration ackTimeout = Duration.seconds(5);
    /** After a send failed or timed out, answer 503 at once for this long instead of queueing behind a dead broker. */
    @NotNull @JsonProperty public Duration unavailableBackoff = Duration.seconds(1);
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @JsonProperty public Duration deliveryTimeout = Duration.seconds(8);
    @NotNull @JsonProperty public Duration requestTimeout = Duration.seconds(3);
    /** How long send() may block on a full buffer or missing metadata before the request gets 503. */
    @NotNull @JsonProperty public Duration maxBlock = Duration.milliseconds(50);
    @Min(0) @Max(1000) @JsonProperty public int lingerMs = 5;
    @NotNull @MinDataSize(1024) @JsonProperty public DataSize batchSize = DataSize.kibibytes(128);
    @NotNull @MinDataSize(1024 * 1024) @JsonProperty public DataSize bufferMemory = DataSize.mebibytes(64);
    /** Extra producer properties; the durability settings cannot be overridden here. */
    @NotNull @JsonProperty public Map<String, String> producerOverrides = new LinkedHashMap<>();

    @ValidationMethod(message = "kafka.producerOverrides may not weaken durability (acks, enable.idempotence)")
    public boolean isDurabilityKept() {
      return !producerOverrides.containsKey("acks") && !producerOverrides.containsKey("enable.idempotence");
    }

    @ValidationMethod(message = "kafka.deliveryTimeout must be at least kafka.requestTimeout plus linger")
    public boolean isDeliveryTimeoutConsistent() {
      return deliveryTimeout.toMilliseconds() >= requestTimeout.toMilliseconds() + lingerMs;
    }
  }

  /**
   * docs/playback-token.md: ES256 only, public keys from serving-api's JWKS URL, or from a JWKS file, which
   * wins when both are set (config.yml always names the local serving-api's URL).
   */
  public static class TokenSettings {
    @JsonProperty public String jwksFile;
    @JsonProperty public String jwksUrl;
    @NotNull @JsonProperty public Duration jwksRefresh = Duration.minutes(5);
    @NotEmpty @JsonProperty public String issuer = "ott-serving-api";
    @NotEmpty @JsonProperty public String audience = "ott-ingest";
    @NotNull @JsonProperty public Duration clockSkew = Duration.seconds(30);

    @ValidationMethod(message = "playbackToken needs jwksUrl (serving-api's /.well-known/jwks.json) or jwksFile")
    public boolean isKeySourceGiven() {
      return !blank(jwksFile) || !blank(jwksUrl);
    }
  }

  public static class Limits {
    @Min(1) @Max(10_000) @JsonProperty public int maxEvents = 300;
    @NotNull @MinDataSize(1024) @JsonProperty public DataSize maxBodySize = DataSize.kibibytes(512);
    /** Events stamped further in the future than this by the player's clock are refused. */
    @NotNull @JsonProperty public Duration maxClockAhead = Duration.minutes(5);
    /** Events older than this (an SDK's offline queue) are refused. */
    @NotNull @JsonProperty public Duration maxEventAge = Duration.hours(24);
  }

  public static class RateLimits {
    @Valid @NotNull @JsonProperty public Bucket perSession = new Bucket(2, 20);
    /**
     * Every session of one account together (the token's {@code acc}): a client that mints playback sessions gets
     * a fresh per-session bucket with each, so this is what bounds one subscriber. Five sessions' worth by default,
     * above any plan's screen limit.
     */
    @Valid @NotNull @JsonProperty public Bucket perAccount = new Bucket(10, 100);
    @Valid @NotNull @JsonProperty public Bucket perIp = new Bucket(50, 200);
  }

  /** A token bucket: {@code requestsPerSecond} sustained, {@code burst} at once; 0 turns it off. */
  public static class Bucket {
    @Min(0) @JsonProperty public double requestsPerSecond;
    @Min(0) @JsonProperty public int burst;

    public Bucket() {}

    public Bucket(double requestsPerSecond, int burst) {
      this.requestsPerSecond = requestsPerSecond;
      this.burst = burst;
    }

    public boolean enabled() {
      return requestsPerSecond > 0 && burst > 0;
    }
  }

  public static class Enrichment {
    /** The CDN header carrying the viewer's country (ISO 3166-1 alpha-2), believed only from trusted proxies. */
    @NotEmpty @JsonProperty public String countryHeader = "CloudFront-Viewer-Country";
    /** CIDR ranges of the proxies/CDN in front: only they may set the country header and X-Forwarded-For. */
    @NotNull @JsonProperty public List<@Pattern(regexp = "[0-9a-fA-F:.]+(/[0-9]{1,3})?") String> trustedProxies = new ArrayList<>();
    @Min(0) @JsonProperty public int userAgentCacheSize = 10_000;
  }

  public static class Cors {
    /**
     * Origins whose pages may post from a browser, exactly as browsers send {@code Origin}
     * ({@code https://player.example.com}); none by default. {@code *} allows any, only when listed explicitly.
     */
    @NotNull @JsonProperty public List<@NotEmpty @Pattern(regexp = "\\*|https?://[^/\\s]+",
        message = "must be * or an origin such as https://player.example.com (scheme, host, optional port; no path)")
        String> allowedOrigins = new ArrayList<>();
    @NotNull @JsonProperty public Duration preflightMaxAge = Duration.hours(1);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
