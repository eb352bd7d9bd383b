package io.ottplatform.e2e.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.media.EncodeRequest;
import io.ottplatform.media.EncodeResult;
import io.ottplatform.media.JobListener;
import io.ottplatform.media.MediaPipeline;
import io.ottplatform.media.PipelineOptions;
import io.ottplatform.media.engine.FfmpegBinaries;
import io.ottplatform.media.engine.FfmpegEngine;
import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.MasterKey;
import io.ottplatform.media.keys.MediaPipelineMigrations;
import io.ottplatform.media.keys.PostgresKeyStore;
import io.ottplatform.media.origin.LocalOrigin;
import io.ottplatform.serving.ServingApplication;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #12's "tests that must exist", end to end: a short title generated with FFmpeg's lavfi (testsrc2 + sine,
 * 10 s, 848x480: two rungs) is encoded by the real media-pipeline, clear and encrypted, with its keys in the real
 * {@code media_content_keys} (libs/media-keys) and published into an origin folder; the real serving-api
 * (DropwizardAppExtension, real PostgreSQL) serves that origin; a viewer signs up and takes real playback grants; and
 * real players in ONE headless Debian Chromium play through serving-api's signed origin and key endpoints:
 *
 * <ul>
 *   <li>clear HLS (hls.js), clear DASH (dash.js), AES-128 HLS (hls.js; the key URI is the one serving-api wrote into
 *       the playlist, token included), Clear Key DASH (dash.js and shaka-player; the grant's licence URL);
 *   <li>and fail: a tampered key token, another title's (valid) key, a licence URL whose token is for another title,
 *       an expired media token (HLS and DASH).
 * </ul>
 *
 * <p>Skipped when Chromium or node is missing, unless {@code CI} is set (.ci/run installs both): then it fails.
 */
class PlaybackThroughServingApiIT {

  static final Path CHROMIUM = ServingUnderTest.CHROMIUM;
  static final Duration PLAY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration FAIL_WINDOW = Duration.ofSeconds(15);
  static final String URL_SECRET = "e2e-url-signing-secret-0123456789abcdef";
  static final String MASTER_KEY = ServingUnderTest.masterKey();
  static final int PORT = ServingUnderTest.freePort();
  static final Path WORK = ServingUnderTest.workDir("e2e-playback");
  static final String ORIGIN = "http://127.0.0.1:" + PORT;
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      new DropwizardAppExtension<>(ServingApplication.class, ServingUnderTest.writeConfig(WORK, PORT),
          ConfigOverride.config("database.url", DB::jdbcUrl),
          ConfigOverride.config("playback.originDirectory", () -> WORK.resolve("origin").toString()),
          ConfigOverride.config("media.masterKey", MASTER_KEY));

  static ServingClient api;
  static String clearTitle;
  static String encryptedTitle;
  static ContentKeys keys;
  static String skipReason;

  @BeforeAll
  static void encodePublishAndGrant() throws Exception {
    skipReason = ServingUnderTest.skipReason("the browser playback test");
    if (skipReason != null) {
      System.out.println("[e2e] SKIPPED: " + skipReason);
      return;
    }
    APP.getApplication().run("db", "migrate", ServingUnderTest.configPath(WORK).toString());
    MediaPipelineMigrations.migrate(DB.jdbcUrl(), DB.user(), DB.password());
    api = new ServingClient(ORIGIN);

    // an editor creates two titles (the role given as the operator's bootstrap gives it, in the database)
    String editor = api.signUpAndLogin("editor@example.com", "cms");
    sql("UPDATE accounts SET role = 'editor' WHERE email = 'editor@example.com'");
    editor = api.login("editor@example.com", "cms");
    clearTitle = api.createMovie(editor, "Test Pattern (clear)");
    encryptedTitle = api.createMovie(editor, "Test Pattern (encrypted)");

    // the real pipeline: one source, two encodes, keys in media_content_keys under the master key serving-api reads
    long started = System.nanoTime();
    SecureRandom random = new SecureRandom();
    PostgresKeyStore keyStore = new PostgresKeyStore(DB.jdbcUrl(), DB.user(), DB.password(),
        MasterKey.fromConfig(MASTER_KEY, WORK.resolve("unused.key"), random), random);
    MediaPipeline pipeline = new MediaPipeline(new LocalOrigin(WORK.resolve("origin")), keyStore,
        new PipelineOptions(ORIGIN + "/v1/keys/hls/{titleId}", WORK.resolve("media-work"), false,
            Optional.of("ultrafast"), Optional.empty(), false));
    FfmpegBinaries ffmpeg = FfmpegBinaries.fromMaven();
    Path source = WORK.resolve("source.mp4");
    try (FfmpegEngine engine = new FfmpegEngine(ffmpeg)) {
      engine.run("test source", List.of("-y", "-f", "lavfi", "-i", "testsrc2=size=848x480:rate=15",
          "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=10", "-c:v", "libx264",
          "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", "10", source.toString()), 0, p -> { },
          List.of());
    }
    EncodeResult clear;
    EncodeResult encrypted;
    try (FfmpegEngine engine = new FfmpegEngine(ffmpeg)) {
      clear = pipeline.run(new EncodeRequest("e2e-clear", clearTitle, source, "", false, List.of()), engine,
          JobListener.NONE);
    }
    try (FfmpegEngine engine = new FfmpegEngine(ffmpeg)) {
      encrypted = pipeline.run(new EncodeRequest("e2e-enc", encryptedTitle, source, "", true, List.of()), engine,
          JobListener.NONE);
    }
    System.out.printf("[e2e] encoded 10 s twice (clear + encrypted, 2 rungs each) in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
    assertThat(clear.rungs()).hasSize(2);
    assertThat(encrypted.rungs()).hasSize(2);
    keys = keyStore.find(encryptedTitle).orElseThrow();

    // published: the editor points each title at its origin folder (the encrypted one with the pipeline's key id)
    api.attachMedia(editor, clearTitle, Map.of("mediaPath", clearTitle));
    api.attachMedia(editor, encryptedTitle, Map.of("mediaPath", encryptedTitle, "keyIdHex", keys.kidHex()));
  }

  @Test
  void realPlayersPlayThroughServingApiAndFailWithAWrongKeyOrAnExpiredUrl() throws Exception {
    assumeTrue(skipReason == null, skipReason);
    String viewer = api.viewer("viewer@example.com", "living-room-tv");
    String profile = api.profile(viewer, "Viewer");
    JsonNode clear = api.grant(viewer, profile, clearTitle);
    JsonNode enc = api.grant(viewer, profile, encryptedTitle);
    String encLicence = enc.path("clearKeyLicenseUrl").asText();
    // the licence URL with the clear title's key token: a real token of this viewer, for another title
    String foreignLicence = encLicence.replaceFirst("token=.*",
        URI.create(clear.path("clearKeyLicenseUrl").asText()).getRawQuery());
    String expiredHls = expired(enc, viewer, "master.m3u8");
    String expiredDash = expired(clear, viewer, "manifest.mpd");

    ObjectNode plan = JSON.createObjectNode()
        .put("origin", ORIGIN)
        .put("chromium", CHROMIUM.toString())
        .put("playTimeoutMs", PLAY_TIMEOUT.toMillis())
        .put("failWindowMs", FAIL_WINDOW.toMillis());
    ArrayNode cases = plan.putArray("cases");
    PlaybackCases.add(cases, "clear HLS (hls.js)", "play", "hls", clear.path("hlsUrl").asText(), Map.of());
    PlaybackCases.add(cases, "clear DASH (dash.js)", "play", "dash", clear.path("dashUrl").asText(), Map.of());
    PlaybackCases.add(cases, "AES-128 HLS (hls.js)", "play", "hls", enc.path("hlsUrl").asText(), Map.of());
    String kid = enc.path("keyId").asText();
    PlaybackCases.add(cases, "Clear Key DASH (dash.js)", "play", "dash", enc.path("dashUrl").asText(),
        Map.of("license", encLicence, "kid", kid));
    PlaybackCases.add(cases, "Clear Key DASH (shaka-player)", "play", "shaka", enc.path("dashUrl").asText(),
        Map.of("license", encLicence));
    PlaybackCases.add(cases, "AES-128 HLS, tampered key token", "fail", "hls", enc.path("hlsUrl").asText(), Map.of("tamperKey", "1"));
    PlaybackCases.add(cases, "AES-128 HLS, another title's key", "fail", "hls", enc.path("hlsUrl").asText(),
        Map.of("keyUrl", clear.path("hlsKeyUrl").asText()));
    PlaybackCases.add(cases, "Clear Key DASH, licence token for another title", "fail", "dash", enc.path("dashUrl").asText(),
        Map.of("license", foreignLicence, "kid", kid));
    PlaybackCases.add(cases, "AES-128 HLS, expired media URL", "fail", "hls", expiredHls, Map.of());
    PlaybackCases.add(cases, "clear DASH, expired media URL", "fail", "dash", expiredDash, Map.of());

    Path browserDir = BrowserPlayers.prepare(Paths.get("src/test/playback-browser"), Paths.get("target/playback-browser"));
    Path planFile = Files.writeString(browserDir.resolve("plan.json"), JSON.writeValueAsString(plan));
    Duration bound = PLAY_TIMEOUT.plus(FAIL_WINDOW).multipliedBy(cases.size()).plusSeconds(90);
    JsonNode results = JSON.readTree(BrowserPlayers.run(browserDir, planFile, bound));

    List<String> problems = PlaybackCases.problems(results, "[e2e] ");
    assertThat(results).as("one result per case").hasSize(cases.size());
    assertThat(problems).as("playback results").isEmpty();

    // each failure is the one the case is about, seen on the wire
    assertThat(PlaybackCases.statuses(results, "AES-128 HLS (hls.js)", "/v1/keys/hls/" + encryptedTitle)).containsOnly(200);
    assertThat(PlaybackCases.statuses(results, "Clear Key DASH (dash.js)", "/v1/keys/clearkey/" + encryptedTitle)).contains(200);
    assertThat(PlaybackCases.statuses(results, "Clear Key DASH (shaka-player)", "/v1/keys/clearkey/" + encryptedTitle)).contains(200);
    assertThat(PlaybackCases.statuses(results, "AES-128 HLS, tampered key token", "/v1/keys/hls/" + encryptedTitle))
        .isNotEmpty().containsOnly(403);
    assertThat(PlaybackCases.statuses(results, "AES-128 HLS, another title's key", "/v1/keys/hls/" + clearTitle))
        .as("the other title's key was served, and did not decrypt this one").contains(200);
    assertThat(PlaybackCases.statuses(results, "Clear Key DASH, licence token for another title", "/v1/keys/clearkey/" + encryptedTitle))
        .isNotEmpty().containsOnly(403);
    assertThat(PlaybackCases.statuses(results, "AES-128 HLS, expired media URL", "/media/<token>/" + encryptedTitle + "/master.m3u8"))
        .containsOnly(403);
    assertThat(PlaybackCases.statuses(results, "clear DASH, expired media URL", "/media/<token>/" + clearTitle + "/manifest.mpd"))
        .containsOnly(403);
  }

  /** The grant's manifest URL with this session's media token as it is a minute after it expired. */
  private static String expired(JsonNode grant, String viewerToken, String manifest) {
    String hls = grant.path("hlsUrl").asText();
    String mediaPath = grant.path("titleId").asText();
    String token = new UrlSigner(URL_SECRET, Clock.systemUTC()).sign(new UrlSigner.Claims(UrlSigner.Purpose.MEDIA,
        Instant.now().minusSeconds(60), grant.path("sessionId").asText(), grant.path("profileId").asText(),
        "living-room-tv", grant.path("titleId").asText(), mediaPath + "/*"));
    assertThat(hls).contains("/" + mediaPath + "/");
    return ORIGIN + "/media/" + token + "/" + mediaPath + "/" + manifest;
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(statement)) {
      assertThat(ps.executeUpdate()).as(statement).isPositive();
    }
  }
}
