package io.ottplatform.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole platform on one machine, as {@code ./ott up|status|down|reset} drive it. Components run
 * detached; their pids are recorded under {@code $OTT_HOME/run} so that every command is idempotent.
 */
public final class LocalPlatform {

  /** One line of {@code ./ott status}. */
  public record ComponentStatus(String name, String address, boolean healthy, String detail) {}

  private final PlatformConfig config;
  private final PrintStream out;

  public LocalPlatform(PlatformConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  private Path kafkaPid() {
    return config.runDir().resolve("kafka.pid");
  }

  private Path trinoPid() {
    return config.runDir().resolve("trino.pid");
  }

  /** Where a component started by {@link #up()} logs ({@code kafka}, {@code trino}); empty for others. */
  public Optional<Path> logFile(String component) {
    return switch (component) {
      case "kafka" -> Optional.of(config.home().resolve("kafka/logs/broker.out"));
      case "trino" -> Optional.of(config.home().resolve("trino/logs/server.out"));
      default -> Optional.empty();
    };
  }

  public void up() {
    Postgres postgres = config.postgres();
    postgres.requireReachable();
    for (String db : List.of(config.database(), config.lakeDatabase())) {
      out.printf("postgres   database %-10s %s%n", db, postgres.ensureDatabase(db) ? "created" : "exists");
    }
    IcebergCatalogTables.ensure(postgres, config.lakeDatabase());
    mkdirs(config.warehouse());

    if (KafkaBroker.running(kafkaPid()).isPresent() && KafkaBroker.isHealthy(config.kafkaBootstrap())) {
      out.println("kafka      already running on " + config.kafkaBootstrap());
    } else {
      out.println("kafka      starting on " + config.kafkaBootstrap() + " ...");
      KafkaBroker broker = new KafkaBroker(config.home().resolve("kafka"), config.kafkaPort(),
          config.kafkaControllerPort(), config.kafkaHeap());
      broker.start(true, Duration.ofSeconds(90));
      ChildProcess.writePid(kafkaPid(), broker.process().orElseThrow());
      out.println("kafka      started (pid " + broker.process().get().pid() + ", log " + broker.logFile() + ")");
    }
    List<String> created = KafkaBroker.createTopics(config.kafkaBootstrap(), io.ottplatform.schemas.kafka.Topics.ALL);
    out.println("kafka      topics " + (created.isEmpty() ? "exist" : "created: " + String.join(", ", created)));

    if (TrinoServer.running(trinoPid()).isPresent() && TrinoServer.isHealthy(config.trinoPort())) {
      out.println("trino      already running on port " + config.trinoPort());
    } else {
      Path java25 = JavaHomes.requireJava25(config);
      out.println("trino      starting on port " + config.trinoPort() + " (Java " + java25 + ") ...");
      TrinoServer trino = TrinoServer.prepare(config.home().resolve("trino"), config.trinoPort(), config.trinoHeap(), java25)
          .withIcebergCatalog(config.lakeCatalog(), postgres, config.lakeDatabase(), config.warehouse())
          .withPostgresCatalog(TrinoServer.LIVE_CATALOG, postgres, config.database());
      trino.start(true, Duration.ofSeconds(180));
      ChildProcess.writePid(trinoPid(), trino.process().orElseThrow());
      out.println("trino      started (pid " + trino.process().get().pid() + ", log " + trino.logFile() + ")");
    }
  }

  public List<ComponentStatus> status() {
    List<ComponentStatus> rows = new ArrayList<>();
    Optional<ProcessHandle> kafka = KafkaBroker.running(kafkaPid());
    rows.add(new ComponentStatus("kafka", config.kafkaBootstrap(), KafkaBroker.isHealthy(config.kafkaBootstrap()),
        kafka.map(p -> "pid " + p.pid()).orElse("not started by ./ott")));
    Postgres postgres = config.postgres();
    boolean pgHealthy = postgres.isHealthy();
    List<String> missing = !pgHealthy ? List.of() : Stream.of(config.database(), config.lakeDatabase())
        .filter(db -> !postgres.databaseExists(db)).toList();
    rows.add(new ComponentStatus("postgres", postgres.address(), pgHealthy && missing.isEmpty(),
        !pgHealthy ? "unreachable"
            : missing.isEmpty() ? "databases " + config.database() + ", " + config.lakeDatabase()
            : "reachable; " + (missing.size() == 1 ? "database " : "databases ") + String.join(", ", missing)
                + " missing (./ott up creates " + (missing.size() == 1 ? "it)" : "them)")));
    Optional<ProcessHandle> trino = TrinoServer.running(trinoPid());
    rows.add(new ComponentStatus("trino", "http://127.0.0.1:" + config.trinoPort(), TrinoServer.isHealthy(config.trinoPort()),
        trino.map(p -> "pid " + p.pid() + ", catalog " + config.lakeCatalog()).orElse("not started by ./ott")));
    return rows;
  }

  /** Stops what {@link #up()} started, by recorded pid; data stays. Returns the number of processes stopped. */
  public int down() {
    int stopped = 0;
    for (var entry : List.of(
        new Object[] {"trino", TrinoServer.running(trinoPid()), trinoPid()},
        new Object[] {"kafka", KafkaBroker.running(kafkaPid()), kafkaPid()})) {
      @SuppressWarnings("unchecked")
      Optional<ProcessHandle> process = (Optional<ProcessHandle>) entry[1];
      if (process.isPresent()) {
        out.println(entry[0] + "      stopping pid " + process.get().pid());
        ChildProcess.stop(process.get(), Duration.ofSeconds(30));
        stopped++;
      } else {
        out.println(entry[0] + "      not running");
      }
      deleteQuietly((Path) entry[2]);
    }
    return stopped;
  }

  /** {@link #down()}, then wipes the data: Kafka logs, Trino state, the warehouse and the databases. */
  public void reset() {
    down();
    TrinoServer.deleteRecursively(config.home().resolve("kafka"));
    TrinoServer.deleteRecursively(config.home().resolve("trino"));
    TrinoServer.deleteRecursively(config.warehouse());
    Postgres postgres = config.postgres();
    if (postgres.isHealthy()) {
      postgres.dropDatabase(config.database());
      postgres.dropDatabase(config.lakeDatabase());
      out.println("postgres   dropped " + config.database() + ", " + config.lakeDatabase());
    }
    out.println("reset      data under " + config.home() + " removed");
  }

  private static void mkdirs(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new PlatformException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      throw new PlatformException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
