package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service end to end over the real PostgreSQL: sign-up → login → browse → search → play → resume. */
class ServingApiIT {

  private static final String KEY_HEX = "00112233445566778899aabbccddeeff";
  private static final String KID_HEX = "0123456789abcdef0123456789abcdef";
  /** Where no concurrency guard listens. */
  private static final int CLOSED_PORT = io.ottplatform.local.Ports.freePort();
  private static final Path ORIGIN = origin();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB, ORIGIN,
      ConfigOverride.config("concurrencyGuard.url", "http://127.0.0.1:" + CLOSED_PORT),
      ConfigOverride.config("concurrencyGuard.whenUnavailable", "ALLOW"));

  private static Api api;
  private static Session admin;

  @BeforeAll
  static void migrateAndSeed() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    admin = api.adminLogin("admin@example.com", "admin-laptop");
  }

  @Test
  void servesThePlayerSdkBuildsAsThePlayerSdkJarShipsThem() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (String file : List.of("ott-player-sdk.iife.js", "ott-player-sdk.esm.js")) {
      byte[] shipped;
      try (var in = ServingApiIT.class.getResourceAsStream("/META-INF/resources/player-sdk/" + file)) {
        assertThat(in).as("the player-sdk jar on serving-api's runtime classpath carries " + file).isNotNull();
        shipped = in.readAllBytes();
      }
      var answer = http.send(java.net.http.HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/sdk/" + file)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
      assertThat(answer.body()).isEqualTo(shipped);
    }
    var missing = http.send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/sdk/no-such-file.js")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void signUpLoginRefreshRotatesAndAReplayRevokesTheWholeLogin() {
    Reply dup = api.post("/v1/auth/signup", null, Map.of("email", "rot@example.com", "password", "a-long-password-1"));
    assertThat(dup.status()).isEqualTo(202);
    assertThat(api.post("/v1/auth/signup", null, Map.of("email", "ROT@example.com", "password", "a-long-password-1"))
        .json()).as("a taken e-mail is not told apart (AccountSecurityIT)").isEqualTo(dup.json());
    Session s = api.login("rot@example.com", "phone-1");
    assertThat(api.get("/v1/account", s.accessToken()).text("role")).isEqualTo("viewer");
    assertThat(api.get("/v1/account", s.accessToken()).text("email")).isEqualTo("rot@example.com");

    Reply rotated = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(rotated.status()).isEqualTo(200);
    assertThat(rotated.text("refreshToken")).isNotEqualTo(s.refreshToken());
    assertThat(api.get("/v1/account", rotated.text("accessToken")).status()).isEqualTo(200);

    Reply replay = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.text("reason")).isEqualTo("refresh_token_reused");
    assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", rotated.text("refreshToken"))).text("reason"))
        .as("the legitimate successor is revoked too").isEqualTo("session_revoked");
    assertThat(api.get("/v1/account", rotated.text("accessToken")).status()).as("access token of the family").isEqualTo(401);
  }

  @Test
  void logoutEndsOneLoginAndLogoutAllEndsEveryLogin() {
    api.signUpAndLogin("out@example.com", "tv");
    Session tv = api.login("out@example.com", "tv");
    Session phone = api.login("out@example.com", "phone");

    assertThat(api.post("/v1/auth/logout", tv.accessToken(), Map.of()).status()).isEqualTo(204);
    assertThat(api.get("/v1/account", tv.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/v1/account", phone.accessToken()).status()).isEqualTo(200);

    Session again = api.login("out@example.com", "tv");
    assertThat(api.post("/v1/auth/logout-all", phone.accessToken(), Map.of()).json().path("revokedSessions").asInt())
        .isGreaterThanOrEqualTo(2);
    assertThat(api.get("/v1/account", again.accessToken()).status()).isEqualTo(401);
    assertThat(api.get("/v1/account", phone.accessToken()).status()).isEqualTo(401);
    assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", phone.refreshToken())).status()).isEqualTo(401);
  }

  @Test
  void aTvLogsInWithACodeApprovedOnAPhone() throws Exception {
    Session phone = api.signUpAndLogin("tv-owner@example.com", "phone");
    Reply code = api.post("/v1/auth/device/code", null, Map.of("deviceId", "living-room-tv", "deviceName", "Living room"));
    assertThat(code.status()).isEqualTo(200);
    assertThat(code.text("userCode")).matches("[A-Z]{4}-[A-Z]{4}");
    assertThat(code.text("verificationUriComplete")).endsWith("user_code=" + code.text("userCode"));
    Map<String, String> poll = Map.of("deviceCode", code.text("deviceCode"));

    assertThat(api.post("/v1/auth/device/token", null, poll).text("error")).isEqualTo("authorization_pending");
    assertThat(api.post("/v1/auth/device/token", null, poll).text("error")).as("polled too fast").isEqualTo("slow_down");
    assertThat(api.post("/v1/auth/device/approve", null, Map.of("userCode", code.text("userCode"))).status())
        .as("approving needs a signed-in viewer").isEqualTo(401);
    assertThat(api.post("/v1/auth/device/approve", phone.accessToken(), Map.of("userCode", "BBBB-BBBB")).status())
        .isEqualTo(404);
    assertThat(api.post("/v1/auth/device/approve", phone.accessToken(),
        Map.of("userCode", code.text("userCode").toLowerCase().replace("-", " "))).status()).isEqualTo(204);
    // the TV polls again once the RFC 8628 interval (5 s) has passed, and not before
    Reply tokens = await("device token after the polling interval").pollDelay(Duration.ofMillis(5_100))
        .pollInterval(Duration.ofMillis(5_100)).atMost(Duration.ofSeconds(20))
        .until(() -> api.post("/v1/auth/device/token", null, poll), r -> r.status() != 400
            || !r.text("error").equals("slow_down"));
    assertThat(tokens.status()).as(tokens.json().toString()).isEqualTo(200);
    assertThat(tokens.text("accountId")).isEqualTo(phone.accountId());
    assertThat(tokens.text("deviceId")).isEqualTo("living-room-tv");
    assertThat(api.get("/v1/devices", tokens.text("accessToken")).json().findValuesAsText("id")).contains("living-room-tv");
    assertThat(api.post("/v1/auth/device/token", null, poll).text("error")).as("a code logs in once").isEqualTo("invalid_grant");
  }

  @Test
  void devicesAreRegisteredOnLoginLimitedByThePlanAndRemovable() {
    Session first = api.signUpAndLogin("dev@example.com", "living-room-tv");
    api.login("dev@example.com", "phone");

    Reply third = api.post("/v1/auth/login", null, Map.of("email", "dev@example.com", "password", "a-long-password-1",
        "deviceId", "tablet"));
    assertThat(third.status()).isEqualTo(403);
    assertThat(third.text("reason")).isEqualTo("device_limit");
    JsonNode devices = api.get("/v1/devices", first.accessToken()).json();
    assertThat(devices).hasSize(2);
    assertThat(devices.findValuesAsText("id")).containsExactlyInAnyOrder("living-room-tv", "phone");

    Session phone = api.login("dev@example.com", "phone");
    assertThat(api.delete("/v1/devices/phone", first.accessToken()).status()).isEqualTo(204);
    assertThat(api.get("/v1/account", phone.accessToken()).status()).as("removed device is signed out").isEqualTo(401);
    assertThat(api.login("dev@example.com", "tablet").deviceId()).isEqualTo("tablet");
    assertThat(api.delete("/v1/devices/nope", first.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void profilesHaveALimitAndKidsProfilesACappedCeiling() {
    Session s = api.signUpAndLogin("prof@example.com", "d1");
    Reply kids = api.post("/v1/profiles", s.accessToken(), Map.of("name", "Kim", "kids", true));
    assertThat(kids.status()).isEqualTo(201);
    assertThat(kids.text("maturityCeiling")).isEqualTo("7+");
    Reply tooHigh = api.post("/v1/profiles", s.accessToken(), Map.of("name", "Kid2", "kids", true, "maturityCeiling", "16+"));
    assertThat(tooHigh.status()).isEqualTo(422);
    assertThat(tooHigh.text("reason")).isEqualTo("kids_ceiling_too_high");
    assertThat(api.post("/v1/profiles", s.accessToken(), Map.of("name", "Kim")).text("reason")).isEqualTo("profile_name_taken");

    api.post("/v1/profiles", s.accessToken(), Map.of("name", "Ann"));
    api.post("/v1/profiles", s.accessToken(), Map.of("name", "Bob"));
    Reply fourth = api.post("/v1/profiles", s.accessToken(), Map.of("name", "Cy"));
    assertThat(fourth.status()).isEqualTo(409);
    assertThat(fourth.text("reason")).isEqualTo("profile_limit");
    assertThat(api.get("/v1/profiles", s.accessToken()).json()).hasSize(3);
  }

  @Test
  void editorsCreateAndEditTitlesWithOptimisticConcurrencyAndViewersOnlySeeWhatIsAllowed() {
    Reply created = api.post("/v1/admin/titles", admin.accessToken(),
        Api.title("movie", "Nebula Drift", "13+", List.of("Sci-Fi"), Api.openIn("DE")));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    String id = created.text("id");

    Map<String, Object> edit = Api.title("movie", "Nebula Drift: Director's Cut", "13+", List.of("Sci-Fi"), Api.openIn("DE", "AT"));
    Reply noIfMatch = api.put("/v1/admin/titles/" + id, admin.accessToken(), edit);
    assertThat(noIfMatch.status()).isEqualTo(428);
    Reply ok = api.put("/v1/admin/titles/" + id, admin.accessToken(), edit, "If-Match", "\"1\"");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("ETag")).isEqualTo("\"2\"");
    Reply stale = api.put("/v1/admin/titles/" + id, admin.accessToken(), edit, "If-Match", "\"1\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.text("reason")).isEqualTo("version_mismatch");

    Session viewer = api.withProfile(api.signUpAndLogin("cat@example.com", "d1"), "Ann", false);
    Session kid = api.withProfile(new Session(viewer.accountId(), viewer.accessToken(), null, "d1", null), "Kim", true);
    assertThat(api.post("/v1/admin/titles", viewer.accessToken(), Api.title("movie", "X", "ALL", List.of(), List.of())).status())
        .as("viewers cannot edit").isEqualTo(403);

    Reply search = api.get("/v1/catalog/search?q=nebu&profileId=" + viewer.profileId(), viewer.accessToken());
    assertThat(search.json().path("results").findValuesAsText("id")).contains(id);
    assertThat(api.get("/v1/catalog/search?q=director%20neb&profileId=" + viewer.profileId(), viewer.accessToken())
        .json().path("results").findValuesAsText("id")).as("prefix terms in any order").contains(id);
    assertThat(api.get("/v1/catalog/search?q=nebu&profileId=" + kid.profileId(), viewer.accessToken())
        .json().path("results")).as("13+ is hidden from a 7+ kids profile").isEmpty();
    Api inFrance = new Api(APP).withHeader("CloudFront-Viewer-Country", "FR");
    assertThat(inFrance.get("/v1/catalog/search?q=nebu&profileId=" + viewer.profileId(), viewer.accessToken())
        .json().path("results")).as("not licensed in FR").isEmpty();

    JsonNode rows = api.get("/v1/catalog/browse?profileId=" + viewer.profileId(), viewer.accessToken()).json().path("rows");
    assertThat(rows.findValuesAsText("name")).contains("New releases", "Sci-Fi");
    assertThat(api.get("/v1/catalog/titles/" + id + "?profileId=" + viewer.profileId(), viewer.accessToken())
        .text("name")).isEqualTo("Nebula Drift: Director's Cut");
    assertThat(api.get("/v1/catalog/titles/" + id + "?profileId=" + kid.profileId(), viewer.accessToken()).status()).isEqualTo(404);
  }

  @Test
  void seriesHaveSeasonsAndEpisodesThatInheritAvailability() {
    String series = api.post("/v1/admin/titles", admin.accessToken(),
        Api.title("series", "Harbor Lights", "ALL", List.of("Drama"), Api.openIn("DE"))).text("id");
    Map<String, Object> season = Api.title("season", "Season 1", "ALL", List.of(), null);
    season.put("parentId", series);
    season.put("seasonNumber", 1);
    String seasonId = api.post("/v1/admin/titles", admin.accessToken(), season).text("id");
    Map<String, Object> episode = Api.title("episode", "Pilot", "ALL", List.of(), null);
    episode.put("parentId", seasonId);
    episode.put("episodeNumber", 1);
    String episodeId = api.post("/v1/admin/titles", admin.accessToken(), episode).text("id");
    Map<String, Object> orphan = Api.title("episode", "Orphan", "ALL", List.of(), null);
    assertThat(api.post("/v1/admin/titles", admin.accessToken(), orphan).text("reason")).isEqualTo("invalid_parent");

    Session viewer = api.withProfile(api.signUpAndLogin("series@example.com", "d1"), "Ann", false);
    JsonNode detail = api.get("/v1/catalog/titles/" + series + "?profileId=" + viewer.profileId(), viewer.accessToken()).json();
    assertThat(detail.path("children").findValuesAsText("id")).containsExactly(seasonId);
    assertThat(api.get("/v1/catalog/titles/" + episodeId + "?profileId=" + viewer.profileId(), viewer.accessToken())
        .status()).as("episode inherits the series' window").isEqualTo(200);
  }

  @Test
  void playbackGrantsSignedUrlsKeysAPlaybackTokenAndResumesAcrossDevices() throws Exception {
    String movie = playableMovie("Quiet Orbit", "16+", "demo/quiet-orbit", Api.openIn("DE"));
    Session tv = api.withProfile(api.signUpAndLogin("play@example.com", "tv"), "Ann", false);
    Session phone = api.login("play@example.com", "phone");

    Reply grant = api.post("/v1/playback", tv.accessToken(), Map.of("profileId", tv.profileId(), "titleId", movie));
    assertThat(grant.status()).as(grant.json().toString()).isEqualTo(200);
    assertThat(grant.json().path("resumePositionMs").asLong()).isZero();

    // the origin serves the manifest and, relative to it, a segment, with the path-embedded token
    String hlsPath = URI.create(grant.text("hlsUrl")).getRawPath();
    Reply manifest = api.get(hlsPath, null);
    assertThat(manifest.status()).isEqualTo(200);
    assertThat(manifest.header("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(api.get(hlsPath.replace("master.m3u8", "seg-1.m4s"), null).status()).isEqualTo(200);
    assertThat(api.get(URI.create(grant.text("dashUrl")).getRawPath(), null).status()).isEqualTo(200);

    // HLS AES-128 key: 16 raw bytes; Clear Key license in the W3C JSON format
    URI keyUrl = URI.create(grant.text("hlsKeyUrl"));
    Reply key = api.get(keyUrl.getRawPath() + "?" + keyUrl.getRawQuery(), null);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.body()).isEqualTo(HexFormat.of().parseHex(KEY_HEX));
    URI licenseUrl = URI.create(grant.text("clearKeyLicenseUrl"));
    String kid = grant.text("keyId");
    Reply license = api.post(licenseUrl.getRawPath() + "?" + licenseUrl.getRawQuery(), null,
        Map.of("kids", List.of(kid), "type", "temporary"));
    assertThat(license.status()).isEqualTo(200);
    assertThat(license.json().path("keys").get(0).path("kty").asText()).isEqualTo("oct");
    assertThat(license.json().path("keys").get(0).path("kid").asText()).isEqualTo(kid);
    assertThat(java.util.Base64.getUrlDecoder().decode(license.json().path("keys").get(0).path("k").asText()))
        .isEqualTo(HexFormat.of().parseHex(KEY_HEX));

    // the playback token verifies with the public JWKS only, and carries the contract claims
    JWKSet jwks = JWKSet.parse(api.get("/.well-known/jwks.json", null).json().toString());
    SignedJWT token = SignedJWT.parse(grant.text("playbackToken"));
    assertThat(token.verify(new ECDSAVerifier((ECKey) jwks.getKeyByKeyId(token.getHeader().getKeyID())))).isTrue();
    assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(tv.profileId());
    assertThat(token.getJWTClaimsSet().getStringClaim("acc")).isEqualTo(tv.accountId());
    assertThat(token.getJWTClaimsSet().getStringClaim("tid")).isEqualTo(movie);
    assertThat(token.getJWTClaimsSet().getStringClaim("sid")).isEqualTo(grant.text("sessionId"));
    assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("ott-ingest");

    // progress reported on the TV resumes on the phone, same profile; the TV ends its session first, since the
    // plan's one screen is held by it until then
    assertThat(api.delete("/v1/playback/sessions/" + grant.text("sessionId"), tv.accessToken()).status())
        .isEqualTo(204);
    assertThat(api.put("/v1/progress", tv.accessToken(),
        Map.of("profileId", tv.profileId(), "titleId", movie, "positionMs", 1_234_000)).status()).isEqualTo(204);
    Reply resumed = api.post("/v1/playback", phone.accessToken(), Map.of("profileId", tv.profileId(), "titleId", movie));
    assertThat(resumed.json().path("resumePositionMs").asLong()).isEqualTo(1_234_000);
    JsonNode continueWatching = api.get("/v1/progress/continue-watching?profileId=" + tv.profileId(), phone.accessToken()).json();
    assertThat(continueWatching.findValuesAsText("titleId")).containsExactly(movie);
    assertThat(continueWatching.get(0).path("deviceId").asText()).isEqualTo("tv");
    assertThat(api.get("/v1/progress/" + tv.profileId() + "/" + movie, phone.accessToken()).json().path("positionMs").asLong())
        .isEqualTo(1_234_000);
  }

  /**
   * The guard's port is closed (nothing listens: the real "unreachable"). Under ALLOW playback goes on
   * without the guard's check (the screens reserved at grant time still limit it), the health check stays up but
   * says degraded, and the metric counts every decision made without the guard. The guard's limit, DENY and the
   * redirect are proven against the real guard in RealGuardIT; the reserved screens in StreamSlotsIT.
   */
  @Test
  void anUnreachableGuardFailsOpenUnderAllowAndSaysSoInHealthAndMetrics() {
    String movie = playableMovie("Crowded Room", "ALL", "demo/crowded", Api.openIn("DE"));
    Session s = api.withProfile(api.signUpAndLogin("streams@example.com", "tv"), "Ann", false);
    Map<String, String> play = Map.of("profileId", s.profileId(), "titleId", movie);
    double before = guardUnavailableAllows();

    assertThat(api.post("/v1/playback", s.accessToken(), play).status()).isEqualTo(200);
    Reply second = api.post("/v1/playback", s.accessToken(), play);
    assertThat(second.status()).as("the plan's one screen is held: the reserved slots need no guard").isEqualTo(429);
    assertThat(second.text("reason")).isEqualTo("stream_limit_reached");

    assertThat(guardUnavailableAllows() - before).isEqualTo(2.0);
    Reply health = api.getAbsolute("http://localhost:" + APP.getAdminPort() + "/healthcheck");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("concurrency-guard").path("healthy").asBoolean()).isTrue();
    assertThat(health.json().path("concurrency-guard").path("message").asText())
        .startsWith("degraded").contains("policy ALLOW").contains("guard unreachable at http://127.0.0.1:" + CLOSED_PORT);
  }

  private static double guardUnavailableAllows() {
    String metrics = api.getAbsolute("http://localhost:" + APP.getAdminPort() + "/prometheus").json().asText();
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("ott_playback_guard_unavailable_decisions_total\\{policy=\"allow\",?\\} ([0-9.E]+)").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
  }

  /**
   * Browse and playback have one code path, the Jersey resources: a request with an unusual but valid
   * {@code Accept} is answered like a plain one, and every refusal (bad body, bad token) comes from
   * the same place.
   */
  @Test
  void browseAndPlaybackAnswerTheSameWhateverTheRequestLooksLike() {
    String movie = playableMovie("Fast Lane", "ALL", "demo/fast-lane", Api.openIn("DE"));
    Session s = api.withProfile(api.signUpAndLogin("fast@example.com", "tv"), "Ann", false);
    String withParameters = "application/json;q=1";

    String browse = "/v1/catalog/browse?profileId=" + s.profileId();
    Reply plain = api.get(browse, s.accessToken());
    Reply unusual = api.send("GET", browse, s.accessToken(), null, "Accept", withParameters);
    assertThat(plain.status()).isEqualTo(200);
    assertThat(unusual.status()).isEqualTo(200);
    assertThat(plain.header("Content-Type")).isEqualTo(unusual.header("Content-Type")).isEqualTo("application/json");
    assertThat(plain.json()).isEqualTo(unusual.json());
    assertThat(plain.json().path("rows").findValuesAsText("id")).contains(movie);

    Map<String, String> play = Map.of("profileId", s.profileId(), "titleId", movie);
    Reply grant = api.post("/v1/playback", s.accessToken(), play);
    assertThat(grant.status()).as(grant.json().toString()).isEqualTo(200);
    endSession(s, grant); // the plan has one screen
    Reply unusualGrant = api.send("POST", "/v1/playback", s.accessToken(), play, "Accept", withParameters);
    assertThat(unusualGrant.status()).as(unusualGrant.json().toString()).isEqualTo(200);
    List<String> fields = new java.util.ArrayList<>();
    grant.json().fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("sessionId", "titleId", "profileId", "hlsUrl", "dashUrl", "hlsKeyUrl",
        "clearKeyLicenseUrl", "keyId", "urlsExpireAt", "playbackToken", "playbackTokenExpiresAt", "resumePositionMs");

    Reply invalid = api.post("/v1/playback", s.accessToken(), Map.of("profileId", "", "titleId", movie));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.json().path("errors").toString()).contains("profileId");
    assertThat(api.post("/v1/playback", s.accessToken() + "x", play).status()).isEqualTo(401);
    assertThat(api.get(browse, s.accessToken() + "x").status()).isEqualTo(401);
  }

  /**
   * A refusal that never reads the request body (the auth filter's 401) must not leave the client a
   * connection the server is about to close: the next POST on the pooled connection has to be answered
   * without any client retry (no test may rely on the JDK client resending a POST). Bodies up to 1 MB are
   * drained before the refusal is written (UnreadBodyDrain); a larger one is refused with
   * {@code Connection: close}.
   */
  @Test
  void aPostAfterARefusedPostOnTheSameConnectionIsAnswered() {
    String movie = playableMovie("Keep Alive", "ALL", "demo/keep-alive", Api.openIn("DE"));
    Session s = api.withProfile(api.signUpAndLogin("keepalive@example.com", "tv"), "Ann", false);
    Map<String, String> play = Map.of("profileId", s.profileId(), "titleId", movie);
    for (int padding : new int[] {0, 20_000, 100_000, 900_000}) {
      Map<String, String> refusedBody = Map.of("profileId", s.profileId(), "titleId", movie, "pad", "x".repeat(padding));
      for (int i = 0; i < 5; i++) {
        Reply refused = api.post("/v1/playback", "not-a-token", refusedBody);
        assertThat(refused.status()).as("refused, %d bytes of padding", padding).isEqualTo(401);
        assertThat(refused.header("Connection")).as("drained, so the connection stays").isNotEqualTo("close");
        Reply granted;
        try {
          granted = api.post("/v1/playback", s.accessToken(), play);
        } catch (IllegalStateException e) {
          throw new AssertionError("the grant after refusal " + i + " with " + padding + " bytes of padding died", e);
        }
        assertThat(granted.status()).as("granted after %d", padding).isEqualTo(200);
        endSession(s, granted); // the plan has one screen
      }
    }
  }

  @Test
  void servesOpenApiJwksPrometheusAndHealthChecks() {
    assertThat(api.get("/openapi.yaml", null).status()).isEqualTo(200);
    assertThat(api.get("/.well-known/jwks.json", null).json().path("keys").get(0).path("crv").asText()).isEqualTo("P-256");
    String admin = "http://localhost:" + APP.getAdminPort();
    String metrics = APP.client().target(admin + "/prometheus").request().get(String.class);
    assertThat(metrics).contains("io_dropwizard_jetty_MutableServletContextHandler_post_requests_count")
        .contains("io_dropwizard_db_ManagedPooledDataSource_postgresql_active");
    var health = APP.client().target(admin + "/healthcheck").request().get();
    assertThat(health.getStatus()).isEqualTo(200);
    assertThat(health.readEntity(String.class)).contains("postgresql").contains("catalog-outbox").contains("concurrency-guard");
  }

  private static String playableMovie(String name, String rating, String mediaPath, Object availability) {
    Reply created = api.post("/v1/admin/titles", admin.accessToken(), Api.title("movie", name, rating, List.of("Drama"), availability));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = created.text("id");
    Reply media = api.put("/v1/admin/titles/" + id + "/media", admin.accessToken(),
        Map.of("mediaPath", mediaPath, "keyIdHex", KID_HEX, "keyHex", KEY_HEX));
    assertThat(media.status()).as(media.json().toString()).isEqualTo(204);
    return id;
  }

  private static Path origin() {
    try {
      Path dir = Files.createTempDirectory("ott-origin-");
      for (String asset : List.of("demo/quiet-orbit", "demo/crowded")) {
        Path a = Files.createDirectories(dir.resolve(asset));
        Files.writeString(a.resolve("master.m3u8"), "#EXTM3U\n#EXT-X-VERSION:7\n");
        Files.writeString(a.resolve("manifest.mpd"), "<MPD/>");
        Files.write(a.resolve("seg-1.m4s"), new byte[] {1, 2, 3});
      }
      Files.writeString(dir.resolve("secret.txt"), "outside any asset");
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The viewer stops watching: the session's screen is free for the next grant. */
  private static void endSession(Session viewer, Reply grant) {
    assertThat(api.delete("/v1/playback/sessions/" + grant.text("sessionId"), viewer.accessToken()).status())
        .as("end of session " + grant.text("sessionId")).isEqualTo(204);
  }
}
