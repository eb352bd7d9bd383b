package io.ottplatform.bench.serving;

import static io.ottplatform.bench.harness.BenchProcesses.step;

import io.ottplatform.bench.harness.BenchArgs;
import io.ottplatform.bench.harness.BenchLine;
import io.ottplatform.bench.harness.LoadGenerator;
import io.ottplatform.bench.harness.RequestPool;
import io.ottplatform.bench.harness.ScenarioResult;
import io.ottplatform.serving.accounts.auth.AccessTokens;
import io.ottplatform.serving.accounts.auth.Role;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The serving half of {@code ./ott bench recommender}: {@code GET /v1/recommendations} at a fixed rate
 * over a realistic model export.
 *
 * <ol>
 *   <li>create a throw-away database on the local PostgreSQL and migrate it ({@code db migrate});
 *   <li>seed it with SQL, as the editor API and the recommender export would leave it: {@code --titles}
 *       titles (10 % 16+, 10 % only available in FR), {@code --profiles} profiles on accounts of five
 *       (every tenth a kids profile), a top-{@code --top} list per profile for 95 % of them (the rest are
 *       cold-start), popular lists, a few finished titles per profile, and one login per account whose
 *       access token is minted with the configured secret;
 *   <li>start serving-api as a child JVM, then run {@link LoadGenerator} as a second child JVM over
 *       every profile in a shuffled order (one request file line per profile);
 *   <li>print the generator's results and one {@code BENCH recommender-serving ...} line (and its results file); drop the database.
 * </ol>
 *
 * <p>Arguments (all optional): {@code --rate N} (1000), {@code --seconds S} (15), {@code --warmup S} (30),
 * {@code --profiles N} (6000), {@code --titles N} (3700), {@code --top N} (50), {@code --limit N} (20),
 * {@code --pool N} database connections of the server (8), {@code --jfr FILE} records a CPU profile of the
 * server ({@code jfr view hot-methods FILE}),
 * {@code --postgres jdbc:postgresql://127.0.0.1:5432/postgres}, {@code --user postgres}, {@code --password ''}.
 * Before the recommendations it measures {@code GET /ping} on the admin connector at the same rate (the
 * floor); the BENCH line adds the server's CPU per request for both and their ratio, which compares
 * across machines where the absolute figures do not.
 *
 * <p>Warm-up is 30 s because the server JVM starts cold: with the old 5 s at 1,000 req/s the C2 compiler
 * threads took 0.73 ms of CPU per request during the measurement (the request threads 0.55 ms), after
 * 30 s 0.09 ms (docs/serving-api.md, "Performance"). A 5 s warm-up measured the JIT and the backlog it
 * left, not the service; production instances run for hours.
 */
public final class RecommendationsBenchmark {

  private static final String[] GENRES = {"Drama", "Comedy", "Sci-Fi", "Documentary", "Thriller", "Family", "Action", "Romance"};
  private static final int PROFILES_PER_ACCOUNT = 5;

  public static void main(String[] argv) throws Exception {
    BenchArgs args = ServingSetup.Postgres.declareOptions(
        BenchArgs.declare("recommender-serving", "GET /v1/recommendations at a fixed rate over a model export")
        .option("rate", "1000", "requests/s")
        .option("seconds", "15", "measured seconds")
        .option("warmup", "30", "warm-up seconds (the server JVM starts cold)")
        .option("profiles", "6000", "profiles (one request line each)")
        .option("titles", "3700", "titles")
        .option("top", "50", "titles in each profile's list")
        .option("limit", "20", "recommendations asked for per request")
        // the same pool as serving-api/config.yml's default and ServingBenchmark: a request holds a connection
        // for one short query (~0.2 ms), so 1,000 req/s need well under one connection on average, and on a
        // 2-core host more PostgreSQL backends only queue inside PostgreSQL
        .option("pool", "8", "database connections of the server")
        .option("jfr", "", "record a CPU profile of the server into this file"))
        .parseOrExit(argv);
    int rate = args.atLeast("rate", 1);
    int seconds = args.atLeast("seconds", 1);
    int warmup = args.atLeast("warmup", 0);
    int profiles = args.atLeast("profiles", 1);
    int titles = args.atLeast("titles", 1);
    int top = args.atLeast("top", 1);
    int limit = args.atLeast("limit", 1);
    int pool = args.atLeast("pool", 1);
    String jfr = args.string("jfr");

    String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
    try (ServingSetup serving = ServingSetup.create("recommender-serving", ServingSetup.Postgres.of(args), pool,
        secret, null)) {
      String dbUrl = serving.dbUrl();
      ServingSetup.Postgres pg = serving.postgres();
      step("seed " + titles + " titles, " + profiles + " profiles, top-" + top + " per profile");
      long seedStart = System.nanoTime();
      List<String[]> viewers = seed(dbUrl, pg.user(), pg.password(), titles, profiles, top, secret);
      System.out.printf("seeded in %.1f s%n", (System.nanoTime() - seedStart) / 1e9);
      List<RequestPool.Request> lines = new ArrayList<>();
      for (String[] v : viewers) {
        lines.add(RequestPool.Request.get("/v1/recommendations?profileId=" + v[1] + "&limit=" + limit, v[0]));
      }
      Collections.shuffle(lines, new Random(7));
      Path requests = RequestPool.write(serving.dir().resolve("requests.tsv"), lines);

      System.out.println("database pool " + pool);
      serving.start(serving.serverCommand("768m", jfr));

      step("load: " + rate + " req/s, " + seconds + " s after " + warmup + " s warm-up, over " + profiles + " profiles");
      // the floor (GET /ping on the admin connector, same run) is what the cheapest request costs on this machine
      Map<String, ScenarioResult> results = serving.generate("--base", serving.base(),
          "--requests", requests.toString(), "--scenario", "recommendations", "--country", "DE",
          "--rate", Integer.toString(rate), "--seconds", Integer.toString(seconds), "--warmup", Integer.toString(warmup),
          "--floor-base", serving.adminBase());
      ScenarioResult recs = results.get("recommendations");
      double floorCpuUs = results.get("floor").serverCpuUsPerRequest();
      System.out.println("impressions written: "
          + count(dbUrl, pg.user(), pg.password(), "SELECT count(*) FROM rec_impressions"));
      BenchLine.of("recommender-serving").put("recs_p99_ms", recs.p99Ms(), 1).put("recs_p50_ms", recs.p50Ms(), 1)
          .putRounded("rps", recs.rps()).putRounded("floor_cpu_us", floorCpuUs)
          .putRounded("recs_cpu_us", recs.serverCpuUsPerRequest())
          .put("recs_cpu_vs_floor", recs.serverCpuUsPerRequest() / floorCpuUs, 2)
          .print();
    }
  }

  /**
   * Seeds with set-based SQL (seconds, not minutes) and returns one {access token, profile id} per
   * profile. Rec lists are a deterministic scramble of the catalog, so every profile's list differs.
   */
  private static List<String[]> seed(String url, String user, String password, int titles, int profiles, int top,
      String secret) throws Exception {
    int accounts = (profiles + PROFILES_PER_ACCOUNT - 1) / PROFILES_PER_ACCOUNT;
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE genres AS SELECT * FROM unnest(ARRAY['" + String.join("','", GENRES)
          + "']) WITH ORDINALITY AS g(name, n)");
      s.execute("""
          INSERT INTO titles (id, kind, name, synopsis, release_year, duration_ms, maturity_rating, maturity_level,
            genres, version, search, updated_at)
          SELECT 'tt-' || i, 'movie', 'Bench title ' || i, 'synopsis ' || i, 1980 + i %% 45, 5400000,
            CASE WHEN i %% 10 = 0 THEN '16+' ELSE 'ALL' END, CASE WHEN i %% 10 = 0 THEN 16 ELSE 0 END,
            ARRAY[(SELECT name FROM genres WHERE n = 1 + i %% %1$d), (SELECT name FROM genres WHERE n = 1 + (i / 3) %% %1$d)],
            1, to_tsvector('simple', 'Bench title ' || i), now() - i * interval '1 second'
          FROM generate_series(1, %2$d) i""".formatted(GENRES.length, titles));
      s.execute("""
          INSERT INTO availability_windows (title_id, country, starts_at, ends_at)
          SELECT 'tt-' || i, CASE WHEN i %% 10 = 3 THEN 'FR' ELSE 'DE' END, now() - interval '1 day', now() + interval '30 days'
          FROM generate_series(1, %d) i""".formatted(titles));
      s.execute("""
          INSERT INTO accounts (id, email, password_hash, role, plan)
          SELECT 'acc-' || a, 'viewer' || a || '@bench.local', 'not-a-hash', 'viewer', 'standard'
          FROM generate_series(0, %d) a""".formatted(accounts - 1));
      s.execute("""
          INSERT INTO profiles (id, account_id, name, kids, maturity_ceiling)
          SELECT 'prof-' || p, 'acc-' || (p / %d), 'Profile ' || p, p %% 10 = 0, CASE WHEN p %% 10 = 0 THEN 7 ELSE 18 END
          FROM generate_series(0, %d) p""".formatted(PROFILES_PER_ACCOUNT, profiles - 1));
      s.execute("INSERT INTO rec_models (model_version, run_id, algorithm, metric_name, metric_value) "
          + "VALUES ('bench-v1', 'bench', 'als', 'ndcg@10', 0.4)");
      // every 20th profile is cold-start (no rows): it is served from the popular list
      s.execute("""
          INSERT INTO rec_profile_titles (model_version, profile_id, rank, title_id, score)
          SELECT 'bench-v1', 'prof-' || p, r, 'tt-' || (1 + ((p::bigint * 7919 + r * 104729 + p * r) %% %d)), 1.0 / r
          FROM generate_series(0, %d) p, generate_series(1, %d) r WHERE p %% 20 <> 0""".formatted(titles, profiles - 1, top));
      s.execute("""
          INSERT INTO rec_popular_titles (model_version, country, rank, title_id, score)
          SELECT 'bench-v1', c, r, 'tt-' || (1 + (r * 37) %% %d), 1000.0 / r FROM unnest(ARRAY['DE', '*']) c,
            generate_series(1, 100) r""".formatted(titles));
      s.execute("INSERT INTO rec_serving_arms (arm, model_version, traffic_percent) VALUES ('control', 'bench-v1', 100)");
      // three finished titles per profile, all of them in the profile's own list
      s.execute("""
          INSERT INTO watch_progress (profile_id, title_id, position_ms, duration_ms, device_id, updated_at)
          SELECT profile_id, title_id, 5300000, 5400000, 'bench-tv', now() FROM rec_profile_titles
          WHERE rank IN (2, 5, 9) ON CONFLICT DO NOTHING""");
      s.execute("ANALYZE");
    }
    AccessTokens minter = new AccessTokens(secret, "ott-serving-api", Duration.ofHours(2), Clock.systemUTC());
    List<String> tokens = new ArrayList<>(accounts);
    try (Connection c = DriverManager.getConnection(url, user, password);
        PreparedStatement family = c.prepareStatement(
            "INSERT INTO token_families (id, account_id, device_id) VALUES (?, ?, 'bench-tv')")) {
      for (int a = 0; a < accounts; a++) {
        UUID id = UUID.randomUUID();
        family.setObject(1, id);
        family.setString(2, "acc-" + a);
        family.addBatch();
        tokens.add(minter.issue("acc-" + a, Role.VIEWER, "bench-tv", id));
      }
      family.executeBatch();
    }
    List<String[]> viewers = new ArrayList<>(profiles);
    for (int p = 0; p < profiles; p++) {
      viewers.add(new String[] {tokens.get(p / PROFILES_PER_ACCOUNT), "prof-" + p});
    }
    return viewers;
  }

  private static long count(String url, String user, String password, String query) throws Exception {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
