package io.ottplatform.stream;

import io.ottplatform.config.ConfigException;
import io.ottplatform.config.Settings;
import io.ottplatform.stream.connectors.KafkaConnectors;
import io.ottplatform.stream.db.QoeJobMigrations;
import io.ottplatform.stream.health.HealthEndpointConfig;
import io.ottplatform.stream.health.HealthServer;
import io.ottplatform.stream.health.JobHealth;
import io.ottplatform.stream.health.JobMetricsReporter;
import io.ottplatform.stream.health.JobMetricsReporterFactory;
import io.ottplatform.stream.recovery.RestorePoint;
import io.ottplatform.stream.recovery.StateFolders;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the QoE job, as a plain Java main on a local MiniCluster (what {@code ./ott} does) or on a Flink cluster
 * ({@code flink run}). Reads the config, plugs in the real connectors and resumes where the last run stopped:
 *
 * <ul>
 *   <li>at start, the newest completed restore point in the state folders wins: the latest retained checkpoint
 *       (a crash, {@code kill -9}) or the latest savepoint (a stop), unless {@code --from-savepoint PATH} names one;
 *       {@code --fresh} moves all of them aside (and says where) and starts from {@code starting-offsets};</li>
 *   <li>SIGTERM ({@code ./ott stop qoe-job}, {@code kill}) stops the job with a savepoint into {@code savepoint-dir}
 *       and exits 0 once it is written;</li>
 *   <li>one process per state folder: a second one refuses to start (it would fence the first one's Kafka
 *       transactions and mix their checkpoints).</li>
 * </ul>
 *
 * The folders are only scanned when they are on this machine's disk; on a cluster with {@code s3://} state the
 * Flink Kubernetes operator (or {@code flink run -s}) chooses the restore point. See docs/operations.md.
 */
public final class QoeJobMain {

  static final String USAGE = """
      Usage: QoeJobMain [--config FILE] [--set key=value]... [--from-savepoint PATH] [--fresh] [--migrate-only] [--help]

      Runs the Flink QoE job. On start it resumes from the newest completed checkpoint or savepoint in
      checkpoint-dir / savepoint-dir (or from --from-savepoint PATH); --fresh moves every old checkpoint and
      savepoint aside (printed) and starts over. SIGTERM stops the job with a savepoint and exits 0.
      With jdbc-url set it first applies its PostgreSQL migrations (qoe_minute); --migrate-only stops there.
      --<key> VALUE is short for --set <key>=VALUE. Environment: OTT_KAFKA_BOOTSTRAP, OTT_HOME (state under
      $OTT_HOME/state/qoe-job), OTT_DB_URL / OTT_DB_USER / OTT_DB_PASSWORD (the qoe_minute table; no table when
      OTT_DB_URL is unset), OTT_QOE_PARALLELISM, OTT_QOE_CHECKPOINT_INTERVAL.
      """;

  private QoeJobMain() {}

  /** What the command line asks for beyond the settings. */
  record Launch(boolean fresh, Optional<String> fromSavepoint, boolean migrateOnly, String[] settingsArgs) {

    private static final Set<String> SETTINGS_FLAGS = Set.of("--config", "--set");

    /** Splits off {@code --fresh} and {@code --from-savepoint}; {@code --key value} becomes {@code --set key=value}. */
    static Launch parse(String[] args) {
      boolean fresh = false;
      boolean migrateOnly = false;
      Optional<String> savepoint = Optional.empty();
      List<String> rest = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--fresh")) {
          fresh = true;
        } else if (a.equals("--migrate-only")) {
          migrateOnly = true;
        } else if (a.equals("--from-savepoint") && i + 1 < args.length) {
          savepoint = Optional.of(args[++i]);
        } else if (a.startsWith("--from-savepoint=")) {
          savepoint = Optional.of(a.substring("--from-savepoint=".length()));
        } else if (SETTINGS_FLAGS.contains(a) && i + 1 < args.length) {
          rest.add(a);
          rest.add(args[++i]);
        } else if (a.startsWith("--") && a.length() > 2 && a.contains("=") && !a.startsWith("--set")) {
          rest.add("--set");
          rest.add(a.substring(2));
        } else if (a.startsWith("--") && a.length() > 2 && !a.equals("--help") && i + 1 < args.length) {
          rest.add("--set");
          rest.add(a.substring(2) + "=" + args[++i]);
        } else {
          rest.add(a); // --help, or something Settings reports as unknown
        }
      }
      return new Launch(fresh, savepoint, migrateOnly, rest.toArray(String[]::new));
    }
  }

  public static void main(String[] args) throws Exception {
    Launch launch = Launch.parse(args);
    Settings settings = QoeJobConfig.settings(launch.settingsArgs(), System.getenv());
    QoeJobConfig config = QoeJobConfig.read(settings);
    HealthEndpointConfig health = HealthEndpointConfig.read(settings, config.checkpointInterval());
    if (settings.helpRequested()) {
      System.out.println(USAGE);
      System.out.println(settings.help());
      return;
    }
    try {
      settings.finish();
      if (launch.fresh() && launch.fromSavepoint().isPresent()) {
        throw new ConfigException("qoe-job command line", List.of("--fresh and --from-savepoint exclude each other"));
      }
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    try {
      System.exit(run(config, health, launch));
    } catch (Exception e) {
      // Flink's threads would keep a JVM whose main has thrown alive: a failed job must end the process
      System.err.println("qoe-job: failed: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** Runs the job until it finishes (bounded) or is stopped; returns the process exit code. */
  static int run(QoeJobConfig config, HealthEndpointConfig health, Launch launch) throws Exception {
    Optional<StateFolders> folders = config.localCheckpointDir()
        .flatMap(c -> config.localSavepointDir().map(s -> new StateFolders(c, s)));
    config.jdbcUrl().ifPresent(url -> {
      QoeJobMigrations.migrate(url, config.jdbcUser(), config.jdbcPassword());
      System.out.println("qoe-job: " + url + " migrated (" + QoeJobMigrations.CHANGELOG + ")");
    });
    if (launch.migrateOnly()) {
      return 0;
    }
    try (FileLock lock = folders.isPresent() ? lockState(folders.get()) : null) {
      Optional<RestorePoint> from = chooseRestorePoint(config, launch, folders);
      Configuration conf = new Configuration();
      from.ifPresent(p -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.uri()));
      if (health.enabled()) { // Flink's own metrics feed /healthcheck and /metrics (JobMetricsReporter)
        String reporter = "metrics.reporter." + JobMetricsReporter.NAME + ".";
        conf.addAll(Configuration.fromMap(Map.of(
            reporter + "factory.class", JobMetricsReporterFactory.class.getName(),
            reporter + "interval", JobMetricsReporter.FLINK_CONFIG_INTERVAL)));
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      QoeJob.configure(env, config);
      QoeJob.build(env, config, KafkaConnectors.playbackEvents(config), QoeJob.Sinks.real(config));
      // bound before the job is submitted: a taken port stops the process before it touches Kafka or state
      AtomicReference<JobClient> submitted = new AtomicReference<>();
      HealthServer endpoint = health.enabled() ? startHealth(health, submitted, from) : null;
      JobClient job = env.executeAsync("ott-qoe " + config.inputTopic());
      submitted.set(job);
      folders.ifPresent(f -> f.markRun(job.getJobID().toString(), "QoeJobMain run of " + config.inputTopic()
          + " started " + Instant.now() + (from.isPresent() ? " from " + from.get().folder() : " without state")));
      System.out.println("qoe-job: running as Flink job " + job.getJobID() + ", checkpoints in "
          + config.checkpointUri() + " every " + io.ottplatform.config.Durations.format(config.checkpointInterval()));
      StopWithSavepoint.onSigterm(job, config);
      try {
        job.getJobExecutionResult().get();
      } finally {
        if (endpoint != null) {
          endpoint.close();
        }
      }
      return StopWithSavepoint.exitCode(config);
    }
  }

  private static HealthServer startHealth(HealthEndpointConfig health, AtomicReference<JobClient> submitted,
      Optional<RestorePoint> from) throws IOException {
    Supplier<Optional<JobMetricsReporter.Snapshot>> metrics = () -> JobMetricsReporter.current()
        .map(JobMetricsReporter::snapshot);
    JobHealth verdicts = new JobHealth(() -> {
      JobClient job = submitted.get();
      if (job == null) {
        throw new IllegalStateException("the job is not submitted yet");
      }
      try {
        return job.getJobStatus().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }, metrics, from.map(p -> p.folder().toString()), health.maxCheckpointAge(), Clock.systemUTC());
    HealthServer endpoint = HealthServer.start(health, verdicts, metrics);
    System.out.println("qoe-job: health on " + endpoint.url() + " (metrics on /metrics)");
    return endpoint;
  }

  private static Optional<RestorePoint> chooseRestorePoint(QoeJobConfig config, Launch launch,
      Optional<StateFolders> folders) throws IOException {
    if (launch.fresh()) {
      if (folders.isPresent()) {
        Optional<Path> aside = folders.get().moveAsideForFreshStart(Instant.now());
        System.out.println(aside.map(p -> "qoe-job: --fresh: discarded the old checkpoints and savepoints, moved to "
                + p + " (delete it when sure); starting from " + config.startingOffsets() + " offsets")
            .orElse("qoe-job: --fresh: no earlier checkpoint or savepoint to discard"));
      } else {
        System.out.println("qoe-job: --fresh: starting without state (remote checkpoint-dir " + config.checkpointDir()
            + " left as it is)");
      }
      return Optional.empty();
    }
    if (launch.fromSavepoint().isPresent()) {
      Path given = Path.of(launch.fromSavepoint().get()).toAbsolutePath();
      if (!Files.isRegularFile(given.resolve(RestorePoint.METADATA)) && !Files.isRegularFile(given)) {
        throw new IllegalArgumentException("--from-savepoint " + given + ": no " + RestorePoint.METADATA
            + " there; not a completed savepoint or checkpoint");
      }
      RestorePoint p = new RestorePoint(given, RestorePoint.Kind.SAVEPOINT,
          Files.getLastModifiedTime(given).toInstant());
      System.out.println("qoe-job: resuming from " + p + " (--from-savepoint)");
      return Optional.of(p);
    }
    if (folders.isEmpty()) {
      System.out.println("qoe-job: checkpoint-dir " + config.checkpointDir() + " is not local: no automatic resume "
          + "(use --from-savepoint, or let the Flink operator restore)");
      return Optional.empty();
    }
    Optional<RestorePoint> newest = folders.get().newest();
    List<Path> removed = folders.get().removeSuperseded(newest, config.savepointsRetained());
    removed.forEach(p -> System.out.println("qoe-job: removed superseded state " + p));
    System.out.println(newest.map(p -> "qoe-job: resuming from " + p)
        .orElse("qoe-job: no completed checkpoint or savepoint in " + folders.get().checkpoints() + " or "
            + folders.get().savepoints() + ": starting from " + config.startingOffsets() + " offsets"));
    return newest;
  }

  /** One process per state folder; the OS releases the lock when the process dies, even by kill -9. */
  private static FileLock lockState(StateFolders folders) throws IOException {
    Files.createDirectories(folders.checkpoints());
    Files.createDirectories(folders.savepoints());
    Path lockFile = folders.checkpoints().getParent().resolve("qoe-job.lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("another QoE job process holds " + lockFile + "; stop it first (one job per "
          + "state folder: two would fence each other's Kafka transactions)");
    }
    return lock;
  }

  /** SIGTERM: stop with a savepoint, then let {@code main} exit. */
  static final class StopWithSavepoint {

    private static final java.util.concurrent.CompletableFuture<Integer> STOPPED =
        new java.util.concurrent.CompletableFuture<>();
    private static volatile boolean requested;

    private StopWithSavepoint() {}

    /** 0, or when a stop was requested, its outcome once the savepoint is written (1 if it failed). */
    static int exitCode(QoeJobConfig config) throws Exception {
      return requested ? STOPPED.get(config.stopTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS) : 0;
    }

    /**
     * A signal handler rather than a shutdown hook: hooks run concurrently with Flink's own (which close the
     * blob server and delete the task managers' files), so a savepoint taken from a hook races the shutdown.
     * Handling TERM ourselves keeps the JVM up until the savepoint is written.
     */
    /**
     * Stops with a savepoint, retrying until {@code stop-timeout}: a job still deploying or restoring its tasks
     * refuses a savepoint ("not all required tasks are currently running"), and a stop right after a start is
     * an ordinary thing for an operator to do.
     */
    private static String stop(JobClient job, QoeJobConfig config) throws Exception {
      long deadline = System.nanoTime() + config.stopTimeout().toNanos();
      boolean said = false;
      while (true) {
        try {
          long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
          return job.stopWithSavepoint(false, config.savepointUri(), SavepointFormatType.CANONICAL)
              .get(left, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (System.nanoTime() > deadline || job.getJobStatus().get().isGloballyTerminalState()) {
            throw e;
          }
          if (!said) {
            System.out.println("qoe-job: savepoint not possible yet (" + e.getCause().getMessage() + "); retrying "
                + "for up to " + io.ottplatform.config.Durations.format(config.stopTimeout()));
            said = true;
          }
          Thread.sleep(500);
        }
      }
    }

    @SuppressWarnings("restriction")
    static void onSigterm(JobClient job, QoeJobConfig config) {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> {
        if (requested) {
          return;
        }
        requested = true;
        System.out.println("qoe-job: SIGTERM: stopping with a savepoint into " + config.savepointUri());
        try {
          String path = stop(job, config);
          System.out.println("qoe-job: stopped; savepoint " + path + " (the next start resumes from it)");
          STOPPED.complete(0);
        } catch (Exception e) {
          System.out.println("qoe-job: the stop with a savepoint failed (" + e + "); the next start resumes from "
              + "the latest checkpoint");
          STOPPED.complete(1);
          Runtime.getRuntime().halt(1);
        }
      });
    }
  }

  /** For tests: the settings a command line gives, without starting anything. */
  static QoeJobConfig configOf(String[] args, Map<String, String> env) {
    Settings s = QoeJobConfig.settings(Launch.parse(args).settingsArgs(), env);
    QoeJobConfig config = QoeJobConfig.read(s);
    HealthEndpointConfig.read(s, config.checkpointInterval());
    s.finish();
    return config;
  }
}
