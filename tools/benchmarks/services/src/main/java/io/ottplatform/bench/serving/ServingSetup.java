package io.ottplatform.bench.serving;

import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchProcesses;
import io.ottplatform.bench.harness.LoadGenerator;
import io.ottplatform.bench.harness.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A serving-api under load, as every serving benchmark sets it up and tears it down: a throw-away database on the
 * local PostgreSQL migrated with serving-api's own {@code db migrate}, its benchmark configuration, the server as a
 * child JVM awaited on its health check, and {@link LoadGenerator} in a second child JVM against it. {@link #close()}
 * stops the server, drops the database and removes the work folder, whatever happened before.
 */
final class ServingSetup implements AutoCloseable {

  private static final String MAIN = "io.ottplatform.serving.ServingApplication";

  /** Where the throw-away database is created: the {@code --postgres}, {@code --user}, {@code --password} options. */
  record Postgres(String adminUrl, String user, String password) {

    static BenchArgs declareOptions(BenchArgs args) {
      return args
          .option("postgres", "jdbc:postgresql://127.0.0.1:5432/postgres", "PostgreSQL (any database) to create the benchmark's in")
          .option("user", "postgres", "PostgreSQL user")
          .option("password", "", "PostgreSQL password");
    }

    static Postgres of(BenchArgs args) {
      return new Postgres(args.string("postgres"), args.string("user"), args.string("password"));
    }

    String urlOf(String database) {
      return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
    }
  }

  private final Postgres postgres;
  private final String database;
  private final Path dir;
  private final int port = BenchProcesses.freePort();
  private final int adminPort = BenchProcesses.freePort();
  private Path config;
  private Process server;

  private ServingSetup(Postgres postgres, String name) throws IOException {
    this.postgres = postgres;
    this.database = "bench_" + name.replace('-', '_') + "_" + UUID.randomUUID().toString().substring(0, 8);
    this.dir = BenchProcesses.workDir(name);
  }

  /**
   * Creates the database and writes the configuration: connectors as in {@code config.yml} (the header cache off,
   * since many viewers' tokens share a connection), no request log, a pool of {@code pool} connections, and the
   * concurrency guard at {@code guardUrl} (empty: no guard call; null: serving-api's default); then migrates it.
   */
  static ServingSetup create(String name, Postgres postgres, int pool, String accessTokenSecret, String guardUrl)
      throws Exception {
    ServingSetup setup = new ServingSetup(postgres, name);
    try {
      execute(postgres.adminUrl(), postgres, "CREATE DATABASE " + setup.database);
      setup.config = setup.writeConfig(pool, accessTokenSecret, guardUrl);
      BenchProcesses.step("migrate " + setup.database);
      setup.command("migrate", "db", "migrate");
      return setup;
    } catch (Exception e) {
      setup.close();
      throw e;
    }
  }

  String dbUrl() {
    return postgres.urlOf(database);
  }

  Postgres postgres() {
    return postgres;
  }

  Path dir() {
    return dir;
  }

  int adminPort() {
    return adminPort;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  String adminBase() {
    return "http://127.0.0.1:" + adminPort;
  }

  /** Runs a serving-api command ({@code db migrate}, {@code admin create ...}) on this configuration. */
  void command(String label, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(config.toString());
    BenchProcesses.run(BenchProcesses.javaCommand("512m", MAIN, all.toArray(String[]::new)), dir, label);
  }

  /** The server's command line with {@code heap}, to be adjusted before {@link #start}; {@code jfr} records a profile. */
  List<String> serverCommand(String heap, String jfr) {
    List<String> command = BenchProcesses.javaCommand(heap, MAIN, "server", config.toString());
    if (!jfr.isBlank()) { // a CPU profile of the server for the whole run: jfr view hot-methods <file>
      command.add(1, "-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath() + ",settings=profile");
    }
    return command;
  }

  /** Starts the server and waits until its health check answers. */
  Process start(List<String> command) throws IOException, InterruptedException {
    BenchProcesses.step("start serving-api on port " + port);
    server = BenchProcesses.start(command, dir.resolve("server.log"));
    BenchProcesses.awaitHealthy(adminBase() + "/healthcheck", server, Duration.ofSeconds(60));
    return server;
  }

  /**
   * Runs {@link LoadGenerator} in its own JVM with {@code args}, sampling the server's CPU itself, and returns its
   * results by scenario (printing its summary lines as they come).
   */
  Map<String, ScenarioResult> generate(String... args) throws Exception {
    Path results = dir.resolve("results-" + UUID.randomUUID() + ".jsonl");
    List<String> command = BenchProcesses.javaCommand("256m", LoadGenerator.class.getName(), args);
    command.addAll(List.of("--results", results.toString(), "--server-pid", Long.toString(server.pid())));
    Process generator = new ProcessBuilder(command).inheritIO().start();
    int exit = generator.waitFor();
    if (exit != 0 || !Files.exists(results)) {
      throw new IllegalStateException("the load generator failed (exit " + exit + ")");
    }
    Map<String, ScenarioResult> byScenario = new LinkedHashMap<>();
    for (String line : Files.readAllLines(results)) {
      ScenarioResult r = ScenarioResult.parse(line);
      byScenario.put(r.scenario(), r);
    }
    return byScenario;
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.destroy();
      try {
        server.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // still drop the database and the folder below
      }
    }
    try {
      execute(postgres.adminUrl(), postgres, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (Exception e) {
      System.err.println("could not drop " + database + ": " + e.getMessage());
    }
    BenchProcesses.deleteRecursively(dir);
  }

  private Path writeConfig(int pool, String accessTokenSecret, String guardUrl) throws IOException {
    Path origin = Files.createDirectories(dir.resolve("origin"));
    String yaml = """
        server:
          applicationConnectors: [{type: http, port: %d, bindHost: 127.0.0.1, headerCacheSize: 128 bytes}]
          adminConnectors: [{type: http, port: %d, bindHost: 127.0.0.1}]
          requestLog: {appenders: []}
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: "%s"
          initialSize: %d
          minSize: %d
          maxSize: %d
        auth:
          accessTokenSecret: %s
          accessTokenTtl: 2 hours
          signupsPerAddressPerHour: 1000000
        viewerCountry: {trustedProxies: [127.0.0.1/32]}
        # Every grant reserves a screen until its session ends or its lease runs out. A real account holds a few
        # sessions; the benchmark's viewers start far more views each (rate x lease / viewers, 50 at 2,000/s, 10 s,
        # 400 viewers), so their plan has screens enough never to refuse, and each grant's reservation counts
        # that many live sessions: a pessimistic cost.
        plans:
          defaultPlan: bench
          plans: {bench: {maxDevices: 5, maxStreams: 1000000}}
        playback:
          urlSigningSecret: %s
          originDirectory: %s
          urlTtl: 10s
          grantsPerAccountPerMinute: 1000000
        logging: {level: WARN}
        """.formatted(port, adminPort, dbUrl(), postgres.user(), postgres.password(), pool, pool, pool,
        accessTokenSecret, UUID.randomUUID() + "-" + UUID.randomUUID(), origin);
    if (guardUrl != null) {
      yaml += "concurrencyGuard: {url: \"" + guardUrl + "\"}\n";
    }
    return Files.writeString(dir.resolve("bench.yml"), yaml);
  }

  private static void execute(String url, Postgres postgres, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
