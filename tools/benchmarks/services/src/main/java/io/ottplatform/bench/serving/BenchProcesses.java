package io.ottplatform.bench.serving;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** What the serving benchmarks share: child JVMs (the service, the load generator), health waits, setup SQL. */
final class BenchProcesses {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private BenchProcesses() {}

  /** A child JVM on this JVM's classpath. */
  static List<String> javaCommand(String heap, String main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a command to completion with its output in {@code dir/name.log}; fails with that log if it fails. */
  static void run(List<String> command, Path dir, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(name + " failed:\n" + Files.readString(log));
    }
  }

  static void awaitHealthy(String url, Process server) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!server.isAlive()) {
        throw new IllegalStateException("serving-api exited with " + server.exitValue());
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("serving-api did not become healthy in 60 s");
  }

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
          adminEmails: [editor@bench.local]
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

  /** The CPU time a child process has used so far (all its threads). */
  static long cpuNanos(Process process) {
    return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void step(String what) {
    System.out.println("== " + what);
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
