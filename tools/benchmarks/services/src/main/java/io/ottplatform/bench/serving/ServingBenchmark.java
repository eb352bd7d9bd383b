package io.ottplatform.bench.serving;

import io.ottplatform.bench.harness.LoadGenerator;
import static io.ottplatform.bench.serving.BenchProcesses.awaitHealthy;
import static io.ottplatform.bench.serving.BenchProcesses.cpuNanos;
import static io.ottplatform.bench.serving.BenchProcesses.deleteRecursively;
import static io.ottplatform.bench.serving.BenchProcesses.freePort;
import static io.ottplatform.bench.serving.BenchProcesses.javaCommand;
import static io.ottplatform.bench.serving.BenchProcesses.run;
import static io.ottplatform.bench.serving.BenchProcesses.sql;
import static io.ottplatform.bench.serving.BenchProcesses.step;

import io.ottplatform.local.seed.CatalogSeeder;
import io.ottplatform.local.seed.ServingClient;
import io.ottplatform.local.seed.TitleSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Arguments (all optional): {@code --rate N} requests/s for browse and playback (default 2000, the
 * issue's target), {@code --search-rate N} for search (default: {@code --rate}), {@code --seconds S}
 * measured per scenario (default 10), {@code --warmup S} (default 3), {@code --titles N} (default 300),
 * {@code --pool N} database connections of the server (default 8), {@code --jfr FILE} records a CPU
 * profile of the server, {@code --guard true} answers the server's concurrency-guard calls from a
 * stand-in (otherwise no guard is configured: policy ALLOW, no call), {@code --postgres jdbc:postgresql://127.0.0.1:5432/postgres}, {@code --user postgres},
 * {@code --password ''}, {@code --scenarios floor,browse,playback,search} (a subset for profiling one path;
 * the BENCH line needs the last three; {@code floor} is {@code GET /ping} on the admin connector, whose
 * server CPU per request the BENCH line divides browse's and playback's by, so that runs on machines with
 * different syscall and scheduling costs can be compared), {@code --server-opts "-Xopt ..."} extra JVM options of the server (e.g. a
 * profiler agent).
 * {@code rps} in the BENCH line is the mean achieved throughput (successful responses/s) of the three scenarios.
 */
public final class ServingBenchmark {

  private static final Pattern SENT = Pattern.compile(" sent=(\\d+)");
  private static final Pattern RESULT = Pattern.compile("RESULT (\\w+) .*p99_ms=([\\d.]+).* rps=([\\d.]+)");

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    int rate = Integer.parseInt(args.getOrDefault("rate", "2000"));
    int searchRate = Integer.parseInt(args.getOrDefault("search-rate", Integer.toString(rate)));
    int pool = Integer.parseInt(args.getOrDefault("pool", "8"));
    String jfr = args.getOrDefault("jfr", "");
    // floor first: GET /ping on the admin connector, the same-run reference for the server's CPU per request
    // search last: PostgreSQL-bound, it saturates the server at 2,000 req/s, and its backlog would still be
    // running during the next scenario
    String scenarios = args.getOrDefault("scenarios", "floor,browse,playback,search");
    String serverOpts = args.getOrDefault("server-opts", "").trim();
    boolean withGuard = Boolean.parseBoolean(args.getOrDefault("guard", "false"));
    int seconds = Integer.parseInt(args.getOrDefault("seconds", "10"));
    int warmup = Integer.parseInt(args.getOrDefault("warmup", "3"));
    int titleCount = Integer.parseInt(args.getOrDefault("titles", "300"));
    String adminUrl = args.getOrDefault("postgres", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = args.getOrDefault("user", "postgres");
    String password = args.getOrDefault("password", "");

    String database = "bench_serving_" + UUID.randomUUID().toString().substring(0, 8);
    Path dir = Files.createTempDirectory("ott-bench-serving-");
    Process server = null;
    HttpServer guard = withGuard ? startGuard() : null;
    try {
      sql(adminUrl, user, password, "CREATE DATABASE " + database);
      String dbUrl = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database;
      int port = freePort();
      int adminPort = freePort();
      String guardUrl = guard == null ? "" : "http://127.0.0.1:" + guard.getAddress().getPort();
      Path config = BenchProcesses.writeServingConfig(dir, dbUrl, user, password, port, adminPort, pool,
          UUID.randomUUID() + "-" + UUID.randomUUID(), guardUrl);

      step("migrate " + database);
      run(javaCommand("512m", "io.ottplatform.serving.ServingApplication", "db", "migrate", config.toString()), dir, "migrate");

      step("start serving-api on port " + port);
      List<String> serverCommand = javaCommand("2g", "io.ottplatform.serving.ServingApplication", "server", config.toString());
      // ZGC with a fixed 2 GB heap. A grant allocates ~100 KB (half of it BouncyCastle's P-256
      // arithmetic), so at 2,000 grants/s a stop-the-world young collection came every ~2 s, and on
      // two shared cores the serial collector's pauses took 6-50 ms and ParallelGC's 80-800 ms (its
      // threads spin-wait for each other): the p99. ZGC's pauses stay under a millisecond and it
      // marks only the small live set (~100 MB) concurrently; with 1 GB it stalled allocations for
      // ~200 ms once per run, with 2 GB it collects about once a run's scenario (docs/serving-api.md).
      serverCommand.set(serverCommand.indexOf("-XX:+UseParallelGC"), "-XX:+UseZGC");
      serverCommand.add(1, "-Xms2g");
      if (!jfr.isBlank()) { // a CPU profile of the server for the whole run: jfr view hot-methods <file>
        serverCommand.add(1, "-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath() + ",settings=profile");
      }
      if (!serverOpts.isEmpty()) { // after the defaults, so they win; a collector named here replaces ours
        List<String> extra = List.of(serverOpts.split("\\s+"));
        if (extra.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
          serverCommand.remove("-XX:+UseZGC");
        }
        serverCommand.addAll(serverCommand.indexOf("-cp"), extra);
      }
      server = new ProcessBuilder(serverCommand)
          .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      awaitHealthy("http://127.0.0.1:" + adminPort + "/healthcheck", server);

      step("seed " + titleCount + " titles");
      String base = "http://127.0.0.1:" + port;
      Seed seed = seed(base, titleCount);

      step("load: " + rate + " req/s for browse and playback, " + searchRate + " req/s for search, " + seconds
          + " s each after " + warmup + " s warm-up; database pool " + pool);
      List<String> command = javaCommand("256m", LoadGenerator.class.getName(), "--base", base, "--token", seed.token,
          "--profile", seed.profile, "--titles", String.join(",", seed.titles.subList(0, Math.min(100, seed.titles.size()))),
          "--country", "DE", "--rate", Integer.toString(rate), "--search-rate", Integer.toString(searchRate),
          "--seconds", Integer.toString(seconds),
          "--warmup", Integer.toString(warmup), "--scenarios", scenarios,
          "--floor-base", "http://127.0.0.1:" + adminPort);
      Map<String, double[]> results = new LinkedHashMap<>();
      Process generator = new ProcessBuilder(command).redirectErrorStream(true).start();
      long serverCpuAtStart = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(generator.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("MEASURE ")) {
            serverCpuAtStart = cpuNanos(server);
            continue;
          }
          Matcher m = RESULT.matcher(line);
          if (m.find()) {
            // the server's CPU per request over the measured period: what the scenario costs, whatever the latency
            Matcher sent = SENT.matcher(line);
            double serverCpuUs = (cpuNanos(server) - serverCpuAtStart) / 1e3;
            double perRequest = sent.find() ? serverCpuUs / Math.max(1, Long.parseLong(sent.group(1))) : Double.NaN;
            System.out.printf("%s server_cpu_us_per_req=%.0f%n", line, perRequest);
            results.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), perRequest});
          } else {
            System.out.println(line);
          }
        }
      }
      int expected = scenarios.split(",").length;
      if (generator.waitFor() != 0 || results.size() != expected) {
        throw new IllegalStateException("load generator failed (exit " + generator.exitValue() + ")");
      }
      if (!results.keySet().containsAll(List.of("browse", "search", "playback"))) {
        System.out.println("(no BENCH line: only " + results.keySet() + " ran)");
        return;
      }
      double rps = results.entrySet().stream().filter(e -> !e.getKey().equals("floor"))
          .mapToDouble(e -> e.getValue()[1]).average().orElse(0);
      // server CPU per request as a multiple of the floor's (GET /ping, same run): comparable across machines
      double floor = results.containsKey("floor") ? results.get("floor")[2] : Double.NaN;
      System.out.printf("BENCH serving browse_p99_ms=%.1f search_p99_ms=%.1f playback_p99_ms=%.1f rps=%.0f"
              + " floor_cpu_us=%.0f browse_cpu_vs_floor=%.2f playback_cpu_vs_floor=%.2f%n",
          results.get("browse")[0], results.get("search")[0], results.get("playback")[0], rps,
          floor, results.get("browse")[2] / floor, results.get("playback")[2] / floor);
    } finally {
      if (guard != null) {
        guard.stop(0);
      }
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

  /** Through serving-api's API, with the seeding code of ./ott demo: an editor's titles with media, a viewer's profile. */
  private static Seed seed(String base, int titleCount) {
    String password = "bench-password-" + UUID.randomUUID();
    ServingClient api = new ServingClient(URI.create(base));
    CatalogSeeder seeder = new CatalogSeeder(api);
    String editor = api.signUpAndLogIn("editor@bench.local", password, "cms"); // an admin by the benchmark's config
    List<String> ids = seeder.publish(editor, titles(titleCount));
    CatalogSeeder.Viewer viewer = seeder.viewer("viewer@bench.local", password, "bench-tv", List.of("Bench"));
    return new Seed(viewer.accessToken(), viewer.profileIds().get(0), ids);
  }

  /** Names built from a few words (search terms match many), two genres each, available in DE only. */
  static List<TitleSpec> titles(int count) {
    String[] genres = {"Drama", "Comedy", "Sci-Fi", "Documentary", "Thriller", "Family"};
    String[] words = {"Nebula", "Orbit", "Harbor", "Quiet", "Drift", "Lights", "Story", "River", "Echo", "Atlas"};
    Instant now = Instant.now();
    List<TitleSpec> titles = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      titles.add(new TitleSpec(words[i % words.length] + " " + words[(i / words.length) % words.length] + " " + i,
          "A " + genres[i % genres.length].toLowerCase() + " about " + words[(i * 7) % words.length], 1990 + i % 35,
          5_400_000, i % 5 == 0 ? "16+" : "ALL", List.of(genres[i % genres.length], genres[(i + 2) % genres.length]),
          List.of("DE"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))));
    }
    return titles;
  }

  /**
   * A stand-in for the stream-jobs concurrency guard (same HTTP contract, nothing playing), so that
   * {@code --guard true} measures what the guard call costs a grant; by default the benchmark runs
   * without a guard URL (policy ALLOW, no call).
   */
  private static HttpServer startGuard() throws IOException {
    HttpServer guard = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    guard.createContext("/accounts/", exchange -> {
      // the contract's own encoding (schemas' ActiveStreamsAnswer), which serving-api's client decodes
      String account = io.ottplatform.schemas.guard.GuardApi.accountOf(exchange.getRequestURI().getRawPath())
          .orElse("unknown");
      byte[] body = io.ottplatform.schemas.guard.ActiveStreamsAnswer.of(account, java.util.List.of(), 2).toJson()
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    guard.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "bench-guard");
      t.setDaemon(true); // never keeps the benchmark's JVM alive
      return t;
    }));
    guard.start();
    return guard;
  }
}
