package io.ottplatform.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The concurrency guard's one configuration object, validated at start with every error reported
 * together. Defaults, then environment variables {@code OTT_GUARD_<KEY>} (upper-case, dashes as
 * underscores), then {@code --key value} arguments.
 *
 * @param heartbeatInterval the SDK heartbeat period; a session without an event for two of them is no
 *     longer active
 * @param defaultLimit concurrent streams allowed to an account without a plan on account.plans
 * @param httpPort port of the query API ({@code GET /accounts/{id}/streams}); 0 picks a free one
 * @param advertisedHost host name other instances and clients reach this one's HTTP API at
 */
public record GuardConfig(
    String bootstrap,
    String applicationId,
    Duration heartbeatInterval,
    int defaultLimit,
    int httpPort,
    String advertisedHost,
    String stateDir) {

  public static final String ENV_PREFIX = "OTT_GUARD_";

  static final Map<String, String> DEFAULTS = Map.of(
      "bootstrap", "127.0.0.1:9092",
      "application-id", "ott-concurrency-guard",
      "heartbeat-interval-ms", "10000",
      "default-limit", "2",
      "http-port", "8095",
      "advertised-host", "127.0.0.1",
      "state-dir", System.getProperty("java.io.tmpdir") + "/ott-concurrency-guard");

  public GuardConfig {
    List<String> errors = new ArrayList<>();
    if (bootstrap == null || bootstrap.isBlank()) errors.add("bootstrap is required");
    if (applicationId == null || applicationId.isBlank()) errors.add("application-id is required");
    if (heartbeatInterval == null || heartbeatInterval.toMillis() < 1000) {
      errors.add("heartbeat-interval-ms must be >= 1000: " + heartbeatInterval);
    }
    if (defaultLimit < 1) errors.add("default-limit must be >= 1: " + defaultLimit);
    if (httpPort < 0 || httpPort > 65535) errors.add("http-port must be in [0, 65535]: " + httpPort);
    if (stateDir == null || stateDir.isBlank()) errors.add("state-dir is required");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid concurrency guard config: " + String.join("; ", errors));
    }
  }

  /** A session is active until this long passes without an event from it. */
  public Duration activeFor() {
    return heartbeatInterval.multipliedBy(2);
  }

  public static GuardConfig load(String[] args, Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    for (String key : DEFAULTS.keySet()) {
      String fromEnv = env.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (fromEnv != null) values.put(key, fromEnv);
    }
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got: " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
    return fromMap(values);
  }

  public static GuardConfig fromMap(Map<String, String> overrides) {
    List<String> errors = new ArrayList<>();
    overrides.keySet().stream().filter(k -> !DEFAULTS.containsKey(k)).forEach(k -> errors.add("unknown setting: " + k));
    Map<String, String> v = new HashMap<>(DEFAULTS);
    v.putAll(overrides);
    long heartbeat = number(errors, v, "heartbeat-interval-ms");
    long limit = number(errors, v, "default-limit");
    long port = number(errors, v, "http-port");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid concurrency guard config: " + String.join("; ", errors));
    }
    return new GuardConfig(v.get("bootstrap"), v.get("application-id"), Duration.ofMillis(heartbeat), (int) limit,
        (int) port, v.get("advertised-host"), v.get("state-dir"));
  }

  /** Kafka Streams settings; {@code application.server} names this instance's HTTP API for key lookups. */
  public Properties streamsProperties(int boundHttpPort) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + boundHttpPort);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    return p;
  }

  private static long number(List<String> errors, Map<String, String> v, String key) {
    try {
      return Long.parseLong(v.get(key).trim());
    } catch (RuntimeException e) {
      errors.add(key + " is not a number: " + v.get(key));
      return 0;
    }
  }
}
