package io.ottplatform.stream;

import io.ottplatform.config.Durations;
import io.ottplatform.config.Settings;
import io.ottplatform.schemas.kafka.Topics;
import io.ottplatform.schemas.qoe.ViewQoeCalculator;
import io.ottplatform.stream.health.HealthEndpointConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The QoE job's one configuration object, read through {@code libs/config}: the bundled {@code qoe-job.yml}
 * (or {@code --config FILE}) with {@code ${ENV:-default}} substitution ({@code OTT_KAFKA_BOOTSTRAP},
 * {@code OTT_HOME}, {@code OTT_DB_URL}, ...), then {@code --set key=value}. Every bad key and value is reported
 * at once by {@link Settings#finish()}; {@code --help} lists what is read here.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param groupId consumer group of the source (offsets are kept in checkpoints, committed for monitoring)
 * @param startingOffsets where a job without a checkpoint or savepoint starts reading: earliest, latest or committed
 * @param bounded read up to the topic's end offsets at start, then finish (benchmarks, backfills)
 * @param parallelism operator parallelism
 * @param checkpointInterval how often state is checkpointed and Kafka transactions commit: the freshness floor of
 *     the Kafka outputs
 * @param checkpointDir where checkpoints go: a local path or a URI ({@code file://}, {@code s3://}); the job
 *     resumes from the newest completed one found here when it is local
 * @param savepointDir where the savepoint taken on stop goes (same forms as {@code checkpointDir})
 * @param checkpointsRetained completed checkpoints kept (Flink's {@code state.checkpoints.num-retained}); older
 *     runs' checkpoints are removed once a newer restore point exists
 * @param savepointsRetained savepoints kept in {@code savepointDir}; older ones are removed at start
 * @param stopTimeout how long a stop (SIGTERM) may take to write its savepoint before the process gives up on it
 * @param outOfOrderness how far behind the newest event an event may arrive and still be on time
 * @param idleness a partition without events this long stops holding the watermark back
 * @param sessionTimeout a view without events this long (event time) has ended
 * @param reopenWindow how long (event time) after a timed-out view's summary its events still reopen it; its next
 *     summary (the whole view, the next revision) supersedes the earlier one
 * @param finalizeAfter a minute's aggregate becomes final this long after the minute ends (event time); at least
 *     the session timeout so that timed-out views still land in their minute
 * @param earlyFireInterval how often the open minutes are published (processing time)
 * @param dedupTtl how long (event time) a session's event ids are remembered after its newest event
 * @param jdbcUrl PostgreSQL for the live tables {@code qoe_minute} and {@code qoe_view}; empty to skip
 * @param endedViewDelay how long (processing time) after its {@code VIEW_END}/{@code ENDED} was applied an ended view
 *     is summarized, whatever the watermark: the view's freshness when other partitions are quiet
 * @param viewRetention how long a {@code qoe_view} row is kept after the job last wrote it
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
    String checkpointDir,
    String savepointDir,
    int checkpointsRetained,
    int savepointsRetained,
    Duration stopTimeout,
    Duration outOfOrderness,
    Duration idleness,
    Duration sessionTimeout,
    Duration reopenWindow,
    Duration finalizeAfter,
    Duration earlyFireInterval,
    Duration dedupTtl,
    String transactionalIdPrefix,
    Optional<String> jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Duration endedViewDelay,
    Duration viewRetention) {

  /** The name of the bundled settings file ({@code qoe-job.yml}) and of the deployable. */
  public static final String NAME = "qoe-job";

  private static final List<String> STARTING_OFFSETS = List.of("earliest", "latest", "committed");

  /**
   * Reads every setting from {@code s}, adding each bad value and broken rule to its problems; the caller prints
   * {@link Settings#help()} or calls {@link Settings#finish()} before using the result.
   */
  public static QoeJobConfig read(Settings s) {
    String bootstrap = s.string("bootstrap", "Kafka bootstrap servers");
    String groupId = s.string("group-id", "ott-qoe-job", "source consumer group (offsets live in checkpoints)");
    String input = s.string("input-topic", Topics.PLAYBACK_EVENTS.name(), "playback events");
    String summaries = s.string("summaries-topic", Topics.VIEW_SUMMARIES.name(), "one summary per view (compacted)");
    String aggregates = s.string("aggregates-topic", Topics.QOE_AGGREGATES.name(), "per-minute QoE aggregates");
    String late = s.string("late-topic", Topics.PLAYBACK_EVENTS_LATE.name(), "events too late for their minute");
    String startingOffsets = s.string("starting-offsets", "earliest",
        "where a job without checkpoint or savepoint starts: earliest, latest or committed");
    s.check(STARTING_OFFSETS.contains(startingOffsets),
        "starting-offsets = '" + startingOffsets + "': not one of " + STARTING_OFFSETS);
    boolean bounded = s.bool("bounded", false, "read to the end offsets at start, then finish");
    int parallelism = s.integer("parallelism", 2, 1, 1024, "operator parallelism");
    Duration checkpointInterval = s.duration("checkpoint-interval", "5s", "checkpoints and Kafka commits");
    String checkpointDir = s.string("checkpoint-dir", ".ott/state/qoe-job/checkpoints",
        "checkpoints: a path or URI (file://, s3://); the job resumes from the newest completed one");
    String savepointDir = s.string("savepoint-dir", ".ott/state/qoe-job/savepoints",
        "savepoints taken on stop: a path or URI");
    int checkpointsRetained = s.integer("checkpoints-retained", 3, 1, 100, "completed checkpoints kept");
    int savepointsRetained = s.integer("savepoints-retained", 3, 1, 100, "savepoints kept in savepoint-dir");
    Duration stopTimeout = s.duration("stop-timeout", "60s", "how long a stop may take to write its savepoint");
    Duration outOfOrderness = s.duration("out-of-orderness", "5s", "watermark bound");
    Duration idleness = s.duration("idleness", "30s", "an idle partition stops holding back the watermark");
    Duration sessionTimeout = s.duration("session-timeout", ViewQoeCalculator.VIEW_TIMEOUT.toSeconds() + "s",
        "a view without events this long has ended");
    Duration reopenWindow = s.duration("reopen-window", "10m",
        "how long after a timed-out view's summary its late events reopen it (next revision)");
    Duration finalizeAfter = s.duration("finalize-after", "70s", "a minute is final this long after it ends");
    s.check(finalizeAfter.compareTo(sessionTimeout) >= 0,
        "finalize-after = '" + Durations.format(finalizeAfter) + "' must be >= session-timeout = '"
            + Durations.format(sessionTimeout) + "' (a timed-out view must still find its minute open)");
    Duration earlyFire = s.duration("early-fire-interval", "5s", "how often open minutes are republished");
    Duration dedupTtl = s.duration("dedup-ttl", "10m", "how long a session's event ids are remembered");
    String transactionalIdPrefix = s.string("transactional-id-prefix", "ott-qoe",
        "prefix of the Kafka transactional ids (unique per job; keep it across restarts)");
    String jdbcUrl = s.string("jdbc-url", "", "PostgreSQL of the live tables qoe_minute and qoe_view; empty: none");
    String jdbcUser = s.string("jdbc-user", "postgres", "PostgreSQL user");
    String jdbcPassword = s.secret("jdbc-password", "", "PostgreSQL password");
    Duration endedViewDelay = s.duration("ended-view-delay", "1s",
        "an ended view is summarized this long (processing time) after its end event, whatever the watermark");
    Duration viewRetention = s.duration("view-retention", "30d", "qoe_view rows are deleted this long after written");
    s.check(!viewRetention.isZero() && !viewRetention.isNegative(),
        "view-retention = '" + Durations.format(viewRetention) + "' must be positive");
    return new QoeJobConfig(bootstrap, groupId, input, summaries, aggregates, late, startingOffsets, bounded,
        parallelism, checkpointInterval, checkpointDir, savepointDir, checkpointsRetained, savepointsRetained,
        stopTimeout, outOfOrderness, idleness, sessionTimeout, reopenWindow, finalizeAfter, earlyFire, dedupTtl,
        transactionalIdPrefix, jdbcUrl.isBlank() ? Optional.empty() : Optional.of(jdbcUrl.trim()), jdbcUser,
        jdbcPassword, endedViewDelay, viewRetention);
  }

  /** The settings a deployment runs with: the bundled file (or {@code --config}), the environment, {@code --set}. */
  public static Settings settings(String[] args, Map<String, String> env) {
    return Settings.load(NAME, args, env);
  }

  /**
   * A validated config from the bundled {@code qoe-job.yml} and this process's environment with {@code overrides}
   * applied as {@code --set key=value}: the programmatic way for tests and benchmarks. Throws
   * {@link io.ottplatform.config.ConfigException} naming every bad key.
   */
  public static QoeJobConfig fromMap(Map<String, String> overrides) {
    List<String> args = new ArrayList<>();
    overrides.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    Settings s = settings(args.toArray(String[]::new), System.getenv());
    QoeJobConfig config = read(s);
    // the process endpoint's keys are in the same file: validated here too, though tests and benchmarks run none
    HealthEndpointConfig.read(s, config.checkpointInterval());
    s.finish();
    return config;
  }

  /** {@link #checkpointDir} as a URI Flink accepts (a plain path becomes an absolute {@code file:} URI). */
  public String checkpointUri() {
    return toUri(checkpointDir);
  }

  /** {@link #savepointDir} as a URI Flink accepts. */
  public String savepointUri() {
    return toUri(savepointDir);
  }

  /** The checkpoint folder on this machine's disk, when it is one (not for {@code s3://} and the like). */
  public Optional<Path> localCheckpointDir() {
    return localPath(checkpointDir);
  }

  /** The savepoint folder on this machine's disk, when it is one. */
  public Optional<Path> localSavepointDir() {
    return localPath(savepointDir);
  }

  @Override
  public String toString() {
    return "QoeJobConfig[bootstrap=" + bootstrap + ", groupId=" + groupId + ", topics=" + inputTopic + " -> "
        + summariesTopic + ", " + aggregatesTopic + ", " + lateTopic + ", parallelism=" + parallelism
        + ", checkpointInterval=" + checkpointInterval + ", checkpointDir=" + checkpointDir + ", savepointDir="
        + savepointDir + ", jdbcUrl=" + jdbcUrl.orElse("(none)") + ", jdbcUser=" + jdbcUser
        + ", jdbcPassword=" + (jdbcPassword.isEmpty() ? "(empty)" : "***") + "]";
  }

  private static String toUri(String location) {
    return localPath(location).map(p -> p.toUri().toString()).orElse(location);
  }

  private static Optional<Path> localPath(String location) {
    if (location.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(location)).toAbsolutePath().normalize());
    }
    if (location.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(location).toAbsolutePath().normalize());
  }
}
