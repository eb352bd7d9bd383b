package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.accounts.auth.AccessTokens;
import io.ottplatform.serving.accounts.auth.Role;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.serving.playback.UrlSigner;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The security suite: each attack gets the right 4xx, and a fuzz run of malformed requests gets no 5xx. */
class SecurityIT {

  private static final String ACCESS_SECRET = "test-access-token-secret-0123456789abcdef";
  private static final String URL_SECRET = "test-url-signing-secret-0123456789abcdef";
  private static final Path ORIGIN = origin();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB, ORIGIN);

  private static Api api;
  private static Session admin;
  private static Session alice;
  private static Session bob;
  private static Session aliceKid;
  private static String adultMovie;
  private static String kidsMovie;
  private static String futureMovie;
  private static String usOnlyMovie;

  @BeforeAll
  static void seed() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    admin = api.adminLogin("admin@example.com", "admin-laptop");
    alice = api.withProfile(api.signUpAndLogin("alice@example.com", "alice-tv"), "Alice", false);
    aliceKid = api.withProfile(alice, "Kid", true);
    bob = api.withProfile(api.signUpAndLogin("bob@example.com", "bob-tv"), "Bob", false);
    adultMovie = movie("Midnight Ledger", "18+", "vod/adult", Api.openIn("DE"));
    kidsMovie = movie("Paper Boats", "ALL", "vod/kids", Api.openIn("DE"));
    futureMovie = movie("Not Yet", "ALL", "vod/kids", List.of(Map.of("country", "DE",
        "startsAt", Instant.now().plus(Duration.ofDays(10)).toString(),
        "endsAt", Instant.now().plus(Duration.ofDays(40)).toString())));
    usOnlyMovie = movie("Stateside", "ALL", "vod/kids", Api.openIn("US"));
  }

  // ---- other accounts' data

  @Test
  void anotherAccountsProfileAndProgressAreNotFound() {
    assertThat(api.get("/v1/profiles/" + alice.profileId(), bob.accessToken()).status()).isEqualTo(404);
    assertThat(api.delete("/v1/profiles/" + alice.profileId(), bob.accessToken()).status()).isEqualTo(404);
    assertThat(api.get("/v1/catalog/browse?profileId=" + alice.profileId(), bob.accessToken()).status()).isEqualTo(404);
    api.put("/v1/progress", alice.accessToken(), Map.of("profileId", alice.profileId(), "titleId", kidsMovie, "positionMs", 5000));
    assertThat(api.get("/v1/progress/" + alice.profileId() + "/" + kidsMovie, bob.accessToken()).status()).isEqualTo(404);
    assertThat(api.get("/v1/progress/continue-watching?profileId=" + alice.profileId(), bob.accessToken()).status()).isEqualTo(404);
    assertThat(api.put("/v1/progress", bob.accessToken(),
        Map.of("profileId", alice.profileId(), "titleId", kidsMovie, "positionMs", 1)).status()).isEqualTo(404);
    assertThat(api.post("/v1/playback", bob.accessToken(),
        Map.of("profileId", alice.profileId(), "titleId", kidsMovie)).status()).isEqualTo(404);
    assertThat(api.get("/v1/progress/" + alice.profileId() + "/" + kidsMovie, alice.accessToken()).json()
        .path("positionMs").asLong()).as("untouched by bob").isEqualTo(5000);
  }

  // ---- access tokens

  @Test
  void expiredTamperedAlgNoneAndMissingAccessTokensAre401() {
    AccessTokens past = new AccessTokens(ACCESS_SECRET, "ott-serving-api", Duration.ofMinutes(5),
        Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
    UUID family = UUID.randomUUID();
    String expired = past.issue(alice.accountId(), Role.VIEWER, "alice-tv", family);
    assertThat(api.get("/v1/profiles", expired).status()).isEqualTo(401);

    String[] parts = alice.accessToken().split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String asBob = b64(claims.replace(alice.accountId(), bob.accountId()));
    assertThat(api.get("/v1/profiles", parts[0] + "." + asBob + "." + parts[2]).status()).as("tampered").isEqualTo(401);
    String asAdmin = b64(claims.replace("\"viewer\"", "\"admin\""));
    assertThat(api.put("/v1/admin/accounts/" + alice.accountId() + "/role", parts[0] + "." + asAdmin + "." + parts[2],
        Map.of("role", "admin")).status()).as("self-promotion by tampering").isEqualTo(401);
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    assertThat(api.get("/v1/profiles", none).status()).as("alg none").isEqualTo(401);
    assertThat(api.get("/v1/profiles", null).status()).isEqualTo(401);
    assertThat(api.get("/v1/profiles", "garbage").status()).isEqualTo(401);
    Reply withChallenge = api.get("/v1/profiles", "garbage");
    assertThat(withChallenge.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(withChallenge.text("reason")).isEqualTo("unauthorized");
  }

  @Test
  void aReusedRefreshTokenIsRefusedAndRevokesTheLogin() {
    Session s = api.login("alice@example.com", "alice-phone");
    Reply first = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(first.status()).isEqualTo(200);

    Reply reuse = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(reuse.status()).isEqualTo(401);
    assertThat(reuse.text("reason")).isEqualTo("refresh_token_reused");
    assertThat(api.get("/v1/profiles", first.text("accessToken")).status()).isEqualTo(401);
    assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", "made-up")).text("reason"))
        .isEqualTo("invalid_refresh_token");
  }

  @Test
  void rolesAreCheckedOnEveryEditorAndAdminEndpoint() {
    Map<String, Object> movie = Api.title("movie", "Sneaky", "ALL", List.of(), Api.openIn("DE"));
    assertThat(api.post("/v1/admin/titles", alice.accessToken(), movie).status()).isEqualTo(403);
    assertThat(api.get("/v1/admin/titles/" + kidsMovie, alice.accessToken()).status()).isEqualTo(403);
    assertThat(api.put("/v1/admin/accounts/" + alice.accountId() + "/role", alice.accessToken(), Map.of("role", "admin"))
        .status()).isEqualTo(403);

    Session carol = api.signUpAndLogin("carol@example.com", "carol-laptop");
    assertThat(api.put("/v1/admin/accounts/" + carol.accountId() + "/role", admin.accessToken(), Map.of("role", "editor"))
        .text("role")).isEqualTo("editor");
    Session carolAsEditor = api.login("carol@example.com", "carol-laptop");
    assertThat(api.post("/v1/admin/titles", carolAsEditor.accessToken(), movie).status()).isEqualTo(201);
    assertThat(api.put("/v1/admin/accounts/" + alice.accountId() + "/role", carolAsEditor.accessToken(),
        Map.of("role", "admin")).status()).as("editors are not admins").isEqualTo(403);
  }

  @Test
  void loginIsThrottledAfterRepeatedFailures() {
    api.signUpAndLogin("guess@example.com", "d");
    for (int i = 0; i < 3; i++) {
      Reply wrong = api.post("/v1/auth/login", null,
          Map.of("email", "guess@example.com", "password", "wrong-password-" + i, "deviceId", "d"));
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(wrong.text("reason")).isEqualTo("invalid_credentials");
    }
    Reply throttled = api.post("/v1/auth/login", null,
        Map.of("email", "guess@example.com", "password", "a-long-password-1", "deviceId", "d"));
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.text("reason")).isEqualTo("too_many_login_attempts");
    assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
  }

  // ---- playback policy

  /** Sessions granted to alice's account by the running test: her plan has one screen, so each test frees it. */
  private final List<String> granted = new ArrayList<>();

  @AfterEach
  void endAlicesSessions() {
    granted.forEach(id -> assertThat(api.delete("/v1/playback/sessions/" + id, alice.accessToken()).status())
        .as("end of session " + id).isEqualTo(204));
  }

  /** A grant to alice's account for one of its profiles, through {@code via} (its country header). */
  private Reply play(Api via, Session profile, String titleId) {
    Reply r = via.post("/v1/playback", alice.accessToken(), Map.of("profileId", profile.profileId(), "titleId", titleId));
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    granted.add(r.text("sessionId"));
    return r;
  }

  @Test
  void aTitleOutsideItsWindowOrCountryIsRefusedWith451() {
    Reply future = api.post("/v1/playback", alice.accessToken(), Map.of("profileId", alice.profileId(), "titleId", futureMovie));
    assertThat(future.status()).isEqualTo(451);
    assertThat(future.text("reason")).isEqualTo("outside_availability_window");

    Reply elsewhere = api.post("/v1/playback", alice.accessToken(), Map.of("profileId", alice.profileId(), "titleId", usOnlyMovie));
    assertThat(elsewhere.status()).isEqualTo(451);
    assertThat(elsewhere.text("reason")).isEqualTo("not_available_in_country");

    Api noCountry = new Api(APP);
    assertThat(noCountry.post("/v1/playback", alice.accessToken(), Map.of("profileId", alice.profileId(), "titleId", kidsMovie))
        .text("reason")).isEqualTo("country_unknown");
    Api inUs = new Api(APP).withHeader("CloudFront-Viewer-Country", "US");
    assertThat(play(inUs, alice, usOnlyMovie).status()).isEqualTo(200);
  }

  @Test
  void aKidsProfileAskingForAnAdultTitleIsRefused() {
    Reply refused = api.post("/v1/playback", alice.accessToken(), Map.of("profileId", aliceKid.profileId(), "titleId", adultMovie));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("reason")).isEqualTo("maturity_restricted");
    assertThat(play(api, aliceKid, kidsMovie).status()).isEqualTo(200);
  }

  // ---- signed media URLs and keys

  @Test
  void aSignedMediaUrlWorksOnlyForItsPathUntilItExpires() throws Exception {
    Reply grant = play(api, alice, kidsMovie);
    String hls = URI.create(grant.text("hlsUrl")).getRawPath();
    assertThat(raw(hls).statusCode()).isEqualTo(200);

    Reply changed = api.get(hls.replace("/vod/kids/", "/vod/adult/"), null);
    assertThat(changed.status()).isEqualTo(403);
    assertThat(changed.text("reason")).isEqualTo("token_out_of_scope");

    String token = hls.split("/")[2];
    String session = grant.text("sessionId");
    String expired = new UrlSigner(URL_SECRET, Clock.systemUTC()).sign(new UrlSigner.Claims(UrlSigner.Purpose.MEDIA,
        Instant.now().minusSeconds(1), session, alice.profileId(), alice.deviceId(), kidsMovie, "vod/kids/*"));
    Reply late = api.get("/media/" + expired + "/vod/kids/master.m3u8", null);
    assertThat(late.status()).isEqualTo(403);
    assertThat(late.text("reason")).isEqualTo("token_expired");

    String forged = new UrlSigner("an-attackers-secret-0123456789abcdef", Clock.systemUTC()).sign(new UrlSigner.Claims(
        UrlSigner.Purpose.MEDIA, Instant.now().plusSeconds(600), session, alice.profileId(), alice.deviceId(),
        kidsMovie, "vod/*"));
    assertThat(api.get("/media/" + forged + "/vod/adult/master.m3u8", null).text("reason")).isEqualTo("invalid_token");

    String wide = new UrlSigner(URL_SECRET, Clock.systemUTC()).sign(new UrlSigner.Claims(UrlSigner.Purpose.MEDIA,
        Instant.now().plusSeconds(600), session, alice.profileId(), alice.deviceId(), kidsMovie, "vod/kids/*"));
    for (String traversal : List.of("/vod/kids/../adult/master.m3u8", "/vod/kids/%2e%2e/adult/master.m3u8",
        "/vod/kids/..%2fadult/master.m3u8", "/vod/kids/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
        "/vod/kids/..%5C..%5Csecret.txt", "/vod/kids/%00master.m3u8")) {
      HttpResponse<String> r = raw("/media/" + token + traversal);
      assertThat(r.statusCode()).as(traversal).isBetween(400, 404);
      assertThat(r.body()).as(traversal).doesNotContain("outside any asset").doesNotContain("#EXTM3U-ADULT");
      HttpResponse<String> w = raw("/media/" + wide + traversal);
      assertThat(w.statusCode()).as("wide " + traversal).isBetween(400, 404);
    }
    assertThat(raw("/media/" + wide + "/vod/kids/master.m3u8").statusCode()).isEqualTo(200);
    assertThat(api.get("/media/" + token + "/vod/kids/missing.m3u8", null).status()).isEqualTo(404);
  }

  @Test
  void keysNeedATokenForThatTitle() {
    Reply grant = play(api, alice, kidsMovie);
    URI key = URI.create(grant.text("hlsKeyUrl"));
    assertThat(api.get(key.getRawPath() + "?" + key.getRawQuery(), null).status()).isEqualTo(200);
    assertThat(api.get(key.getRawPath(), null).status()).isEqualTo(403);
    assertThat(api.get("/v1/keys/hls/" + adultMovie + "?" + key.getRawQuery(), null).text("reason"))
        .isEqualTo("token_out_of_scope");
    URI license = URI.create(grant.text("clearKeyLicenseUrl"));
    assertThat(api.post("/v1/keys/clearkey/" + adultMovie + "?" + license.getRawQuery(), null,
        Map.of("kids", List.of(grant.text("keyId")))).status()).isEqualTo(403);
    assertThat(api.post(license.getRawPath() + "?" + license.getRawQuery(), null,
        Map.of("kids", List.of("AAAAAAAAAAAAAAAAAAAAAA"))).status()).as("unknown kid").isEqualTo(404);
  }

  // ---- text inputs

  @Test
  void sqlMetacharactersAreStoredVerbatimAndNeverExecuted() throws Exception {
    String name = "Robert'); DROP TABLE profiles;--";
    Reply p = api.post("/v1/profiles", bob.accessToken(), Map.of("name", name));
    assertThat(p.status()).isEqualTo(201);
    assertThat(api.get("/v1/profiles/" + p.text("id"), bob.accessToken()).text("name")).isEqualTo(name);

    Reply title = api.post("/v1/admin/titles", admin.accessToken(),
        Api.title("movie", "x' OR '1'='1", "ALL", List.of("a\"; DELETE FROM titles; --"), Api.openIn("DE")));
    assertThat(title.status()).isEqualTo(201);
    assertThat(title.text("name")).isEqualTo("x' OR '1'='1");

    for (String q : List.of("' OR 1=1 --", "x'); DROP TABLE titles;--", "!:*&|()", "\\", "%_%", "a:* | b")) {
      Reply r = api.get("/v1/catalog/search?q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8)
          + "&profileId=" + bob.profileId(), bob.accessToken());
      assertThat(r.status()).as(q).isEqualTo(200);
    }
    assertThat(api.post("/v1/auth/signup", null, Map.of("email", "a'; DROP TABLE accounts;--@x.com",
        "password", "a-long-password-1")).status()).isEqualTo(422);
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "' OR ''='", "password", "' OR ''='", "deviceId", "d"))
        .status()).isEqualTo(401);
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "x@x.io", "password", "p", "deviceId", "'; --"))
        .status()).isEqualTo(422);
    try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('profiles','titles','accounts')")) {
      rs.next();
      assertThat(rs.getInt(1)).as("no table dropped").isEqualTo(3);
    }
  }

  @Test
  void oversizedFieldsAreRefusedNamingTheField() {
    String big = "x".repeat(5000);
    Reply profile = api.post("/v1/profiles", bob.accessToken(), Map.of("name", "n".repeat(41)));
    assertThat(profile.status()).isEqualTo(422);
    assertThat(profile.json().toString()).contains("name");
    assertThat(api.post("/v1/auth/signup", null, Map.of("email", "a@b.io", "password", big)).status()).isEqualTo(422);
    assertThat(api.post("/v1/auth/signup", null, Map.of("email", big + "@b.io", "password", "a-long-password-1")).status())
        .isEqualTo(422);
    assertThat(api.post("/v1/auth/login", null, Map.of("email", big, "password", "p", "deviceId", "d")).status())
        .isEqualTo(422);
    Map<String, Object> title = Api.title("movie", big, "ALL", List.of(), Api.openIn("DE"));
    Reply t = api.post("/v1/admin/titles", admin.accessToken(), title);
    assertThat(t.status()).isEqualTo(422);
    assertThat(t.json().toString()).contains("name");
    Reply q = api.get("/v1/catalog/search?q=" + "q".repeat(201) + "&profileId=" + bob.profileId(), bob.accessToken());
    assertThat(q.status()).isEqualTo(400);
    assertThat(q.text("message")).contains("q is longer");
    assertThat(api.put("/v1/progress", bob.accessToken(),
        Map.of("profileId", bob.profileId(), "titleId", big, "positionMs", 1)).status()).isEqualTo(422);
    assertThat(api.post("/v1/playback", bob.accessToken(), Map.of("profileId", bob.profileId(), "titleId", big)).status())
        .isEqualTo(422);
  }

  // ---- fuzz

  @Test
  void malformedRequestsAcrossAllEndpointsNeverCauseA5xx() throws Exception {
    Random random = new Random(20261125);
    String profile = bob.profileId();
    List<String[]> endpoints = List.of(
        new String[] {"POST", "/v1/auth/signup"}, new String[] {"POST", "/v1/auth/login"},
        new String[] {"POST", "/v1/auth/refresh"}, new String[] {"POST", "/v1/auth/logout"},
        new String[] {"GET", "/v1/account"}, new String[] {"POST", "/v1/profiles"},
        new String[] {"GET", "/v1/profiles/" + profile}, new String[] {"GET", "/v1/devices"},
        new String[] {"GET", "/v1/catalog/browse?profileId=" + profile},
        new String[] {"GET", "/v1/catalog/search?profileId=" + profile + "&q=a&limit=abc"},
        new String[] {"GET", "/v1/catalog/search?profileId=" + profile + "&q=%FF%FE&limit=-1"},
        new String[] {"GET", "/v1/catalog/titles/%27%22%3B?profileId=" + profile},
        new String[] {"POST", "/v1/admin/titles"}, new String[] {"PUT", "/v1/admin/titles/" + kidsMovie},
        new String[] {"PUT", "/v1/admin/titles/" + kidsMovie + "/media"},
        new String[] {"PUT", "/v1/admin/accounts/" + bob.accountId() + "/role"},
        new String[] {"POST", "/v1/playback"}, new String[] {"PUT", "/v1/progress"},
        new String[] {"GET", "/v1/progress/continue-watching?profileId=" + profile + "&limit=99999999999"},
        new String[] {"POST", "/v1/keys/clearkey/" + kidsMovie + "?token=x"},
        new String[] {"GET", "/v1/keys/hls/" + kidsMovie + "?token=%00"},
        new String[] {"GET", "/media/x.y.z/a/b.m3u8"});
    List<String> bodies = new ArrayList<>(List.of("", "{", "null", "[]", "\"x\"", "{}", "{\"email\":[]}",
        "{\"positionMs\":1e400,\"profileId\":\"" + profile + "\",\"titleId\":\"t\"}",
        "{\"positionMs\":\"abc\"}", "{\"kind\":\"movie\",\"name\":\"n\",\"maturityRating\":\"ALL\",\"availability\":[{\"country\":\"DE\",\"startsAt\":\"yesterday\",\"endsAt\":1}]}",
        "{\"kind\":\"movie\",\"name\":\"n\",\"maturityRating\":\"ALL\",\"availability\":[null]}",
        "{\"kids\":[1,2,3],\"type\":{}}", "{\"role\":\"root\"}", "{\"mediaPath\":\"../../etc\"}",
        "[".repeat(5000), "{\"a\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001),
        "{\"refreshToken\":\"" + "r".repeat(100_000) + "\"}"));
    for (int i = 0; i < 8; i++) {
      byte[] junk = new byte[random.nextInt(300)];
      random.nextBytes(junk);
      bodies.add(new String(junk, StandardCharsets.ISO_8859_1));
    }
    HttpClient http = HttpClient.newHttpClient();
    List<String> failures = new ArrayList<>();
    String previous = "";
    int sent = 0;
    for (String[] e : endpoints) {
      for (String body : bodies) {
        for (String contentType : List.of("application/json", "text/plain")) {
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + e[1]))
              .header("Content-Type", contentType).header("CloudFront-Viewer-Country", "DE")
              .header("Authorization", "Bearer " + (random.nextBoolean() ? admin.accessToken() : bob.accessToken()))
              .header("If-Match", random.nextBoolean() ? "\"1\"" : "W/\"zz\"");
          HttpRequest request = e[0].equals("GET")
              ? b.GET().build()
              : b.method(e[0], HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1)).build();
          HttpResponse<String> r;
          try {
            // no retry: every request must be answered on the connection the client picked
            // (the service drains unread bodies before a refusal, UnreadBodyDrain)
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
          } catch (IOException dropped) {
            failures.add("no answer (" + dropped + "): " + e[0] + " " + e[1] + " " + contentType + " body="
                + QueryAbbrev.of(body) + " (" + body.length() + " bytes); the request before: " + previous);
            continue;
          }
          sent++;
          previous = e[0] + " " + e[1] + " " + contentType + " " + body.length() + " bytes -> " + r.statusCode() + " "
              + r.headers().firstValue("Connection").orElse("");
          if (r.statusCode() >= 500) {
            failures.add(r.statusCode() + " " + e[0] + " " + e[1] + " body=" + QueryAbbrev.of(body) + " -> " + QueryAbbrev.of(r.body()));
          }
        }
      }
    }
    assertThat(sent).isGreaterThan(1000);
    assertThat(failures).as("5xx answers").isEmpty();
  }

  /** Shortens a body for failure messages. */
  static final class QueryAbbrev {
    static String of(String s) {
      return s.length() > 80 ? s.substring(0, 80) + "…(" + s.length() + ")" : s;
    }
  }

  private static HttpResponse<String> raw(String rawPath) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.base() + rawPath)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String movie(String name, String rating, String mediaPath, Object availability) {
    Reply created = api.post("/v1/admin/titles", admin.accessToken(), Api.title("movie", name, rating, List.of("Drama"), availability));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    assertThat(api.put("/v1/admin/titles/" + created.text("id") + "/media", admin.accessToken(),
        Map.of("mediaPath", mediaPath)).status()).isEqualTo(204);
    return created.text("id");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Path origin() {
    try {
      Path dir = Files.createTempDirectory("ott-origin-");
      Files.writeString(Files.createDirectories(dir.resolve("vod/kids")).resolve("master.m3u8"), "#EXTM3U\n");
      Files.writeString(Files.createDirectories(dir.resolve("vod/adult")).resolve("master.m3u8"), "#EXTM3U-ADULT\n");
      Files.writeString(dir.resolve("secret.txt"), "outside any asset");
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
