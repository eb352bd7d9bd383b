package io.ottplatform.bench.serving;

import static io.ottplatform.bench.harness.BenchProcesses.step;

import com.sun.net.httpserver.HttpServer;
import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.bench.harness.LoadGenerator;
import io.ottplatform.bench.harness.ScenarioResult;
import io.ottplatform.local.seed.CatalogSeeder;
import io.ottplatform.local.seed.ServingClient;
import io.ottplatform.local.seed.TitleSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

  public static void main(String[] argv) throws Exception {
    BenchArgs args = ServingSetup.Postgres.declareOptions(
        BenchArgs.declare("serving", "browse rows, search and playback grants of serving-api at fixed rates")
        .option("rate", "2000", "requests/s for browse and playback")
        .option("search-rate", "", "requests/s for search (default --rate)")
        .option("seconds", "10", "measured seconds per scenario")
        .option("warmup", "3", "warm-up seconds per scenario")
        .option("titles", "300", "titles seeded")
        .option("pool", "8", "database connections of the server")
        .option("viewers", "400", "viewers (accounts) whose grants the playback scenario sends in turn")
        // floor first: GET /ping on the admin connector, the same-run reference for the server's CPU per request;
        // search last: PostgreSQL-bound, it saturates the server at 2,000 req/s, and its backlog would still be
        // running during the next scenario
        .option("scenarios", "floor,browse,playback,search", "scenarios in order (the BENCH line needs browse, playback, search)")
        .option("guard", "false", "answer the server's concurrency-guard calls from a stand-in")
        .option("jfr", "", "record a CPU profile of the server into this file")
        .option("server-opts", "", "extra JVM options of the server"))
        .parseOrExit(argv);
    int rate = args.atLeast("rate", 1);
    int searchRate = args.given("search-rate") ? args.atLeast("search-rate", 1) : rate;
    int pool = args.atLeast("pool", 1);
    String jfr = args.string("jfr");
    String scenarios = args.string("scenarios");
    String serverOpts = args.string("server-opts").trim();
    int seconds = args.atLeast("seconds", 1);
    int warmup = args.atLeast("warmup", 0);
    int titleCount = args.atLeast("titles", 1);
    int viewerCount = args.atLeast("viewers", 1);

    HttpServer guard = args.bool("guard") ? startGuard() : null;
    String guardUrl = guard == null ? "" : "http://127.0.0.1:" + guard.getAddress().getPort(); // "": no guard call
    try (ServingSetup serving = ServingSetup.create("serving", ServingSetup.Postgres.of(args), pool,
        UUID.randomUUID() + "-" + UUID.randomUUID(), guardUrl)) {
      // the editor is made as every admin is: serving-api's 'admin create' (sign-up only makes viewers)
      String editorPassword = "bench-password-" + UUID.randomUUID();
      Path passwordFile = Files.writeString(serving.dir().resolve("editor.password"), editorPassword + "\n");
      serving.command("admin-create", "admin", "create", "--email", EDITOR, "--role", "admin",
          "--password-file", passwordFile.toString());

      List<String> serverCommand = serving.serverCommand("2g", jfr);
      // ZGC with a fixed 2 GB heap. A grant allocates ~100 KB (half of it BouncyCastle's P-256
      // arithmetic), so at 2,000 grants/s a stop-the-world young collection came every ~2 s, and on
      // two shared cores the serial collector's pauses took 6-50 ms and ParallelGC's 80-800 ms (its
      // threads spin-wait for each other): the p99. ZGC's pauses stay under a millisecond and it
      // marks only the small live set (~100 MB) concurrently; with 1 GB it stalled allocations for
      // ~200 ms once per run, with 2 GB it collects about once a run's scenario (docs/serving-api.md).
      serverCommand.set(serverCommand.indexOf("-XX:+UseParallelGC"), "-XX:+UseZGC");
      serverCommand.add(1, "-Xms2g");
      if (!serverOpts.isEmpty()) { // after the defaults, so they win; a collector named here replaces ours
        List<String> extra = List.of(serverOpts.split("\\s+"));
        if (extra.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"))) {
          serverCommand.remove("-XX:+UseZGC");
        }
        serverCommand.addAll(serverCommand.indexOf("-cp"), extra);
      }
      serving.start(serverCommand);

      step("seed " + titleCount + " titles");
      Seed seed = seed(serving.base(), titleCount, editorPassword);
      step("sign up " + viewerCount + " viewers for the grants");
      Path viewers = viewers(serving.base(), viewerCount, serving.dir().resolve("viewers.txt"));

      step("load: " + rate + " req/s for browse and playback, " + searchRate + " req/s for search, " + seconds
          + " s each after " + warmup + " s warm-up; database pool " + pool);
      Map<String, ScenarioResult> results = serving.generate("--base", serving.base(), "--token", seed.token,
          "--profile", seed.profile, "--titles", String.join(",", seed.titles.subList(0, Math.min(100, seed.titles.size()))),
          "--viewers", viewers.toString(), "--country", "DE", "--rate", Integer.toString(rate), "--search-rate", Integer.toString(searchRate),
          "--seconds", Integer.toString(seconds), "--warmup", Integer.toString(warmup), "--scenarios", scenarios,
          "--floor-base", serving.adminBase());
      if (!results.keySet().containsAll(List.of("browse", "search", "playback"))) {
        System.out.println("(no BENCH line: only " + results.keySet() + " ran)");
        return;
      }
      double rps = results.values().stream().filter(r -> !r.scenario().equals("floor"))
          .mapToDouble(ScenarioResult::rps).average().orElse(0);
      // server CPU per request as a multiple of the floor's (GET /ping, same run): comparable across machines
      double floor = results.containsKey("floor") ? results.get("floor").serverCpuUsPerRequest() : Double.NaN;
      BenchLine.of("serving").put("browse_p99_ms", results.get("browse").p99Ms(), 1)
          .put("search_p99_ms", results.get("search").p99Ms(), 1)
          .put("playback_p99_ms", results.get("playback").p99Ms(), 1)
          .putRounded("rps", rps)
          .putRounded("floor_cpu_us", floor)
          .put("browse_cpu_vs_floor", results.get("browse").serverCpuUsPerRequest() / floor, 2)
          .put("playback_cpu_vs_floor", results.get("playback").serverCpuUsPerRequest() / floor, 2)
          .print();
    } finally {
      if (guard != null) {
        guard.stop(0);
      }
    }
  }

  private static final String EDITOR = "editor@bench.local";

  private record Seed(String token, String profile, List<String> titles) {}

  /** Through serving-api's API, with the seeding code of ./ott demo: an editor's titles with media, a viewer's profile. */
  private static Seed seed(String base, int titleCount, String password) {
    ServingClient api = new ServingClient(URI.create(base));
    CatalogSeeder seeder = new CatalogSeeder(api);
    String editor = api.logIn(EDITOR, password, "cms");
    List<String> ids = seeder.publish(editor, titles(titleCount));
    CatalogSeeder.Viewer viewer = seeder.viewer("viewer@bench.local", password, "bench-tv", List.of("Bench"));
    return new Seed(viewer.accessToken(), viewer.profileIds().get(0), ids);
  }

  /**
   * {@code count} viewers signed up and logged in through the API (4 at a time: serving-api hashes at most 4
   * passwords at once), written as {@code token profileId} lines for the load generator.
   */
  private static Path viewers(String base, int count, Path file) throws Exception {
    ServingClient api = new ServingClient(URI.create(base));
    CatalogSeeder seeder = new CatalogSeeder(api);
    String password = "bench-viewer-" + UUID.randomUUID();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<String>> lines = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String email = "viewer" + i + "@bench.local";
        lines.add(pool.submit(() -> {
          CatalogSeeder.Viewer v = seeder.viewer(email, password, "bench-tv", List.of("Bench"));
          return v.accessToken() + " " + v.profileIds().get(0);
        }));
      }
      List<String> out = new ArrayList<>();
      for (java.util.concurrent.Future<String> line : lines) {
        out.add(line.get());
      }
      return Files.write(file, out);
    } finally {
      pool.shutdownNow();
    }
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
