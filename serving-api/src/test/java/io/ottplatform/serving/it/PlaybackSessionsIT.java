package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Playback rights bound to the playback session (issue #14): media and key tokens name the session, profile, device
 * and title, are signed per purpose, and the key endpoint re-checks the session, its login, its device, the plan and
 * the title's window at key time; the origin checks the session too (cached for at most sessionCheckTtl, 1 s here).
 */
class PlaybackSessionsIT {

  private static final String URL_SECRET = "test-url-signing-secret-0123456789abcdef";
  private static final Path ORIGIN = origin();
  private static final AtomicInteger DEVICES = new AtomicInteger();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      ORIGIN, ConfigOverride.config("playback.sessionCheckTtl", "1 second"),
      ConfigOverride.config("plans.defaultPlan", "standard")); // two screens: some tests hold two sessions at once

  private static Api api;
  private static Session editor;
  private static String keysFolderMovie;
  private static String plainMovie;
  private static String encryptedMovie;

  @BeforeAll
  static void seed() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    editor = editor("editor@example.com");
    keysFolderMovie = movie("Keys Folder", "keys");
    plainMovie = movie("Plain", "vod/plain");
    encryptedMovie = movie("Locked", "vod/locked");
  }

  // ---- domain separation and title binding

  @Test
  void aMediaFolderNamedKeysNoLongerYieldsAKeyTokenForOtherTitles() {
    Viewer v = viewer();
    Reply grant = v.grant(keysFolderMovie);
    assertThat(grant.status()).isEqualTo(200);
    String mediaToken = URI.create(grant.text("hlsUrl")).getRawPath().split("/")[2];

    for (String title : List.of(plainMovie, encryptedMovie, keysFolderMovie)) {
      Reply key = api.get("/v1/keys/hls/" + title + "?token=" + mediaToken, null);
      assertThat(key.status()).as("media token used as the key token of " + title).isEqualTo(403);
      assertThat(key.text("reason")).isEqualTo("invalid_token");
      assertThat(api.post("/v1/keys/clearkey/" + title + "?token=" + mediaToken, null,
          Map.of("kids", List.of(grant.text("keyId")))).status()).isEqualTo(403);
    }
  }

  @Test
  void aKeyTokenForOneTitleIsRefusedForAnother() {
    Viewer v = viewer();
    Reply grant = v.grant(plainMovie);
    String query = URI.create(grant.text("hlsKeyUrl")).getRawQuery();
    assertThat(api.get("/v1/keys/hls/" + plainMovie + "?" + query, null).status()).isEqualTo(200);

    Reply other = api.get("/v1/keys/hls/" + encryptedMovie + "?" + query, null);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.text("reason")).isEqualTo("token_out_of_scope");
    assertThat(other.text("message")).contains(plainMovie).contains(encryptedMovie);
    assertThat(api.post("/v1/keys/clearkey/" + encryptedMovie + "?" + query, null,
        Map.of("kids", List.of(grant.text("keyId")))).status()).isEqualTo(403);
  }

  @Test
  void aTokenSignedForAnotherSessionsTitleDoesNotMatchTheSession() {
    Viewer v = viewer();
    Reply grant = v.grant(plainMovie);
    // a correctly signed key token (as if the secret leaked into a token for another title) naming this session
    String forged = new UrlSigner(URL_SECRET, Clock.systemUTC()).sign(new UrlSigner.Claims(UrlSigner.Purpose.KEY,
        Instant.now().plusSeconds(60), grant.text("sessionId"), v.session.profileId(), v.session.deviceId(),
        encryptedMovie, "keys/" + encryptedMovie));
    Reply r = api.get("/v1/keys/hls/" + encryptedMovie + "?token=" + forged, null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text("reason")).isEqualTo("invalid_token");
  }

  // ---- state at key time

  @Test
  void aRemovedDeviceGetsNoKeyAndNoMedia() {
    Viewer v = viewer();
    Reply grant = v.grant(plainMovie);
    assertThat(v.key(grant).status()).isEqualTo(200);
    assertThat(v.media(grant).status()).isEqualTo(200);

    // the device is removed from another device of the account
    Session other = api.login(v.email, "phone-" + DEVICES.incrementAndGet());
    assertThat(api.delete("/v1/devices/" + v.session.deviceId(), other.accessToken()).status()).isEqualTo(204);

    Reply key = v.key(grant);
    assertThat(key.status()).isEqualTo(403);
    assertThat(key.text("reason")).isIn("device_not_registered", "logged_out");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(v.media(grant).status()).isEqualTo(403));
    assertThat(v.license(grant).status()).isEqualTo(403);
  }

  @Test
  void aLogoutStopsKeysMediaAndRenewal() {
    Viewer v = viewer();
    Reply grant = v.grant(plainMovie);
    assertThat(v.key(grant).status()).isEqualTo(200);

    assertThat(api.post("/v1/auth/logout", v.session.accessToken(), Map.of()).status()).isEqualTo(204);

    Reply key = v.key(grant);
    assertThat(key.status()).isEqualTo(403);
    assertThat(key.text("reason")).isEqualTo("logged_out");
    assertThat(key.text("message")).contains("logout");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(v.media(grant).text("reason"))
        .isEqualTo("logged_out"));
  }

  @Test
  void aRevokedOrEndedSessionStopsKeysAndMedia() {
    Viewer v = viewer();
    Reply first = v.grant(plainMovie);
    Reply second = v.grant(plainMovie);

    assertThat(api.delete("/v1/admin/playback-sessions/" + first.text("sessionId"), editor.accessToken()).status())
        .as("an editor is not an admin").isEqualTo(403);
    Session admin = admin("admin-" + DEVICES.incrementAndGet() + "@example.com");
    assertThat(api.delete("/v1/admin/playback-sessions/" + first.text("sessionId"), admin.accessToken()).status())
        .isEqualTo(204);
    assertThat(v.key(first).text("reason")).isEqualTo("session_revoked");
    assertThat(v.media(first).text("reason")).isEqualTo("session_revoked");
    assertThat(v.key(second).status()).as("the other session plays on").isEqualTo(200);

    Viewer stranger = viewer();
    assertThat(api.delete("/v1/playback/sessions/" + second.text("sessionId"), stranger.session.accessToken()).status())
        .as("another account's session").isEqualTo(404);
    assertThat(api.delete("/v1/playback/sessions/" + second.text("sessionId"), v.session.accessToken()).status())
        .isEqualTo(204);
    assertThat(v.key(second).text("reason")).isEqualTo("session_ended");
    assertThat(v.media(second).text("reason")).isEqualTo("session_ended");
  }

  @Test
  void aLostEntitlementOrAClosedWindowStopsKeyDelivery() throws Exception {
    Viewer v = viewer();
    Reply grant = v.grant(encryptedMovie);
    assertThat(v.key(grant).status()).isEqualTo(200);

    sql("UPDATE accounts SET plan = 'cancelled' WHERE id = ?", v.session.accountId());
    assertThat(v.key(grant).status()).isEqualTo(402);
    sql("UPDATE accounts SET plan = 'standard' WHERE id = ?", v.session.accountId());
    assertThat(v.key(grant).status()).isEqualTo(200);

    String closing = movie("Closing", "vod/plain");
    Reply closingGrant = v.grant(closing);
    assertThat(v.key(closingGrant).status()).isEqualTo(200);
    sql("UPDATE availability_windows SET ends_at = now() - interval '1 second' WHERE title_id = ?", closing);
    // the title's windows are cached for 2 s per instance (PlayableTitles)
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      Reply key = v.key(closingGrant);
      assertThat(key.status()).isEqualTo(451);
      assertThat(key.text("reason")).isEqualTo("outside_availability_window");
    });
  }

  // ---- lifetimes and renewal

  @Test
  void anExpiredMediaTokenIsRefusedWithAClearMessage() {
    Viewer v = viewer();
    Reply grant = v.grant(plainMovie);
    assertThat(Duration.between(Instant.now(), instant(grant, "urlsExpireAt")))
        .as("minutes, not hours").isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    // the media token this session's grant carried, as it is a minute after it expired
    Instant past = Instant.now().minusSeconds(60);
    String expired = new UrlSigner(URL_SECRET, Clock.systemUTC()).sign(new UrlSigner.Claims(UrlSigner.Purpose.MEDIA,
        past, grant.text("sessionId"), v.session.profileId(), v.session.deviceId(), plainMovie, "vod/plain/*"));

    Reply r = api.get("/media/" + expired + "/vod/plain/master.m3u8", null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.text("reason")).isEqualTo("token_expired");
    assertThat(r.text("message")).contains("expired at " + Instant.ofEpochSecond(past.getEpochSecond()))
        .contains("/v1/playback/sessions/" + grant.text("sessionId") + "/renew");
  }

  @Test
  void aRenewalGivesNewTokensForTheSameSessionOnlyToItsDevice() {
    Viewer v = viewer();
    Reply grant = v.grant(plainMovie);
    String sessionId = grant.text("sessionId");

    Reply renewed = api.post("/v1/playback/sessions/" + sessionId + "/renew", v.session.accessToken(), Map.of());
    assertThat(renewed.status()).isEqualTo(200);
    assertThat(renewed.text("sessionId")).isEqualTo(sessionId);
    assertThat(renewed.text("hlsUrl")).contains("/media/" + renewed.text("mediaToken") + "/vod/plain/master.m3u8");
    assertThat(instant(renewed, "urlsExpireAt")).isAfterOrEqualTo(instant(grant, "urlsExpireAt"));
    assertThat(v.media(renewed).status()).isEqualTo(200);
    assertThat(v.key(renewed).status()).isEqualTo(200);

    Session sameAccountOtherDevice = api.login(v.email, "tablet-" + DEVICES.incrementAndGet());
    assertThat(api.post("/v1/playback/sessions/" + sessionId + "/renew", sameAccountOtherDevice.accessToken(), Map.of())
        .status()).as("another device of the account").isEqualTo(404);
    assertThat(api.post("/v1/playback/sessions/" + sessionId + "/renew", viewer().session.accessToken(), Map.of())
        .status()).as("another account").isEqualTo(404);
    assertThat(api.post("/v1/playback/sessions/not-a-session/renew", v.session.accessToken(), Map.of()).status())
        .isEqualTo(404);

    assertThat(api.delete("/v1/playback/sessions/" + sessionId, v.session.accessToken()).status()).isEqualTo(204);
    Reply late = api.post("/v1/playback/sessions/" + sessionId + "/renew", v.session.accessToken(), Map.of());
    assertThat(late.status()).isEqualTo(403);
    assertThat(late.text("reason")).isEqualTo("session_ended");
  }

  @Test
  void theHlsPlaylistCarriesTheSessionsKeyUrlWithItsToken() {
    Viewer v = viewer();
    Reply grant = v.grant(encryptedMovie);
    URI hls = URI.create(grant.text("hlsUrl"));
    Reply media = api.get(hls.getRawPath().replace("master.m3u8", "hls-0.m3u8"), null);
    assertThat(media.status()).isEqualTo(200);
    String playlist = new String(media.body(), StandardCharsets.UTF_8);
    String keyLine = playlist.lines().filter(l -> l.startsWith("#EXT-X-KEY")).findFirst().orElseThrow();
    assertThat(keyLine).doesNotContain("packager.invalid").contains("/v1/keys/hls/" + encryptedMovie + "?token=");

    URI keyUri = URI.create(keyLine.replaceAll(".*URI=\"([^\"]+)\".*", "$1"));
    Reply key = api.get(keyUri.getRawPath() + "?" + keyUri.getRawQuery(), null);
    assertThat(key.status()).isEqualTo(200);
    assertThat(key.body()).hasSize(16);
  }

  // ---- helpers

  /** Dropwizard's mapper writes instants as epoch seconds. */
  private static Instant instant(Reply r, String field) {
    return Instant.ofEpochMilli(Math.round(r.json().path(field).asDouble() * 1000));
  }

  /** A viewer with a profile, signed in on a device of its own. */
  private record Viewer(String email, Session session) {
    Reply grant(String titleId) {
      return api.post("/v1/playback", session.accessToken(), Map.of("profileId", session.profileId(), "titleId", titleId));
    }

    Reply key(Reply grant) {
      URI key = URI.create(grant.text("hlsKeyUrl"));
      return api.get(key.getRawPath() + "?" + key.getRawQuery(), null);
    }

    Reply license(Reply grant) {
      URI license = URI.create(grant.text("clearKeyLicenseUrl"));
      return api.post(license.getRawPath() + "?" + license.getRawQuery(), null,
          Map.of("kids", List.of(grant.text("keyId"))));
    }

    Reply media(Reply grant) {
      return api.get(URI.create(grant.text("hlsUrl")).getRawPath(), null);
    }
  }

  private static Viewer viewer() {
    int n = DEVICES.incrementAndGet();
    String email = "viewer-" + n + "@example.com";
    return new Viewer(email, api.withProfile(api.signUpAndLogin(email, "tv-" + n), "Viewer " + n, false));
  }

  /** An account given a role the way the operator's bootstrap does, in the database, then logged in. */
  private static Session editor(String email) throws Exception {
    return withRole(email, "editor");
  }

  private static Session admin(String email) {
    try {
      return withRole(email, "admin");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Session withRole(String email, String role) throws Exception {
    api.signUpAndLogin(email, "cms");
    sql("UPDATE accounts SET role = ? WHERE email = ?", role, email);
    return api.login(email, "cms");
  }

  private static void sql(String statement, String... args) throws Exception {
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).as(statement).isPositive();
    }
  }

  private static String movie(String name, String mediaPath) {
    Reply created = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", name, "ALL", List.of("Drama"), Api.openIn("DE")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    assertThat(api.put("/v1/admin/titles/" + created.text("id") + "/media", editor.accessToken(),
        Map.of("mediaPath", mediaPath)).status()).isEqualTo(204);
    return created.text("id");
  }

  private static Path origin() {
    try {
      Path dir = Files.createTempDirectory("ott-origin-");
      for (String folder : List.of("keys", "vod/plain", "vod/locked")) {
        Files.writeString(Files.createDirectories(dir.resolve(folder)).resolve("master.m3u8"),
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nhls-0.m3u8\n");
      }
      Files.writeString(dir.resolve("vod/locked/hls-0.m3u8"), """
          #EXTM3U
          #EXT-X-TARGETDURATION:2
          #EXT-X-KEY:METHOD=AES-128,URI="http://packager.invalid/v1/keys/hls/x",IV=0x00000000000000000000000000000001
          #EXTINF:2.0,
          hls-0-00001.ts
          #EXT-X-ENDLIST
          """);
      return dir;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
