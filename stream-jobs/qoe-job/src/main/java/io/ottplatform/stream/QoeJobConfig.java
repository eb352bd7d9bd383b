package io.ottplatform.stream;

import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The QoE job's one configuration object: immutable, validated once at start with every error
 * reported together. Sources, lowest precedence first: built-in defaults, a properties file
 * ({@code --config file}), environment variables ({@code OTT_QOE_<KEY>} with the key upper-cased and
 * dashes as underscores, e.g. {@code OTT_QOE_BOOTSTRAP}), then {@code --key value} arguments.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param groupId consumer group of the source (offsets are kept in checkpoints, committed for monitoring)
 * @param startingOffsets where a fresh job starts reading: earliest, latest or committed
 * @param bounded read up to the topic's end offsets at start, then finish (benchmarks, backfills)
 * @param parallelism operator parallelism
 * @param checkpointInterval how often state is checkpointed and Kafka transactions commit: the
 *     freshness floor of the Kafka outputs
 * @param checkpointDir where checkpoints go (a file:// or s3:// URI; durable storage on a cluster)
 * @param outOfOrderness how far behind the newest event an event may arrive and still be on time
 * @param idleness a partition without events this long stops holding the watermark back
 * @param sessionTimeout a view without events this long (event time) has ended
 * @param finalizeAfter a minute's aggregate becomes final this long after the minute ends (event
 *     time); at least the session timeout so that timed-out views still land in their minute
 * @param earlyFireInterval how often the open minutes are published (processing time)
 * @param dedupTtl how long (event time) a session's event ids are remembered after its newest event, for
 *     duplicate removal
 * @param jdbcUrl PostgreSQL for the live dashboard table {@code qoe_minute}; empty to skip
 */
public record QoeJobConfig(
    String bootstrap,
    String groupId,
    String inputTopic,
    String summariesTopic,
    String aggregatesTopic,
    String lateTopic,
    String startingOffsets,
    boolean bounded,
    int parallelism,
    Duration checkpointInterval,
    Optional<String> checkpointDir,
    Duration outOfOrderness,
    Duration idleness,
    Duration sessionTimeout,
    Duration finalizeAfter,
    Duration earlyFireInterval,
    Duration dedupTtl,
    String transactionalIdPrefix,
    Optional<String> jdbcUrl,
    String jdbcUser,
    String jdbcPassword) {

  public static final String ENV_PREFIX = "OTT_QOE_";

  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("bootstrap", "127.0.0.1:9092"),
      Map.entry("group-id", "ott-qoe-job"),
      Map.entry("input-topic", Topics.PLAYBACK_EVENTS.name()),
      Map.entry("summaries-topic", Topics.VIEW_SUMMARIES.name()),
      Map.entry("aggregates-topic", Topics.QOE_AGGREGATES.name()),
      Map.entry("late-topic", Topics.PLAYBACK_EVENTS_LATE.name()),
      Map.entry("starting-offsets", "earliest"),
      Map.entry("bounded", "false"),
      Map.entry("parallelism", "2"),
      Map.entry("checkpoint-interval", "5s"),
      // filesystem checkpoints: the JobManager-heap default refuses state over 5 MB per task
      Map.entry("checkpoint-dir", Path.of(System.getProperty("java.io.tmpdir"), "ott-qoe-checkpoints").toUri().toString()),
      Map.entry("out-of-orderness", "5s"),
      Map.entry("idleness", "30s"),
      Map.entry("session-timeout", ViewQoeCalculator.VIEW_TIMEOUT.toSeconds() + "s"),
      Map.entry("finalize-after", "70s"),
      Map.entry("early-fire-interval", "5s"),
      Map.entry("dedup-ttl", "10m"),
      Map.entry("transactional-id-prefix", "ott-qoe"),
      Map.entry("jdbc-url", ""),
      Map.entry("jdbc-user", "postgres"),
      Map.entry("jdbc-password", ""));

  public QoeJobConfig {
    List<String> errors = new ArrayList<>();
    check(errors, notBlank(bootstrap), "bootstrap is required");
    check(errors, notBlank(groupId), "group-id is required");
    check(errors, notBlank(inputTopic) && notBlank(summariesTopic) && notBlank(aggregatesTopic) && notBlank(lateTopic),
        "topics must not be blank");
    check(errors, List.of("earliest", "latest", "committed").contains(startingOffsets),
        "starting-offsets must be earliest, latest or committed: %s", startingOffsets);
    check(errors, parallelism >= 1, "parallelism must be >= 1: %s", parallelism);
    check(errors, positive(checkpointInterval), "checkpoint-interval must be > 0: %s", checkpointInterval);
    check(errors, outOfOrderness != null && !outOfOrderness.isNegative(), "out-of-orderness must be >= 0: %s", outOfOrderness);
    check(errors, positive(idleness), "idleness must be > 0: %s", idleness);
    check(errors, positive(sessionTimeout), "session-timeout must be > 0: %s", sessionTimeout);
    check(errors, finalizeAfter != null && sessionTimeout != null && finalizeAfter.compareTo(sessionTimeout) >= 0,
        "finalize-after must be >= session-timeout (a timed-out view must still find its minute open): %s < %s",
        finalizeAfter, sessionTimeout);
    check(errors, positive(earlyFireInterval), "early-fire-interval must be > 0: %s", earlyFireInterval);
    check(errors, positive(dedupTtl), "dedup-ttl must be > 0: %s", dedupTtl);
    check(errors, notBlank(transactionalIdPrefix), "transactional-id-prefix is required");
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid QoE job config: " + String.join("; ", errors));
    }
  }

  /** Defaults, then {@code --config file}, then the environment, then {@code --key value} arguments. */
  public static QoeJobConfig load(String[] args, Map<String, String> env) {
    Map<String, String> cli = parseArgs(args);
    Map<String, String> values = new HashMap<>(DEFAULTS);
    if (cli.containsKey("config")) {
      values.putAll(readFile(Path.of(cli.remove("config"))));
    }
    for (String key : DEFAULTS.keySet()) {
      String fromEnv = env.get(ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (fromEnv != null) {
        values.put(key, fromEnv);
      }
    }
    values.putAll(cli);
    return fromMap(values);
  }

  public static QoeJobConfig fromMap(Map<String, String> overrides) {
    Map<String, String> v = new HashMap<>(DEFAULTS);
    v.putAll(overrides);
    List<String> errors = new ArrayList<>();
    for (String key : overrides.keySet()) {
      check(errors, DEFAULTS.containsKey(key), "unknown setting: %s", key);
    }
    int parallelism = parseInt(errors, "parallelism", v.get("parallelism"));
    Duration[] d = new Duration[8];
    String[] durationKeys = {"checkpoint-interval", "out-of-orderness", "idleness", "session-timeout",
        "finalize-after", "early-fire-interval", "dedup-ttl"};
    for (int i = 0; i < durationKeys.length; i++) {
      d[i] = parseDuration(errors, durationKeys[i], v.get(durationKeys[i]));
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid QoE job config: " + String.join("; ", errors));
    }
    return new QoeJobConfig(v.get("bootstrap"), v.get("group-id"), v.get("input-topic"), v.get("summaries-topic"),
        v.get("aggregates-topic"), v.get("late-topic"), v.get("starting-offsets"),
        Boolean.parseBoolean(v.get("bounded")), parallelism, d[0], emptyToNone(v.get("checkpoint-dir")),
        d[1], d[2], d[3], d[4], d[5], d[6], v.get("transactional-id-prefix"),
        emptyToNone(v.get("jdbc-url")), v.get("jdbc-user"), v.get("jdbc-password"));
  }

  /** Same config with some settings replaced (tests, the benchmark). */
  public QoeJobConfig with(Map<String, String> overrides) {
    Map<String, String> v = new HashMap<>(asMap());
    v.putAll(overrides);
    return fromMap(v);
  }

  public Map<String, String> asMap() {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap", bootstrap);
    m.put("group-id", groupId);
    m.put("input-topic", inputTopic);
    m.put("summaries-topic", summariesTopic);
    m.put("aggregates-topic", aggregatesTopic);
    m.put("late-topic", lateTopic);
    m.put("starting-offsets", startingOffsets);
    m.put("bounded", Boolean.toString(bounded));
    m.put("parallelism", Integer.toString(parallelism));
    m.put("checkpoint-interval", checkpointInterval.toMillis() + "ms");
    m.put("checkpoint-dir", checkpointDir.orElse(""));
    m.put("out-of-orderness", outOfOrderness.toMillis() + "ms");
    m.put("idleness", idleness.toMillis() + "ms");
    m.put("session-timeout", sessionTimeout.toMillis() + "ms");
    m.put("finalize-after", finalizeAfter.toMillis() + "ms");
    m.put("early-fire-interval", earlyFireInterval.toMillis() + "ms");
    m.put("dedup-ttl", dedupTtl.toMillis() + "ms");
    m.put("transactional-id-prefix", transactionalIdPrefix);
    m.put("jdbc-url", jdbcUrl.orElse(""));
    m.put("jdbc-user", jdbcUser);
    m.put("jdbc-password", jdbcPassword);
    return m;
  }

  @Override
  public String toString() {
    Map<String, String> m = new java.util.TreeMap<>(asMap());
    m.put("jdbc-password", jdbcPassword.isEmpty() ? "" : "***");
    return "QoeJobConfig" + m;
  }

  static Map<String, String> parseArgs(String[] args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("expected --key value, got: " + a);
      }
      String key = a.substring(2);
      int eq = key.indexOf('=');
      if (eq > 0) {
        m.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < args.length) {
        m.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("missing value for --" + key);
      }
    }
    return m;
  }

  private static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> m = new HashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
    return m;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /** "500ms", "5s", "2m", "1h", or ISO-8601 ("PT5S"). */
  static Duration parseDuration(List<String> errors, String key, String value) {
    if (value != null) {
      Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
      }
      try {
        return Duration.parse(value.trim());
      } catch (RuntimeException ignored) {
        // reported below with the key
      }
    }
    errors.add(key + " is not a duration (e.g. 500ms, 5s, 2m): " + value);
    return null;
  }

  private static int parseInt(List<String> errors, String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (RuntimeException e) {
      errors.add(key + " is not an integer: " + value);
      return -1;
    }
  }

  private static Optional<String> emptyToNone(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void check(List<String> errors, boolean ok, String message, Object... args) {
    if (!ok) {
      errors.add(String.format(message, args));
    }
  }
}
