package io.ottplatform.e2e.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.e2e.sdk.HlsStream;
import io.ottplatform.e2e.sdk.SdkBrowser;
import io.ottplatform.e2e.sdk.SdkTestServer;
import io.ottplatform.ingest.IngestApplication;
import io.ottplatform.ingest.IngestConfiguration;
import io.ottplatform.schemas.token.PlaybackTokenClaims;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.simulator.token.DevKeys;
import io.ottplatform.simulator.token.PlaybackTokenMinter;
import io.ottplatform.testsupport.ChildJvm;
import io.ottplatform.testsupport.KafkaBrokerExtension;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13's end-to-end test: a real viewer's view, seen on the dashboard. The player SDK (its script-tag build, as
 * the player-sdk jar ships it) plays an 8 s HLS stream with hls.js in Debian's headless Chromium (PlayerSdkBrowserIT's
 * page, server and {@code sdk-play.js}); the test server holds one segment back for {@link #HOLD}. The SDK's batches
 * go through the real ingest-api into a real Kafka broker; the real QoE job (Flink, its own process on its module's
 * classpath) writes the view's summary into {@code qoe_view} of the one PostgreSQL database that the real serving-api
 * migrates and reads. Then, in the browser again ({@code src/test/sdk-dashboard/dashboard-view.js}), an analyst made
 * with serving-api's own {@code admin create} signs in on {@code /dashboard/}, waits until the views list shows the
 * SDK's session (the page reloads it itself on the live stream's word), and opens it:
 *
 * <ul>
 *   <li>the row and the detail show the session, title, CDN and player the SDK reported, and one rebuffer;
 *   <li>that rebuffer is as long as the browser's own stall (its waiting→playing), within {@link #STALL_TOLERANCE_MS}
 *       (the page rounds to 0.1 s, so the milliseconds come from the page's own JSON call for the same view).
 * </ul>
 *
 * <p>Skipped when Chromium or node is missing, unless {@code CI} is set (.ci/run installs both): then it fails.
 */
@Timeout(420)
class SdkViewOnDashboardIT {

  static final Path CHROMIUM = Paths.get(System.getenv().getOrDefault("OTT_TEST_CHROMIUM", "/usr/bin/chromium"));
  static final Path SCRIPTS = Paths.get("src/test/sdk-dashboard");
  static final String DB_IN_FILE = "jdbc:postgresql://127.0.0.1:5432/set-by-the-test";
  /** Longer than hls.js's forward buffer on the SDK page (1 to 2 s), so playback does stall. */
  static final Duration HOLD = Duration.ofMillis(2_500);
  static final String HELD_SEGMENT = "seg004.ts";
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(60);
  /** From the SDK page's end to the view in the dashboard's list: the QoE job's start is most of it. */
  static final Duration VIEW_TIMEOUT = Duration.ofSeconds(150);
  static final long STALL_TOLERANCE_MS = 300;

  static final String ACCOUNT = "acc-dashboard-it";
  static final String PROFILE = "prof-dashboard-it";
  static final String TITLE = "title-dashboard-it";
  static final String KID = "dashboard-it";
  static final String ANALYST = "analyst@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final String SESSION = "sdk-dashboard-" + UUID.randomUUID();
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @TempDir static Path dir;

  static String skipReason;
  static ChildJvm qoeJob;
  static DropwizardAppExtension<ServingConfiguration> serving;
  static DropwizardAppExtension<IngestConfiguration> ingest;
  static SdkTestServer server;
  /** What sdk-play.js reported: the browser's own events and the SDK's stats. */
  static JsonNode player;
  /** What dashboard-view.js saw: the views list's row, the detail's facts, the page's JSON for the view. */
  static JsonNode dashboard;

  @BeforeAll
  static void playThenLookAtTheDashboard() throws Exception {
    skipReason = missing(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
        + " (apt-get install chromium; it is in .ci/apt-packages)");
    if (skipReason == null) {
      skipReason = missing(SdkBrowser.nodeAvailable(), "node is not on the PATH (Node.js 18+ runs playwright-core)");
    }
    if (skipReason != null) {
      System.out.println("[sdk-dashboard] SKIPPED: " + skipReason);
      return;
    }
    // first, so that Flink's start overlaps everything else; it reads playback.events from the earliest offset
    qoeJob = QoeJobProcess.start("sdk-dashboard-it", KAFKA, DB, dir);

    // the database in a copy of the file, not as a dw.* override: those are system properties, and ingest-api's
    // overrides would reach serving-api's commands (and serving-api's ingest-api's start) while both run
    Path servingConfig = Files.writeString(dir.resolve("serving-config.yml"),
        Files.readString(SCRIPTS.resolve("serving-config.yml")).replace(DB_IN_FILE, DB.jdbcUrl()));
    serving = new DropwizardAppExtension<>(ServingApplication.class, servingConfig.toString());
    serving.before();
    serving.getApplication().run("db", "migrate", servingConfig.toString());
    ServingCli.createAccount(ANALYST, "analyst", PASSWORD, servingConfig, dir);

    KeyPair keys = DevKeys.generate();
    Path jwks = Files.writeString(dir.resolve("jwks.json"), DevKeys.jwks((ECPublicKey) keys.getPublic(), KID));
    PlaybackTokenMinter minter = new PlaybackTokenMinter(keys.getPrivate(), KID, PlaybackTokenClaims.ISSUER,
        PlaybackTokenClaims.AUDIENCE, Duration.ofHours(1), Clock.systemUTC());

    Path media = HlsStream.generate(dir.resolve("media"));
    Path browserDir = SdkBrowser.prepare(Paths.get("src/test/sdk-browser"), Paths.get("target/sdk-browser"));
    for (String script : List.of("dashboard-page.js", "dashboard-view.js")) {
      Files.copy(SCRIPTS.resolve(script), browserDir.resolve(script), StandardCopyOption.REPLACE_EXISTING);
    }
    server = SdkTestServer.start(browserDir, media, HELD_SEGMENT, HOLD);
    // the page's origin is the test server's: ingest-api answers CORS for listed origins only
    ingest = new DropwizardAppExtension<>(IngestApplication.class,
        ResourceHelpers.resourceFilePath("sdk-ingest-config.yml"),
        ConfigOverride.config("kafka.bootstrapServers", KAFKA::bootstrapServers),
        ConfigOverride.config("playbackToken.jwksFile", jwks.toString()),
        ConfigOverride.config("cors.allowedOrigins", server.base()));
    ingest.before();

    ObjectNode play = JSON.createObjectNode().put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis());
    play.putObject("pages")
        .put("full", sdkPage(minter.mint(SESSION, ACCOUNT, PROFILE, TITLE)))
        .put("leave", sdkPage(minter.mint("sdk-dashboard-leave-" + UUID.randomUUID(), ACCOUNT, PROFILE, TITLE)));
    player = JSON.readTree(SdkBrowser.run(browserDir, Files.writeString(browserDir.resolve("plan-play.json"),
        JSON.writeValueAsString(play)), PLAY_TIMEOUT.multipliedBy(2).plusSeconds(60)));
    System.out.println("[sdk-dashboard] player: " + player.path("full").path("stats"));

    // the dashboard reads qoe_view, which the QoE job creates when it starts: the page opens once it is there
    await("the QoE job's tables (log: " + dir.resolve("qoe-job.log") + ")").atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500)).until(() -> {
          assertThat(qoeJob.isAlive()).as("the QoE job is running: %s", qoeJob.output()).isTrue();
          return tableExists("qoe_view");
        });
    ObjectNode look = JSON.createObjectNode().put("chromium", CHROMIUM.toString())
        .put("dashboard", "http://127.0.0.1:" + serving.getLocalPort() + "/dashboard/")
        .put("email", ANALYST).put("password", PASSWORD).put("sessionId", SESSION)
        .put("viewTimeoutMs", VIEW_TIMEOUT.toMillis());
    dashboard = JSON.readTree(SdkBrowser.run(browserDir, "dashboard-view.js",
        Files.writeString(browserDir.resolve("plan-dashboard.json"), JSON.writeValueAsString(look)),
        VIEW_TIMEOUT.plusSeconds(90)));
    System.out.println("[sdk-dashboard] dashboard: " + dashboard);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (ingest != null) {
      ingest.after();
    }
    if (serving != null) {
      serving.after();
    }
    if (qoeJob != null) {
      qoeJob.close();
    }
  }

  @Test
  void theSdksViewIsInTheDashboardsViewsListAndItsDetail() {
    assumeTrue(skipReason == null, skipReason);
    List<String> headers = JSON.convertValue(dashboard.path("headers"), JSON.getTypeFactory()
        .constructCollectionType(List.class, String.class));
    List<String> row = JSON.convertValue(dashboard.path("row"), JSON.getTypeFactory()
        .constructCollectionType(List.class, String.class));
    assertThat(headers).as("the views table's columns").contains("session", "title", "CDN", "rebuffers");
    assertThat(row).as("the row of the SDK's view: " + dashboard).hasSameSizeAs(headers);
    Map<String, String> cells = new java.util.LinkedHashMap<>();
    for (int i = 0; i < headers.size(); i++) {
      cells.put(headers.get(i), row.get(i));
    }
    assertThat(cells).containsEntry("session", SESSION).containsEntry("title", TITLE)
        .containsEntry("CDN", "test-origin").containsEntry("rebuffers", "1").containsEntry("failure", "");
    // the JSON's decimal epoch seconds read as a time of this run (the page once read them as milliseconds: 1970)
    java.time.Instant ended = java.time.Instant.parse(cells.get("ended").replace(' ', 'T'));
    assertThat(ended).as("the view's end on the page").isBetween(java.time.Instant.now().minus(Duration.ofHours(1)),
        java.time.Instant.now());

    JsonNode detail = dashboard.path("detail");
    assertThat(detail.path("title").asText()).isEqualTo(TITLE);
    assertThat(detail.path("account").asText()).isEqualTo(ACCOUNT);
    assertThat(detail.path("player").asText()).isEqualTo("hls.js");
    assertThat(detail.path("failure").asText()).isEqualTo("none");
    assertThat(detail.path("rebuffers").asText()).as("one rebuffer and its length").matches("1 \\(\\d+\\.\\d s\\)");
    assertThat(detail.path("playing").asText()).as("the stream's %d s played", HlsStream.SECONDS).matches("\\d+\\.\\d s");
    assertThat(seconds(detail.path("playing").asText())).isBetween(HlsStream.SECONDS - 1.0, HlsStream.SECONDS + 0.5);
    assertThat(seconds(detail.path("watched").asText())).as("watched: startup, playing and the stall")
        .isGreaterThan(seconds(detail.path("playing").asText()));
    assertThat(dashboard.path("problems")).as("no console errors or failed requests on the dashboard page").isEmpty();
  }

  @Test
  void theHeldSegmentIsOneRebufferOnTheDashboardAsLongAsTheBrowsersOwnStall() {
    assumeTrue(skipReason == null, skipReason);
    assertThat(server.held()).as(HELD_SEGMENT + " was requested and held").isTrue();
    long browserStall = BrowserStall.of(player.path("full").path("browserEvents"));
    assertThat(browserStall).as("held back %d ms, the page buffers 1-2 s: %s", HOLD.toMillis(), player.path("full"))
        .isGreaterThan(400);

    JsonNode api = dashboard.path("api");
    assertThat(api.path("status").asInt()).as("the page's JSON call for the view: " + api).isEqualTo(200);
    JsonNode view = api.path("body").path("view");
    assertThat(view.path("sessionId").asText()).isEqualTo(SESSION);
    assertThat(view.path("rebufferCount").asInt()).isEqualTo(1);
    long dashboardStall = view.path("rebufferDurationMs").asLong();
    System.out.printf("[sdk-dashboard] stall: browser %d ms (waiting→playing), dashboard %d ms (shown as \"%s\"), "
        + "view listed %d ms after the page signed in%n", browserStall, dashboardStall,
        dashboard.path("detail").path("rebuffers").asText(), dashboard.path("waitedMs").asLong());
    assertThat(Math.abs(dashboardStall - browserStall)).as("dashboard %d ms vs browser %d ms", dashboardStall,
        browserStall).isLessThanOrEqualTo(STALL_TOLERANCE_MS);
    // what the page shows is that same duration, to its 0.1 s
    String shown = dashboard.path("detail").path("rebuffers").asText();
    double shownSeconds = seconds(shown.substring(shown.indexOf('(') + 1, shown.indexOf(')')));
    assertThat(shownSeconds).isCloseTo(dashboardStall / 1000.0, org.assertj.core.data.Offset.offset(0.051));
  }

  private static double seconds(String text) {
    return Double.parseDouble(text.replace(" s", ""));
  }

  private static String sdkPage(String token) {
    return server.base() + "/sdk-page.html?src=/media/master.m3u8&flushMs=10000"
        + "&ingest=" + URLEncoder.encode("http://127.0.0.1:" + ingest.getLocalPort(), StandardCharsets.UTF_8)
        + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  private static boolean tableExists(String table) throws Exception {
    try (Connection c = DriverManager.getConnection(DB.jdbcUrl(), DB.user(), DB.password());
        ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** Null when present; outside CI the reason to skip; under CI (where .ci/run installs it) a failure. */
  private static String missing(boolean present, String what) {
    if (!present && System.getenv("CI") != null) {
      fail(what + "; CI is set, so the SDK dashboard test must run (.ci/run installs .ci/apt-packages)");
    }
    return present ? null : what + ": SDK dashboard test skipped (set CI to make this a failure)";
  }
}
