package io.ottplatform.bench.serving;

import io.ottplatform.bench.harness.BenchProcesses;
import io.ottplatform.bench.harness.LoadGenerator;
import io.ottplatform.bench.harness.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the serving benchmarks share beyond the harness: serving-api's benchmark configuration, setup SQL,
 * and the load generator run against the server, its results read from its results file.
 */
final class ServingSetup {

  private ServingSetup() {}

  static void sql(String url, String user, String password, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /**
   * The serving-api configuration both benchmarks run: connectors as in {@code config.yml} (the header
   * cache off, since many viewers' tokens share a connection), no request log, a pool of {@code pool}
   * connections, and a concurrency guard only when {@code guardUrl} is given.
   */
  static Path writeServingConfig(Path dir, String dbUrl, String user, String password, int port, int adminPort,
      int pool, String accessTokenSecret, String guardUrl) throws IOException {
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
        viewerCountry: {trustedProxies: [127.0.0.1/32]}
        playback:
          urlSigningSecret: %s
          originDirectory: %s
        logging: {level: WARN}
        """.formatted(port, adminPort, dbUrl, user, password, pool, pool, pool, accessTokenSecret,
        UUID.randomUUID() + "-" + UUID.randomUUID(), origin);
    if (guardUrl != null) {
      yaml += "concurrencyGuard: {url: \"" + guardUrl + "\"}\n";
    }
    return Files.writeString(dir.resolve("bench.yml"), yaml);
  }

  /**
   * Runs {@link LoadGenerator} in its own JVM with {@code args}, sampling {@code server}'s CPU itself, and
   * returns its results by scenario (printing its summary lines as they come).
   */
  static Map<String, ScenarioResult> generate(Path dir, Process server, String... args) throws Exception {
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

  static List<String> list(String... items) {
    return new ArrayList<>(List.of(items));
  }
}
