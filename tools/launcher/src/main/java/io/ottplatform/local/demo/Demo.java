package io.ottplatform.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottplatform.local.LocalPlatform;
import io.ottplatform.local.PlatformConfig;
import io.ottplatform.local.PlatformException;
import io.ottplatform.local.build.ModuleRunner;
import io.ottplatform.local.seed.CatalogSeeder;
import io.ottplatform.local.seed.ServingClient;
import io.ottplatform.local.service.Secrets;
import io.ottplatform.local.service.ServiceDefinition;
import io.ottplatform.local.service.ServiceSupervisor;
import io.ottplatform.qoe.queries.LiveQoe;
import io.ottplatform.qoe.queries.LiveQoeQuery;
import io.ottplatform.schemas.avro.QoeDimension;
import io.ottplatform.local.service.ServingAdmin;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ./ott demo}: every stage of the platform runs its real component on simulated players. The
 * steps are the table of contents of {@link #run()}; each prints a heading and what it saw.
 */
public final class Demo {

  /** What a run of the demo is asked for (environment: OTT_DEMO_VIEWERS, OTT_DEMO_ACCOUNTS, OTT_DEMO_SEED). */
  public record Options(int viewers, int accounts, long seed) {}

  /** The demo's editor: made an admin by serving-api's 'admin create' (sign-up only ever makes viewers). */
  private static final String ADMIN_EMAIL = "admin@localhost";

  private final PlatformConfig config;
  private final LocalPlatform platform;
  private final ServiceSupervisor supervisor;
  private final List<ServiceDefinition> services;
  private final ModuleRunner runner;
  private final Options options;
  private final PrintStream out;
  private final ServingClient api = new ServingClient(URI.create("http://127.0.0.1:8090"));
  private final Path identities;

  public Demo(PlatformConfig config, LocalPlatform platform, ServiceSupervisor supervisor, List<ServiceDefinition> services,
      ModuleRunner runner, Options options, PrintStream out) {
    this.config = config;
    this.platform = platform;
    this.supervisor = supervisor;
    this.services = services;
    this.runner = runner;
    this.options = options;
    this.out = out;
    this.identities = config.home().resolve("demo-identities.json");
  }

  public void run() throws Exception {
    platform.up();

    step("1. Kafka round trip: sample PlaybackEvents through the real broker");
    // The sample view goes to playback.events, which the QoE job reads in event time. Dated before the
    // fleet's views (unpaced, they start 12 hours back) it does not move the job's watermark past them,
    // which would make the whole fleet late.
    KafkaRoundTrip.printed(config.kafkaBootstrap(), Instant.now().minus(Duration.ofHours(13)), out);

    step("2. Services: ingest-api, the Flink QoE job, the concurrency guard, serving-api, the media worker");
    for (ServiceDefinition service : services) {
      supervisor.start(service);
    }

    step("3. serving-api: an editor publishes the demo catalog; viewers sign up and create profiles");
    Credentials credentials = credentials();
    String admin = createAdmin(credentials.admin());
    seedCatalogAndViewers(admin, credentials.viewer());

    step("3b. media: the editor uploads generated clips (tus); the media worker encodes them, encrypted, on media.jobs");
    List<String> encoded = new DemoMedia(runner, api, config.home(), out).encodeAndAttach(admin, demoTitleIds());
    out.println(encoded.size() + " titles have clips of their own; every title's grant points at published, "
        + "encrypted HLS and DASH");

    step("4. " + options.viewers() + " simulated viewers play those titles through ingest-api, as player SDKs do");
    // each view logs in as its account and gets its grant (and playback token) from serving-api, as an app
    // does; ingest-api verifies the token with serving-api's JWKS
    require(runner.run("tools/player-simulator", "io.ottplatform.simulator.SimulatorCli", List.of(
        "--target", "http://127.0.0.1:8081", "--serving", api.base().toString(), "--identities", identities.toString(),
        "--viewers", Integer.toString(options.viewers()), "--seed", Long.toString(options.seed()))), "the simulator");

    step("5. Real-time QoE from the Flink job (PostgreSQL qoe_minute, what the live dashboard reads)");
    liveQoe();

    step("6. Lakehouse: land the events, the catalog and the impressions in Iceberg, sessionize, ask Trino");
    for (String job : List.of("land", "land-titles", "land-impressions")) {
      require(runner.run("batch-jobs", "io.ottplatform.batch.BatchJobs", List.of(job)), "batch " + job);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate day : List.of(today.minusDays(1), today)) {
      require(runner.run("batch-jobs", "io.ottplatform.batch.BatchJobs", List.of("sessionize", "--date", day.toString())),
          "batch sessionize " + day);
    }
    trino("""
        SELECT cdn, count(*) AS views, count(startup_time_ms) AS plays, approx_percentile(startup_time_ms, 0.5) AS startup_p50_ms,
          round(100.0 * sum(rebuffer_duration_ms) / nullif(sum(rebuffer_duration_ms + playing_time_ms), 0), 2) AS rebuffer_pct,
          sum(CASE WHEN video_start_failure THEN 1 ELSE 0 END) AS start_failures
        FROM analytics.view_sessions GROUP BY cdn ORDER BY cdn""");
    // the titles' current names and genres (valid_to IS NULL): the demo publishes its catalog after the day its
    // fleet plays, so the as-of join of docs/analytics.md (a name as it was that day) would find none yet
    trino("""
        SELECT e.view_date, t.name, array_join(t.genres, ', ') AS genres, e.views, round(e.minutes_watched, 1) AS minutes
        FROM analytics.title_engagement_daily e
        LEFT JOIN dim.titles t ON t.title_id = e.title_id AND t.valid_to IS NULL
        ORDER BY e.view_date DESC, e.views DESC LIMIT 10""");

    step("7. Recommender: ALS on the lake's viewer activity, through the promotion gate, served by serving-api");
    recommendations(credentials.viewer());

    step("8. serving-api: a viewer searches and gets a playback grant");
    playback(credentials.viewer());

    step("9. A real browser: headless Chromium signs in on the watch page and plays " + DemoViewer.TITLE
        + " with hls.js and the player SDK; the dashboard shows the view");
    watchInBrowser(credentials);

    out.println();
    // the passwords were shown once, at their creation: here only where they are kept
    Path secrets = config.home().resolve("secrets/demo.env");
    out.println("dashboard:  " + api.base() + "/dashboard/ (sign in as " + ADMIN_EMAIL + ", password "
        + "OTT_DEMO_ADMIN_PASSWORD in " + secrets + "); live QoE, every view above with its QoE, media jobs");
    out.println("watch page: " + WATCH_PAGE + " (sign in as " + VIEWER_EMAIL + " ... viewer" + options.accounts()
        + "@example.com, password OTT_DEMO_VIEWER_PASSWORD in " + secrets + "); press play on " + DemoViewer.TITLE);
    out.println("player SDK: " + api.base() + "/sdk/ott-player-sdk.iife.js (script tag; docs/sdk.md), events to "
        + "http://127.0.0.1:8081/v1/events with the grant's playbackToken");
    out.println("ott demo: done. './ott status' shows the platform, './ott sql' opens Trino, './ott down' stops everything.");
  }

  /**
   * The watch page on the origin the grants' URLs name (config.yml's playback.publicBaseUrl, http://localhost:8090), so
   * its media and key requests are same-origin; its SDK posts to ingest-api, which lists this origin for CORS.
   */
  static final URI WATCH_PAGE = URI.create("http://localhost:8090/watch/");
  /** The demo viewer the browser signs in as, and whose login the final lines name. */
  static final String VIEWER_EMAIL = "viewer1@example.com";

  /**
   * Step 9: a real browser on the watch page (DemoViewer), then its view as the dashboard lists it. A machine without
   * chromium or node skips it, saying so; a viewer that fails is reported and the demo goes on to its last lines.
   */
  private void watchInBrowser(Credentials credentials) throws InterruptedException {
    DemoViewer viewer = new DemoViewer(runner.build().root(), config.home(), api, out);
    java.util.Optional<JsonNode> played;
    try {
      played = viewer.watch(DemoViewer.chromium(System.getenv()), WATCH_PAGE, VIEWER_EMAIL, credentials.viewer());
    } catch (PlatformException e) {
      out.println("(the browser viewer failed: " + e.getMessage() + ")");
      return;
    }
    if (played.isEmpty()) {
      return;
    }
    JsonNode r = played.get();
    if (r.hasNonNull("error")) {
      out.println("(the watch page did not play " + DemoViewer.TITLE + ": " + r.path("error").asText() + "; "
          + abbreviate(r.path("problems").toString(), 600) + ")");
      return;
    }
    String session = r.path("grantSessionId").asText();
    out.printf(Locale.ROOT, "%s signed in on %s, pressed %s: first frame %d ms later, %s after %.1f s; session %s "
            + "(the SDK's: %s); SDK events %s%n", VIEWER_EMAIL, WATCH_PAGE, DemoViewer.TITLE, r.path("startupMs").asLong(),
        r.path("state").asText(), r.path("playedSeconds").asDouble(), session, r.path("sdkSessionId").asText(),
        r.path("stats"));
    if (!r.path("problems").isEmpty()) {
      out.println("(the page reported: " + abbreviate(r.path("problems").toString(), 600) + ")");
    }
    String admin = api.logIn(ADMIN_EMAIL, credentials.admin(), "cms");
    viewer.onDashboard(admin, session, Duration.ofSeconds(90)).ifPresentOrElse(
        view -> out.println("on the dashboard (GET /v1/dashboard/views): " + DemoViewer.describe(view)),
        () -> out.println("(the view is not on the dashboard after 90 s: see " + supervisor.logFile("qoe-job") + ")"));
  }

  /** The demo's passwords: random, generated on the first run, kept in $OTT_HOME/secrets/demo.env (0600). */
  record Credentials(String admin, String viewer) {}

  private Credentials credentials() {
    boolean first = !Files.exists(config.home().resolve("secrets/demo.env"));
    Map<String, String> values = new Secrets(config.home()).env("demo", List.of("OTT_DEMO_ADMIN_PASSWORD", "OTT_DEMO_VIEWER_PASSWORD"));
    Credentials c = new Credentials(values.get("OTT_DEMO_ADMIN_PASSWORD"), values.get("OTT_DEMO_VIEWER_PASSWORD"));
    if (first) {
      out.println("generated the demo's passwords (shown once; kept in " + config.home().resolve("secrets/demo.env") + ", mode 0600):");
      out.println("  editor  " + ADMIN_EMAIL + " / " + c.admin());
      out.println("  viewers viewer1@example.com ... / " + c.viewer());
    }
    return c;
  }

  /**
   * The demo's admin, made the one way an admin is made: serving-api's {@code admin create} with the demo's
   * random password (in a 0600 file for the moment the command reads it). {@code --if-exists update}: an
   * earlier demo's account (same database, another OTT_HOME) takes this OTT_HOME's password.
   */
  private String createAdmin(String password) {
    Path file = config.home().resolve("secrets/demo-admin.password");
    Secrets.writePrivate(file, password + "\n");
    try {
      require(ServingAdmin.run(runner, services, config.home(), List.of("create", "--email", ADMIN_EMAIL,
          "--role", "admin", "--password-file", file.toString(), "--if-exists", "update")), "serving-api admin create");
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        out.println("(could not remove " + file + ": " + e.getMessage() + ")");
      }
    }
    return api.logIn(ADMIN_EMAIL, password, "cms");
  }

  /**
   * The catalog (editor API) and viewer accounts with two profiles each (viewer API), written as the
   * simulator's --identities file so that the fleet, the lake and the models speak of serving-api's ids.
   * Reused while serving-api still knows its first title (i.e. until ./ott reset).
   */
  private void seedCatalogAndViewers(String admin, String viewerPassword) throws IOException {
    if (Files.exists(identities)) {
      JsonNode stored = ServingClient.json().readTree(identities.toFile());
      String first = stored.path("titleIds").path(0).asText("");
      if (!first.isEmpty() && api.send("GET", "/v1/admin/titles/" + first, admin, null, null).status() == 200) {
        out.println("reusing the demo catalog and viewers of " + identities);
        return;
      }
    }
    CatalogSeeder seeder = new CatalogSeeder(api);
    List<String> titleIds = seeder.publish(admin, DemoCatalog.titles());
    out.println("editor published " + titleIds.size() + " titles");
    ObjectNode file = ServingClient.json().createObjectNode();
    ArrayNode accounts = file.putArray("accounts");
    for (int n = 1; n <= options.accounts(); n++) {
      CatalogSeeder.Viewer viewer;
      try {
        viewer = seeder.viewer("viewer" + n + "@example.com", viewerPassword, "tv-" + n, List.of("Main", "Second"));
      } catch (PlatformException e) {
        throw new PlatformException(e.getMessage() + "\n(demo viewers from an earlier run without " + identities
            + "? './ott reset' starts the demo afresh)", e);
      }
      // the login too, so a fleet can get its playback grants (and tokens) from serving-api as players do
      ObjectNode account = accounts.addObject().put("accountId", viewer.accountId())
          .put("email", viewer.email()).put("password", viewerPassword).put("deviceId", "tv-" + n);
      viewer.profileIds().forEach(account.putArray("profileIds")::add);
    }
    titleIds.forEach(file.putArray("titleIds")::add);
    // it holds the viewers' password: only its owner may read it
    Secrets.writePrivate(identities, ServingClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(file));
    out.println(options.accounts() + " viewer accounts signed up (viewerN@example.com), two profiles each");
  }

  /** The catalog's title ids, in publishing order, as the identities file keeps them. */
  private List<String> demoTitleIds() throws IOException {
    List<String> ids = new ArrayList<>();
    ServingClient.json().readTree(identities.toFile()).path("titleIds").forEach(id -> ids.add(id.asText()));
    return ids;
  }

  /** The job publishes a minute when the watermark passes it: waits until nine in ten views are counted. */
  private void liveQoe() throws SQLException, InterruptedException {
    long target = options.viewers() * 9L / 10;
    long views = 0;
    try (Connection db = DriverManager.getConnection(config.jdbcUrl(config.database()), config.pgUser(), config.pgPassword());
        Statement s = db.createStatement()) {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (views < target && System.nanoTime() < deadline) {
        views = countViews(s);
        if (views < target) {
          Thread.sleep(2000);
        }
      }
      out.println("views counted by the QoE job so far: " + views + " of " + options.viewers());
      if (views == 0) {
        out.println("(no QoE rows yet: see " + supervisor.logFile("qoe-job") + ")");
        return;
      }
      // ratios of summed numerators and the median of the merged startup sketches (libs/qoe-queries), never
      // averages of per-minute ratios or percentiles: comparable with the lake's figures in step 6
      List<String[]> lines = new ArrayList<>();
      lines.add(new String[] {"cdn", "views", "plays", "startup_p50_ms", "rebuffer_pct", "start_failures"});
      for (LiveQoe cdn : LiveQoeQuery.byDimension(db, QoeDimension.CDN, Instant.EPOCH, Instant.now().plus(Duration.ofDays(1)))) {
        Double p50 = cdn.startupTimeMs(0.5);
        lines.add(new String[] {cdn.dimensionValue(), Long.toString(cdn.viewsStarted()), Long.toString(cdn.plays()),
            p50 == null ? "" : Long.toString(Math.round(p50)), String.format(Locale.ROOT, "%.2f", 100 * cdn.rebufferingRatio()),
            Long.toString(cdn.videoStartFailures())});
      }
      ResultTables.print(lines, out);
    }
  }

  private static long countViews(Statement s) {
    try (ResultSet r = s.executeQuery("SELECT coalesce(sum(views_started), 0) FROM qoe_minute WHERE dimension = 'CDN'")) {
      return r.next() ? r.getLong(1) : 0;
    } catch (SQLException tableNotThereYet) {
      return 0;
    }
  }

  private void trino(String sql) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "ott");
    String url = "jdbc:trino://127.0.0.1:" + config.trinoPort() + "/" + config.lakeCatalog();
    try (Connection trino = DriverManager.getConnection(url, p); Statement s = trino.createStatement();
        ResultSet rows = s.executeQuery(sql)) {
      ResultTables.print(rows, out);
    }
  }

  private void recommendations(String viewerPassword) throws Exception {
    ModuleRunner.Output trained = runner.runAndCapture("recommender", "io.ottplatform.recommender.RecommenderCli",
        List.of("train", "--rank", "16", "--reg-param", "0.5", "--alpha", "1", "--max-iter", "10"), out);
    require(trained.exitCode(), "recommender train");
    String run = trained.lines().stream().filter(l -> l.contains("promote --run-id ")).reduce((a, b) -> b)
        .map(l -> l.substring(l.indexOf("promote --run-id ") + "promote --run-id ".length()).trim().split("\\s+")[0])
        .orElseThrow(() -> new PlatformException("the recommender printed no run id (no 'promote --run-id' line)"));
    // the gate refuses (exit 3) when the serving model is at least as good: then serving keeps it
    int promoted = runner.run("recommender", "io.ottplatform.recommender.RecommenderCli", List.of("promote", "--run-id", run));
    if (promoted != 0) {
      out.println("(gate refused, reason above: serving keeps its model, or serves popularity if nothing beats it)");
    }
    String token = api.logIn("viewer1@example.com", viewerPassword, "tv-1");
    String profile = ServingClient.json().readTree(identities.toFile()).path("accounts").path(0).path("profileIds").path(0).asText();
    // serving-api reloads its arms every few seconds: wait until it serves the promoted model
    JsonNode reply = null;
    for (int i = 0; i < 20 && (reply == null || !reply.hasNonNull("modelVersion")); i++) {
      if (i > 0) {
        Thread.sleep(1000);
      }
      reply = api.send("GET", "/v1/recommendations?profileId=" + profile + "&limit=5", token, "US", null).body();
    }
    out.println("recommendations for viewer1's profile " + profile + " (GET /v1/recommendations):");
    out.println(ServingClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(reply));
  }

  private void playback(String password) throws Exception {
    String token = api.signUpAndLogIn("ann@example.com", password, "tv-1");
    ServingClient.Reply created = api.send("POST", "/v1/profiles", token, null, Map.of("name", "Ann"));
    String profile = created.status() == 201 ? created.body().path("id").asText()
        : firstId(api.get("/v1/profiles", token, null));
    out.println("viewer ann@example.com signed in, profile " + profile);
    JsonNode found = api.get("/v1/catalog/search?profileId=" + profile + "&q=nebu", token, "DE");
    out.println("search 'nebu': " + abbreviate(found.toString(), 400));
    String title = firstId(found);
    JsonNode grant = api.post("/v1/playback", token, "DE", Map.of("profileId", profile, "titleId", title), 200);
    out.println("playback grant: " + abbreviate(grant.toString(), 600));
  }

  /** The first {@code id} in a list answer (a bare array, or an object holding one). */
  private static String firstId(JsonNode node) {
    List<JsonNode> candidates = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(candidates::add);
    } else {
      node.forEach(child -> {
        if (child.isArray()) {
          child.forEach(candidates::add);
        }
      });
    }
    return candidates.stream().map(n -> n.path("id").asText("")).filter(id -> !id.isEmpty()).findFirst()
        .orElseThrow(() -> new PlatformException("no id in serving-api's answer: " + abbreviate(node.toString(), 300)));
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + " ...";
  }

  private static void require(int exitCode, String what) {
    if (exitCode != 0) {
      throw new PlatformException(what + " failed with exit code " + exitCode);
    }
  }

  private void step(String title) {
    out.println();
    out.println("== " + title);
  }
}
