package io.ottplatform.serving.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./ott bench serving}: browse rows, search and playback authorization at a fixed rate.
 *
 * <ol>
 *   <li>create a throw-away database on the local PostgreSQL and migrate it ({@code db migrate});
 *   <li>start serving-api as a child JVM and seed it over HTTP (an editor's titles with media, a viewer);
 *   <li>run {@link LoadGenerator} as a second child JVM, so load generation and serving share only the CPU;
 *   <li>print the per-scenario results and one {@code BENCH serving ...} line; drop the database.
 * </ol>
 *
 * <p>Arguments (all optional): {@code --rate N} requests/s per scenario (default 500), {@code --seconds S}
 * measured per scenario (default 10), {@code --warmup S} (default 3), {@code --titles N} (default 300),
 * {@code --postgres jdbc:postgresql://127.0.0.1:5432/postgres}, {@code --user postgres}, {@code --password ''}.
 * {@code rps} in the BENCH line is the mean achieved throughput (successful responses/s) of the three scenarios.
 */
public final class ServingBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern RESULT = Pattern.compile("RESULT (\\w+) .*p99_ms=([\\d.]+).* rps=([\\d.]+)");

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    int rate = Integer.parseInt(args.getOrDefault("rate", "500"));
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "3"));
    int titleCount = Integer.parseInt(args.getOrDefault("titles", "300"));
    String adminUrl = args.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = args.getOrDefault("user", "postgres");
    String password = args.getOrDefault("password", "");

    String database = "bench_serving_" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = Files.createTempDirectory("ott-bench-serving-");
    Process server = null;
    try {
      sql(adminUrl, user, password, "CREATE DATABASE " + database);
      String dbUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
      int port = freePort();
      int adminPort = freePort();
      Path config = writeConfig(dir, dbUrl, user, password, port, adminPort);

      step("migrate " + database);
      run(javaCommand("512m", "io.ottplatform.serving.ServingApplication", "db", "migrate", config.toString()), dir, "migrate");

      step("start serving-api on port " + port);
      server = new ProcessBuilder(javaCommand("768m", "io.ottplatform.serving.ServingApplication", "server", config.toString()))
          .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      awaitHealthy("http://127.0.0.1:" + adminPort + "/healthcheck", server);

      step("seed " + titleCount + " titles");
      String base = "http://127.0.0.1:" + port;
      Seed seed = seed(base, titleCount);

      step("load: " + rate + " req/s per scenario, " + seconds + " s each after " + warmup + " s warm-up");
      List<String> command = javaCommand("256m", LoadGenerator.class.getName(), "--base", base, "--token", seed.token,
          "--profile", seed.profile, "--titles", String.join(",", seed.titles.subList(0, Math.min(100, seed.titles.size()))),
          "--country", "DE", "--rate", Integer.toString(rate), "--seconds", Integer.toString(seconds),
          "--warmup", Integer.toString(warmup));
      Map<String, double[]> results = new LinkedHashMap<>();
      Process generator = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(generator.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          System.out.println(line);
          Matcher m = RESULT.matcher(line);
          if (m.find()) {
            results.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
          }
        }
      }
      if (generator.waitFor() != 0 || results.size() != 3) {
        throw new IllegalStateException("load generator failed (exit " + generator.exitValue() + ")");
      }
      double rps = results.values().stream().mapToDouble(r -> r[1]).average().orElse(0);
      System.out.printf("BENCH serving browse_p99_ms=%.1f search_p99_ms=%.1f playback_p99_ms=%.1f rps=%.0f%n",
          results.get("browse")[0], results.get("search")[0], results.get("playback")[0], rps);
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor();
      }
      try {
        sql(adminUrl, user, password, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      } catch (Exception e) {
        System.err.println("could not drop " + database + ": " + e.getMessage());
      }
      deleteRecursively(dir);
    }
  }

  private record Seed(String token, String profile, List<String> titles) {}

  private static Seed seed(String base, int titleCount) throws Exception {
    String password = "bench-password-" + UUID.randomUUID();
    post(base, "/v1/auth/signup", null, Map.of("email", "editor@bench.local", "password", password), 201);
    String editor = post(base, "/v1/auth/login", null,
        Map.of("email", "editor@bench.local", "password", password, "deviceId", "cms"), 200).path("accessToken").asText();
    String[] genres = {"Drama", "Comedy", "Sci-Fi", "Documentary", "Thriller", "Family"};
    String[] words = {"Nebula", "Orbit", "Harbor", "Quiet", "Drift", "Lights", "Story", "River", "Echo", "Atlas"};
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < titleCount; i++) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("kind", "movie");
      t.put("name", words[i % words.length] + " " + words[(i / words.length) % words.length] + " " + i);
      t.put("synopsis", "A " + genres[i % genres.length].toLowerCase() + " about " + words[(i * 7) % words.length]);
      t.put("releaseYear", 1990 + i % 35);
      t.put("durationMs", 5_400_000);
      t.put("maturityRating", i % 5 == 0 ? "16+" : "ALL");
      t.put("genres", List.of(genres[i % genres.length], genres[(i + 2) % genres.length]));
      t.put("availability", List.of(Map.of("country", "DE", "startsAt", Instant.now().minusSeconds(86400).toString(),
          "endsAt", Instant.now().plus(Duration.ofDays(30)).toString())));
      String id = post(base, "/v1/admin/titles", editor, t, 201).path("id").asText();
      put(base, "/v1/admin/titles/" + id + "/media", editor, Map.of("mediaPath", "bench/" + id), 204);
      ids.add(id);
    }
    post(base, "/v1/auth/signup", null, Map.of("email", "viewer@bench.local", "password", password), 201);
    String viewer = post(base, "/v1/auth/login", null,
        Map.of("email", "viewer@bench.local", "password", password, "deviceId", "bench-tv"), 200).path("accessToken").asText();
    String profile = post(base, "/v1/profiles", viewer, Map.of("name", "Bench"), 201).path("id").asText();
    return new Seed(viewer, profile, ids);
  }

  private static JsonNode post(String base, String path, String token, Object body, int expected) throws Exception {
    return send("POST", base, path, token, body, expected);
  }

  private static JsonNode put(String base, String path, String token, Object body, int expected) throws Exception {
    return send("PUT", base, path, token, body, expected);
  }

  private static JsonNode send(String method, String base, String path, String token, Object body, int expected) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
  }

  private static Path writeConfig(Path dir, String dbUrl, String user, String password, int port, int adminPort)
      throws IOException {
    Path origin = Files.createDirectories(dir.resolve("origin"));
    String yaml = """
        server:
          applicationConnectors: [{type: http, port: %d, bindHost: 127.0.0.1}]
          adminConnectors: [{type: http, port: %d, bindHost: 127.0.0.1}]
          requestLog: {appenders: []}
        database:
          driverClass: org.postgresql.Driver
          url: %s
          user: %s
          password: "%s"
          initialSize: 16
          minSize: 16
          maxSize: 32
        auth:
          accessTokenSecret: %s
          accessTokenTtl: 30 minutes
          adminEmails: [editor@bench.local]
        viewerCountry: {trustedProxies: [127.0.0.1/32]}
        playback:
          urlSigningSecret: %s
          originDirectory: %s
        logging: {level: WARN}
        """.formatted(port, adminPort, dbUrl, user, password, UUID.randomUUID() + "-" + UUID.randomUUID(),
        UUID.randomUUID() + "-" + UUID.randomUUID(), origin);
    return Files.writeString(dir.resolve("bench.yml"), yaml);
  }

  private static List<String> javaCommand(String heap, String main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void run(List<String> command, Path dir, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(name + " failed:\n" + Files.readString(log));
    }
  }

  private static void awaitHealthy(String url, Process server) throws Exception {
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

  private static void sql(String url, String user, String password, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void step(String what) {
    System.out.println("== " + what);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
