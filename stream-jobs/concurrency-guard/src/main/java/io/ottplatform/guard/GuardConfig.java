package io.ottplatform.guard;

import io.ottplatform.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The concurrency guard's one configuration object, read through {@code libs/config}: the bundled
 * {@code concurrency-guard.yml} (or {@code --config FILE}) with {@code ${ENV:-default}} substitution
 * ({@code OTT_KAFKA_BOOTSTRAP}, {@code OTT_HOME}, {@code OTT_GUARD_*}), then {@code --set key=value}. Every bad key
 * and value is reported at once by {@link Settings#finish()}.
 *
 * @param heartbeatInterval the SDK heartbeat period; a session without an event for two of them is no longer active
 * @param defaultLimit concurrent streams allowed to an account without a plan on account.plans
 * @param httpPort port of the query API ({@code GET /accounts/{id}/streams}); 0 picks a free one
 * @param advertisedHost host name other instances and clients reach this one's HTTP API at
 * @param stateDir Kafka Streams' local state (RocksDB stores, rebuilt from their changelog topics when lost)
 * @param bindHost the interface the HTTP API listens on: loopback unless other hosts must reach it
 * @param apiToken the bearer token every API request must carry (the answers name any account's sessions)
 */
public record GuardConfig(
    String bootstrap,
    String applicationId,
    Duration heartbeatInterval,
    int defaultLimit,
    int httpPort,
    String advertisedHost,
    String stateDir,
    String bindHost,
    String apiToken) {

  /** A token shorter than this is guessable; serving-api sends the same value (OTT_GUARD_TOKEN). */
  public static final int MIN_TOKEN_LENGTH = 32;

  /** The name of the bundled settings file ({@code concurrency-guard.yml}) and of the deployable. */
  public static final String NAME = "concurrency-guard";

  static final String USAGE = """
      Usage: GuardMain [--config FILE] [--set key=value]... [--help]

      Runs the Kafka Streams concurrency guard and its HTTP API. --<key> VALUE is short for --set <key>=VALUE.
      Environment: OTT_KAFKA_BOOTSTRAP, OTT_HOME (state in $OTT_HOME/state/concurrency-guard),
      OTT_GUARD_HTTP_PORT (8095), OTT_GUARD_BIND_HOST (127.0.0.1), OTT_GUARD_ADVERTISED_HOST, OTT_GUARD_DEFAULT_LIMIT,
      OTT_GUARD_TOKEN (required, >= 32 characters: the bearer token of the HTTP API, also given to serving-api).
      SIGTERM closes Kafka Streams cleanly (its local state is kept and reused at the next start).
      """;

  /** Reads every setting from {@code s}; the caller prints {@link Settings#help()} or calls {@link Settings#finish()}. */
  public static GuardConfig read(Settings s) {
    String bootstrap = s.string("bootstrap", "Kafka bootstrap servers");
    String applicationId = s.string("application-id", "ott-concurrency-guard",
        "Kafka Streams application id (consumer group, changelog and repartition topic prefix)");
    Duration heartbeat = s.duration("heartbeat-interval", "10s",
        "the SDK heartbeat period; a session is active until two pass without an event");
    s.check(heartbeat.toMillis() >= 1000, "heartbeat-interval = '" + heartbeat.toMillis() + "ms': must be >= 1s");
    int defaultLimit = s.integer("default-limit", 2, 1, 1000, "streams allowed to an account without a plan");
    int httpPort = s.integer("http-port", 8095, 0, 65535, "port of the HTTP API (0: any free port)");
    String advertisedHost = s.string("advertised-host", "127.0.0.1",
        "host other instances and clients reach this instance's HTTP API at");
    Path stateDir = s.path("state-dir", ".ott/state/concurrency-guard",
        "Kafka Streams state (RocksDB); rebuilt from the changelog topics when missing");
    String bindHost = s.string("bind-host", "127.0.0.1",
        "interface the HTTP API listens on (0.0.0.0: every interface, for instances on other hosts)");
    String apiToken = s.secret("api-token", "", "bearer token every HTTP API request must carry");
    s.check(apiToken.length() >= MIN_TOKEN_LENGTH, "api-token (OTT_GUARD_TOKEN): must be set to at least "
        + MIN_TOKEN_LENGTH + " characters (was " + apiToken.length() + "); serving-api sends the same value");
    return new GuardConfig(bootstrap, applicationId, heartbeat, defaultLimit, httpPort, advertisedHost,
        stateDir.toAbsolutePath().normalize().toString(), bindHost, apiToken);
  }

  /** The settings a deployment runs with: the bundled file (or {@code --config}), the environment, {@code --set}. */
  public static Settings settings(String[] args, Map<String, String> env) {
    return Settings.load(NAME, expandShorthand(args), env);
  }

  /**
   * A validated config from the bundled file and this process's environment with {@code overrides} applied as
   * {@code --set key=value}: the programmatic way for tests.
   */
  public static GuardConfig fromMap(Map<String, String> overrides) {
    List<String> args = new ArrayList<>();
    overrides.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    Settings s = settings(args.toArray(String[]::new), System.getenv());
    GuardConfig config = read(s);
    s.finish();
    return config;
  }

  /** {@code --key value} and {@code --key=value} become {@code --set key=value}; the rest is left to Settings. */
  static String[] expandShorthand(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--config") || a.equals("--set")) && i + 1 < args.length) {
        out.add(a);
        out.add(args[++i]);
      } else if (a.startsWith("--") && a.length() > 2 && a.contains("=")) {
        out.add("--set");
        out.add(a.substring(2));
      } else if (a.startsWith("--") && a.length() > 2 && !a.equals("--help") && i + 1 < args.length) {
        out.add("--set");
        out.add(a.substring(2) + "=" + args[++i]);
      } else {
        out.add(a);
      }
    }
    return out.toArray(String[]::new);
  }

  /** A session is active until this long passes without an event from it. */
  public Duration activeFor() {
    return heartbeatInterval.multipliedBy(2);
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
    // a record that does not decode (a producer other than ingest, a corrupted write) is logged and skipped, and
    // counted by Kafka Streams' dropped-records metric: the default handler would stop the stream thread, and a
    // stopped guard answers 503 to every grant check until someone restarts it
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    // static membership: an instance restarted after a crash takes its partitions back at once instead of
    // waiting out the dead member's session (45 s); application.server is unique per instance, so is this
    p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, applicationId + "-" + advertisedHost + "-" + boundHttpPort);
    return p;
  }
}
