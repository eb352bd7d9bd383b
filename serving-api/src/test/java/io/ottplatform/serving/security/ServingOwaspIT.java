package io.ottplatform.serving.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.schemas.guard.ActiveStreamsAnswer;
import io.ottplatform.schemas.guard.GuardApi;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.serving.it.ServingApp;
import io.ottplatform.serving.security.Endpoints.Endpoint;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * serving-api against the OWASP API Security Top 10 (2023): each test is one probe, named by its category
 * (api1..api10), run against the real service over a real PostgreSQL, asserting the exact status and reason
 * (README.md in this folder is the table). The concurrency guard is a scripted HTTP server that plays a broken
 * guard (API10); the canary server proves that no endpoint fetches a caller-given URL (API7).
 */
class ServingOwaspIT {

  private static final String ACCESS_SECRET = "test-access-token-secret-0123456789abcdef";
  /** The content key attached to the title: no JSON answer may carry it (the key endpoints serve it, token-bound). */
  private static final String KEY_HEX = "5ec2e75ec2e75ec2e75ec2e75ec2e7aa";
  private static final String KEY_ID_HEX = "0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d";
  private static final Path ORIGIN = origin();
  private static final Path UPLOADS = tempDir("ott-owasp-uploads-");
  /** Plays the concurrency guard; healthy (no streams) unless a probe scripts another answer. */
  private static final ScriptedHttpServer GUARD = new ScriptedHttpServer(ServingOwaspIT::healthyGuard);
  /** Must never be called: its URL is given to every field that might be fetched. */
  private static final ScriptedHttpServer CANARY = new ScriptedHttpServer(
      e -> ScriptedHttpServer.send(e, 200, "text/plain", "fetched".getBytes(StandardCharsets.UTF_8)));
  /** The guard's active sessions per account, as the healthy script reports them. */
  private static final Map<String, List<String>> GUARD_SESSIONS = new java.util.concurrent.ConcurrentHashMap<>();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP = ServingApp.extension(DB,
      ORIGIN,
      ConfigOverride.config("auth.signupsPerAddressPerHour", "3"),
      ConfigOverride.config("auth.deviceCodesPerAddressPerHour", "3"),
      ConfigOverride.config("concurrencyGuard.url", GUARD::url),
      // the shipped policy: an unreadable guard never blocks a viewer, and the decision is counted
      ConfigOverride.config("concurrencyGuard.whenUnavailable", "ALLOW"),
      ConfigOverride.config("concurrencyGuard.timeout", "1 second"),
      ConfigOverride.config("media.uploadDirectory", UPLOADS::toString));

  private static final AtomicInteger CLIENTS = new AtomicInteger(10);

  private static Api api;
  private static Session admin;
  private static Session editor;
  private static Session analyst;
  private static Session alice;
  private static Session bob;
  private static String movie;
  private static String aliceSession;
  private static List<Endpoint> endpoints;

  @BeforeAll
  static void seed() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP).withHeader("CloudFront-Viewer-Country", "DE");
    admin = api.adminLogin("owasp-admin@example.com", "ops");
    ServingApp.createAccount("owasp-editor@example.com", "editor", Api.PASSWORD);
    editor = api.login("owasp-editor@example.com", "cms");
    ServingApp.createAccount("owasp-analyst@example.com", "analyst", Api.PASSWORD);
    analyst = api.login("owasp-analyst@example.com", "bi");
    alice = api.withProfile(viewer("alice@example.com", "alice-tv"), "Alice", false);
    bob = api.withProfile(viewer("bob@example.com", "bob-tv"), "Bob", false);
    Reply created = api.post("/v1/admin/titles", editor.accessToken(),
        Api.title("movie", "Paper Boats", "ALL", List.of("Drama"), Api.openIn("DE")));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    movie = created.text("id");
    assertThat(api.put("/v1/admin/titles/" + movie + "/media", editor.accessToken(),
        Map.of("mediaPath", "vod/kids", "keyIdHex", KEY_ID_HEX, "keyHex", KEY_HEX)).status()).isEqualTo(204);
    Reply grant = grant(alice);
    assertThat(grant.status()).as(grant.json().toString()).isEqualTo(200);
    aliceSession = grant.text("sessionId");
    endpoints = Endpoints.of(APP);
  }

  @BeforeEach
  void healthyGuardByDefault() {
    GUARD.play(ServingOwaspIT::healthyGuard);
  }

  @AfterAll
  static void stopServers() {
    GUARD.close();
    CANARY.close();
  }

  // ---------------------------------------------------------------- API1 broken object level authorization

  @Test
  void api1_anotherAccountsProfileIsNotFoundAndStaysUntouched() {
    Reply read = api.get("/v1/profiles/" + alice.profileId(), bob.accessToken());
    assertThat(read.status()).isEqualTo(404);
    assertThat(read.text("reason")).isEqualTo("not_found");
    assertThat(api.delete("/v1/profiles/" + alice.profileId(), bob.accessToken()).status()).isEqualTo(404);
    assertThat(api.get("/v1/profiles/" + alice.profileId(), alice.accessToken()).text("name")).isEqualTo("Alice");
  }

  @Test
  void api1_anotherAccountsProgressCanBeNeitherReadNorWritten() {
    assertThat(api.put("/v1/progress", alice.accessToken(),
        Map.of("profileId", alice.profileId(), "titleId", movie, "positionMs", 7000)).status()).isBetween(200, 204);
    Reply read = api.get("/v1/progress/" + alice.profileId() + "/" + movie, bob.accessToken());
    assertThat(read.status()).isEqualTo(404);
    assertThat(read.text("reason")).isEqualTo("not_found");
    Reply write = api.put("/v1/progress", bob.accessToken(),
        Map.of("profileId", alice.profileId(), "titleId", movie, "positionMs", 1));
    assertThat(write.status()).isEqualTo(404);
    assertThat(write.text("reason")).isEqualTo("not_found");
    assertThat(api.get("/v1/progress/continue-watching?profileId=" + alice.profileId(), bob.accessToken()).status())
        .isEqualTo(404);
    assertThat(api.get("/v1/progress/" + alice.profileId() + "/" + movie, alice.accessToken()).json()
        .path("positionMs").asLong()).as("alice's position, untouched by bob").isEqualTo(7000);
  }

  @Test
  void api1_anotherAccountsDeviceCannotBeRemoved() {
    Reply removed = api.delete("/v1/devices/" + alice.deviceId(), bob.accessToken());
    assertThat(removed.status()).isEqualTo(404);
    assertThat(removed.text("reason")).isEqualTo("not_found");
    assertThat(api.get("/v1/devices", alice.accessToken()).json().findValuesAsText("id"))
        .as("alice's devices").contains(alice.deviceId());
    assertThat(api.get("/v1/devices", bob.accessToken()).json().findValuesAsText("id"))
        .as("bob sees only his own devices").doesNotContain(alice.deviceId());
  }

  @Test
  void api1_anotherAccountsPlaybackSessionCanBeNeitherRenewedNorEnded() {
    Reply renew = api.post("/v1/playback/sessions/" + aliceSession + "/renew", bob.accessToken(), null);
    assertThat(renew.status()).isEqualTo(404);
    assertThat(renew.text("reason")).isEqualTo("not_found");
    Reply end = api.delete("/v1/playback/sessions/" + aliceSession, bob.accessToken());
    assertThat(end.status()).isEqualTo(404);
    assertThat(end.text("reason")).isEqualTo("not_found");
    assertThat(api.post("/v1/playback/sessions/" + aliceSession + "/renew", alice.accessToken(), null).status())
        .as("alice's session still plays").isEqualTo(200);
  }

  @Test
  void api1_guessedIdsAreNotFoundWhateverTheirShape() {
    for (String guess : List.of("prof-AAAAAAAAAAAAAAAA", "1", "%27%20OR%201%3D1", UUID.randomUUID().toString())) {
      assertThat(api.get("/v1/profiles/" + guess, bob.accessToken()).status()).as("profile " + guess).isEqualTo(404);
      assertThat(api.post("/v1/playback/sessions/" + guess + "/renew", bob.accessToken(), null).status())
          .as("session " + guess).isEqualTo(404);
      Reply upload = api.send("HEAD", "/v1/admin/uploads/" + guess, editor.accessToken(), null, "Tus-Resumable", "1.0.0");
      assertThat(upload.status()).as("upload " + guess).isEqualTo(404);
    }
  }

  @Test
  void api1_anUploadsIdIsNoKeyForAViewer() {
    Reply created = api.send("POST", "/v1/admin/uploads", editor.accessToken(), null, "Tus-Resumable", "1.0.0",
        "Upload-Length", "4", "Upload-Metadata", "titleId " + b64(movie) + ",filename " + b64("a.mp4"));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String path = URI.create(created.header("Location")).getRawPath();
    Reply head = api.send("HEAD", path, bob.accessToken(), null, "Tus-Resumable", "1.0.0");
    assertThat(head.status()).isEqualTo(403);
    Reply patch = rawPatch(path, bob.accessToken(), "0", new byte[] {1, 2, 3, 4});
    assertThat(patch.status()).isEqualTo(403);
    assertThat(api.send("HEAD", path, editor.accessToken(), null, "Tus-Resumable", "1.0.0").header("Upload-Offset"))
        .as("nothing was appended by the viewer").isEqualTo("0");
  }

  // ---------------------------------------------------------------- API2 broken authentication

  @Test
  void api2_anAlgNoneTokenIsRefused() {
    String[] parts = alice.accessToken().split("\\.");
    Reply r = api.get("/v1/account", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
    assertUnauthorized(r);
  }

  @Test
  void api2_aTokenSignedWithAnotherKeyIsRefused() throws Exception {
    String forged = resign(alice.accessToken(), "an-attackers-secret-0123456789abcdef-xx",
        c -> new JWTClaimsSet.Builder(c).claim("role", "admin").build());
    assertUnauthorized(api.get("/v1/account", forged));
    assertThat(api.get("/v1/account", resign(alice.accessToken(), ACCESS_SECRET, c -> c)).status())
        .as("the same token re-signed with the service's key is fine: only the key was wrong").isEqualTo(200);
  }

  @Test
  void api2_anExpiredTokenIsRefused() throws Exception {
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
    String expired = resign(alice.accessToken(), ACCESS_SECRET, c -> new JWTClaimsSet.Builder(c)
        .issueTime(Date.from(hourAgo)).notBeforeTime(Date.from(hourAgo))
        .expirationTime(Date.from(hourAgo.plus(Duration.ofMinutes(5)))).build());
    assertUnauthorized(api.get("/v1/account", expired));
  }

  @Test
  void api2_aMissingOrGarbledTokenIsRefusedWithAChallenge() {
    assertUnauthorized(api.get("/v1/account", null));
    assertUnauthorized(api.get("/v1/account", "not-a-jwt"));
    assertUnauthorized(api.send("GET", "/v1/account", null, null, "Authorization", "Basic YWRtaW46YWRtaW4="));
  }

  @Test
  void api2_aReplayedRefreshTokenIsRefusedAndRevokesTheLogin() {
    Session s = api.login("alice@example.com", "alice-tv");
    Reply first = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(first.status()).isEqualTo(200);
    Reply replay = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(replay.status()).isEqualTo(401);
    assertThat(replay.text("reason")).isEqualTo("refresh_token_reused");
    assertThat(api.get("/v1/account", first.text("accessToken")).status())
        .as("the token the thief may hold dies with the family").isEqualTo(401);
    assertThat(api.get("/v1/account", alice.accessToken()).status()).as("another login lives on").isEqualTo(200);
  }

  @Test
  void api2_guessedDeviceCodesAndUserCodesGetNothing() {
    for (int i = 0; i < 20; i++) {
      Reply poll = api.post("/v1/auth/device/token", null, Map.of("deviceCode", "guess-" + i + "-" + UUID.randomUUID()));
      assertThat(poll.status()).isEqualTo(400);
      assertThat(poll.text("error")).isEqualTo("invalid_grant");
    }
    Reply approve = api.post("/v1/auth/device/approve", bob.accessToken(), Map.of("userCode", "ABCD-EFGH"));
    assertThat(approve.status()).isEqualTo(404);
    assertThat(approve.text("reason")).isEqualTo("unknown_user_code");
    Reply code = fromClient(nextClient(), "POST", "/v1/auth/device/code", null, Map.of("deviceId", "owasp-tv"));
    String userCode = code.text("userCode");
    Reply last = null;
    for (int i = 0; i < 6; i++) {
      last = api.get("/v1/auth/device/pending?userCode=" + userCode, bob.accessToken());
    }
    assertThat(last.status()).as("a sixth try at one code").isEqualTo(429);
    assertThat(last.text("reason")).isEqualTo("too_many_attempts");
  }

  // ---------------------------------------------------------------- API3 broken object property level authorization

  @Test
  void api3_signUpIgnoresRolePlanAndAccountIdInTheBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("email", "mass@example.com");
    body.put("password", Api.PASSWORD);
    body.put("role", "admin");
    body.put("plan", "premium");
    body.put("accountId", admin.accountId());
    Reply signup = fromClient(nextClient(), "POST", "/v1/auth/signup", null, body);
    assertThat(signup.status()).as(signup.json().toString()).isEqualTo(202);
    Session mass = api.login("mass@example.com", "d");
    Reply account = api.get("/v1/account", mass.accessToken());
    assertThat(account.text("role")).isEqualTo("viewer");
    assertThat(account.text("plan")).isEqualTo("basic");
    assertThat(account.text("id")).isNotEqualTo(admin.accountId());
  }

  @Test
  void api3_aProfileBodyCannotPlaceTheProfileInAnotherAccount() {
    Map<String, Object> body = Map.of("name", "Intruder", "accountId", alice.accountId(), "id", alice.profileId());
    Reply created = api.post("/v1/profiles", bob.accessToken(), body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.text("id")).isNotEqualTo(alice.profileId());
    assertThat(api.get("/v1/profiles", alice.accessToken()).json().findValuesAsText("name")).doesNotContain("Intruder");
    assertThat(api.get("/v1/profiles/" + alice.profileId(), alice.accessToken()).text("name")).isEqualTo("Alice");
    api.delete("/v1/profiles/" + created.text("id"), bob.accessToken());
  }

  @Test
  void api3_answersNeverCarryPasswordHashesKeyBytesOrOtherAccountsEmails() {
    String keyB64 = Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(KEY_HEX));
    List<String> answers = new ArrayList<>();
    answers.add(api.post("/v1/auth/login", null, Map.of("email", "bob@example.com", "password", Api.PASSWORD,
        "deviceId", "bob-tv")).json().toString());
    Map<String, String> values = pathValues();
    for (Endpoint e : endpoints) {
      // the key and origin endpoints serve keys and media by design (token-bound); openapi.yaml documents fields
      if (e.method().equals("GET") && !e.template().startsWith("/media") && !e.template().startsWith("/v1/keys")
          && !e.template().equals("/openapi.yaml")) {
        String path = e.path(values) + "?profileId=" + bob.profileId() + "&q=a&userCode=ABCDEFGH";
        answers.add(api.get(path, bob.accessToken()).json().toString());
        answers.add(api.get(path, editor.accessToken()).json().toString());
      }
    }
    answers.add(grant(bob).json().toString());
    assertThat(answers).hasSizeGreaterThan(20);
    for (String a : answers) {
      assertThat(a.toLowerCase()).as(a).doesNotContain("password").doesNotContain("argon2").doesNotContain("hash")
          .doesNotContain(KEY_HEX).doesNotContain(keyB64).doesNotContain("alice@example.com");
    }
  }

  // ---------------------------------------------------------------- API4 unrestricted resource consumption

  @Test
  void api4_pageSizesAreCappedWithA400NamingTheLimit() {
    for (String path : List.of("/v1/catalog/search?q=a&profileId=" + bob.profileId() + "&limit=100000",
        "/v1/progress/continue-watching?profileId=" + bob.profileId() + "&limit=100000",
        "/v1/recommendations?profileId=" + bob.profileId() + "&limit=100000",
        "/v1/titles/" + movie + "/similar?profileId=" + bob.profileId() + "&limit=100000")) {
      Reply r = api.get(path, bob.accessToken());
      assertThat(r.status()).as(path).isEqualTo(400);
      assertThat(r.text("message")).as(path).contains("limit");
    }
  }

  @Test
  void api4_signUpsAreRateLimitedPerClient() {
    String client = nextClient();
    for (int i = 0; i < 3; i++) {
      assertThat(fromClient(client, "POST", "/v1/auth/signup", null,
          Map.of("email", "flood" + i + "@example.com", "password", Api.PASSWORD)).status()).isEqualTo(202);
    }
    Reply refused = fromClient(client, "POST", "/v1/auth/signup", null,
        Map.of("email", "flood9@example.com", "password", Api.PASSWORD));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("reason")).isEqualTo("rate_limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
  }

  @Test
  void api4_aDeeplyNestedBodyIsRefusedBeforeItCostsAStack() {
    String nested = "{\"email\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    Reply r = api.post("/v1/auth/login", null, nested);
    assertThat(r.status()).isBetween(400, 422);
    assertThat(r.json().path("code").asInt()).isEqualTo(r.status());
  }

  @Test
  void api4_anOverlongFieldIsRefusedNamingTheField() {
    Reply r = api.post("/v1/auth/refresh", null, Map.of("refreshToken", "r".repeat(200_000)));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().toString()).contains("refreshToken");
  }

  // ---------------------------------------------------------------- API5 broken function level authorization

  @Test
  void api5_everyEditorAndAdminEndpointRefusesViewersAndAnalysts() {
    List<Endpoint> privileged = endpoints.stream().filter(e -> Set.of("editor", "admin").contains(e.role())).toList();
    assertThat(privileged).as("the model lists the admin surface").hasSizeGreaterThanOrEqualTo(10);
    List<String> wrong = new ArrayList<>();
    for (Endpoint e : privileged) {
      for (Session caller : List.of(bob, analyst)) {
        Reply r = call(e, caller.accessToken());
        // a HEAD answer has no body to carry the code
        if (r.status() != 403 || (!e.method().equals("HEAD") && r.json().path("code").asInt() != 403)) {
          wrong.add(e + " as " + (caller == bob ? "viewer" : "analyst") + " -> " + r.status() + " " + r.json());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void api5_everyAdminEndpointRefusesEditors() {
    List<Endpoint> adminOnly = endpoints.stream().filter(e -> e.role().equals("admin")).toList();
    assertThat(adminOnly).isNotEmpty();
    for (Endpoint e : adminOnly) {
      assertThat(call(e, editor.accessToken()).status()).as(e.toString()).isEqualTo(403);
    }
  }

  @Test
  void api5_everyNonPublicEndpointRefusesAnonymousCallers() {
    List<Endpoint> guarded = endpoints.stream().filter(e -> !e.role().equals("public")).toList();
    assertThat(guarded).hasSizeGreaterThan(25);
    for (Endpoint e : guarded) {
      Reply r = call(e, null);
      assertThat(r.status()).as(e.toString()).isEqualTo(401);
      if (!e.method().equals("HEAD")) {
        assertThat(r.text("reason")).as(e.toString()).isEqualTo("unauthorized");
      }
    }
  }

  // ---------------------------------------------------------------- API6 unrestricted access to sensitive business flows

  @Test
  void api6_signUpDoesNotTellATakenEmailFromAFreeOne() {
    String client = nextClient();
    Reply taken = fromClient(client, "POST", "/v1/auth/signup", null,
        Map.of("email", "alice@example.com", "password", "another-password-9"));
    Reply free = fromClient(client, "POST", "/v1/auth/signup", null,
        Map.of("email", "fresh-" + UUID.randomUUID() + "@example.com", "password", Api.PASSWORD));
    assertThat(taken.status()).isEqualTo(202);
    assertThat(free.status()).isEqualTo(202);
    assertThat(taken.json()).isEqualTo(free.json());
  }

  @Test
  void api6_loginDoesNotTellAnUnknownEmailFromAWrongPassword() {
    Reply unknown = api.post("/v1/auth/login", null, Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com",
        "password", "wrong-password-1", "deviceId", "d"));
    Reply wrong = api.post("/v1/auth/login", null, Map.of("email", "owasp-analyst@example.com",
        "password", "wrong-password-1", "deviceId", "d"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.json()).isEqualTo(wrong.json());
    assertThat(unknown.text("reason")).isEqualTo("invalid_credentials");
  }

  @Test
  void api6_massDeviceCodesFromOneClientAreRefused() {
    String client = nextClient();
    for (int i = 0; i < 3; i++) {
      assertThat(fromClient(client, "POST", "/v1/auth/device/code", null, Map.of("deviceId", "farm-" + i)).status())
          .isEqualTo(200);
    }
    Reply refused = fromClient(client, "POST", "/v1/auth/device/code", null, Map.of("deviceId", "farm-9"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("reason")).isEqualTo("rate_limited");
    assertThat(fromClient(nextClient(), "POST", "/v1/auth/device/code", null, Map.of("deviceId", "honest-tv")).status())
        .as("another client is not affected").isEqualTo(200);
  }

  // ---------------------------------------------------------------- API7 server side request forgery

  @Test
  void api7_aMediaPathThatIsAUrlIsRefusedAndNeverFetched() {
    int before = CANARY.requests().size();
    for (String url : List.of(CANARY.url() + "/vod", "//127.0.0.1:" + URI.create(CANARY.url()).getPort() + "/x",
        "file:///etc/passwd", "../../etc", "vod/../../x")) {
      Reply r = api.put("/v1/admin/titles/" + movie + "/media", editor.accessToken(), Map.of("mediaPath", url));
      assertThat(r.status()).as(url).isEqualTo(422);
      assertThat(r.json().toString()).as(url).contains("mediaPath");
    }
    assertThat(CANARY.requests()).hasSize(before);
  }

  @Test
  void api7_uploadMetadataNamingAUrlIsStoredAsANameAndNeverFetched() {
    int before = CANARY.requests().size();
    Reply byUrl = api.send("POST", "/v1/admin/uploads", editor.accessToken(), null, "Tus-Resumable", "1.0.0",
        "Upload-Length", "4", "Upload-Metadata", "titleId " + b64(CANARY.url() + "/title") + ",filename "
            + b64(CANARY.url() + "/source.mp4"));
    assertThat(byUrl.status()).as("a URL is no title id").isEqualTo(404);
    Reply named = api.send("POST", "/v1/admin/uploads", editor.accessToken(), null, "Tus-Resumable", "1.0.0",
        "Upload-Length", "0", "Upload-Metadata", "titleId " + b64(movie) + ",filename " + b64(CANARY.url() + "/a.mp4"));
    assertThat(named.status()).isEqualTo(201);
    assertThat(CANARY.requests()).hasSize(before);
  }

  @Test
  void api7_artworkUrlsAreStoredAndServedButNeverFetched() {
    int before = CANARY.requests().size();
    Map<String, Object> t = Api.title("movie", "Canary", "ALL", List.of("Drama"), Api.openIn("DE"));
    t.put("artwork", List.of(Map.of("kind", "poster", "url", CANARY.url() + "/poster.jpg")));
    Reply created = api.post("/v1/admin/titles", editor.accessToken(), t);
    assertThat(created.status()).isEqualTo(201);
    Reply viewed = api.get("/v1/catalog/titles/" + created.text("id") + "?profileId=" + bob.profileId(), bob.accessToken());
    assertThat(viewed.status()).isEqualTo(200);
    assertThat(viewed.json().toString()).contains(CANARY.url() + "/poster.jpg");
    api.get("/v1/catalog/browse?profileId=" + bob.profileId(), bob.accessToken());
    assertThat(CANARY.requests()).hasSize(before);
  }

  // ---------------------------------------------------------------- API8 security misconfiguration

  @Test
  void api8_aServerErrorCarriesNoExceptionOrSqlText() throws Exception {
    try (Connection c = DB.connect()) {
      c.createStatement().execute("ALTER TABLE media_jobs RENAME TO media_jobs_moved_by_owasp_probe");
    }
    try {
      Reply r = api.get("/v1/admin/titles/" + movie + "/media-jobs", editor.accessToken());
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().path("code").asInt()).isEqualTo(500);
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("media_jobs").doesNotContain("SELECT")
          .doesNotContain("Exception").doesNotContain("org.").doesNotContain("\tat ").doesNotContain("relation");
    } finally {
      try (Connection c = DB.connect()) {
        c.createStatement().execute("ALTER TABLE media_jobs_moved_by_owasp_probe RENAME TO media_jobs");
      }
    }
  }

  @Test
  void api8_traceIsRefused() throws Exception {
    HttpResponse<String> r = raw("TRACE", "/v1/account", bob.accessToken(), null, null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).doesNotContain(bob.accessToken());
  }

  @Test
  void api8_corsNeverAnswersStarOrAForeignOrigin() {
    Reply foreign = api.send("OPTIONS", "/v1/account", null, null, "Origin", "https://evil.example",
        "Access-Control-Request-Method", "GET");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
    Reply listed = api.send("GET", "/v1/account", bob.accessToken(), null, "Origin", "https://app.example.com");
    assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(listed.header("Access-Control-Allow-Credentials")).isNull();
    Reply nullOrigin = api.send("GET", "/v1/account", bob.accessToken(), null, "Origin", "null");
    assertThat(nullOrigin.header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void api8_errorsAreJsonWithTheirCode() throws Exception {
    Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
    answers.put("unknown route", raw("GET", "/v1/no-such-thing", bob.accessToken(), null, null));
    answers.put("wrong method", raw("PATCH", "/v1/account", bob.accessToken(), "application/json", "{}"));
    answers.put("wrong content type", raw("POST", "/v1/auth/login", null, "application/xml", "<login/>"));
    answers.put("not JSON", raw("POST", "/v1/auth/login", null, "application/json", "{\"email\":"));
    Map<String, Integer> expected = Map.of("unknown route", 404, "wrong method", 405, "wrong content type", 415,
        "not JSON", 400);
    for (var a : answers.entrySet()) {
      HttpResponse<String> r = a.getValue();
      assertThat(r.statusCode()).as(a.getKey()).isEqualTo(expected.get(a.getKey()));
      assertThat(r.headers().firstValue("Content-Type").orElse("")).as(a.getKey()).startsWith("application/json");
      assertThat(Api.JSON.readTree(r.body()).path("code").asInt()).as(a.getKey()).isEqualTo(r.statusCode());
      assertThat(r.body()).as(a.getKey()).doesNotContain("Exception").doesNotContain("org.").doesNotContain("jakarta.");
    }
  }

  // ---------------------------------------------------------------- API9 improper inventory management

  @Test
  void api9_openApiListsExactlyTheRoutesJerseyServes() throws Exception {
    JsonNode doc;
    try (InputStream in = URI.create(api.base() + "/openapi.yaml").toURL().openStream()) {
      doc = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    Set<String> documented = new TreeSet<>();
    doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(m)) {
        documented.add(m.toUpperCase() + " " + shape(p.getKey()));
      }
    }));
    Set<String> served = new TreeSet<>();
    endpoints.forEach(e -> served.add(e.method() + " " + shape(e.normalized())));
    assertThat(documented).as("documented in openapi.yaml").isEqualTo(served);
  }

  // ---------------------------------------------------------------- API10 unsafe consumption of APIs

  @Test
  void api10_aHealthyGuardAtTheLimitRefusesTheGrant() {
    Session carol = api.withProfile(viewer("carol-" + UUID.randomUUID() + "@example.com", "carol-tv"), "Carol", false);
    GUARD_SESSIONS.put(carol.accountId(), List.of("ses-elsewhere"));
    Reply r = grant(carol);
    assertThat(r.status()).as("proves the guard is asked: basic allows 1 stream").isEqualTo(429);
    assertThat(r.text("reason")).isEqualTo("stream_limit_reached");
  }

  @Test
  void api10_aMalformedGuardAnswerIsDecidedByPolicy() {
    assertDecidedWithoutGuard(e -> ScriptedHttpServer.send(e, 200, "application/json", "{\"account_id\":".getBytes()));
  }

  @Test
  void api10_aGuardAnswerOfAnotherShapeIsDecidedByPolicy() {
    assertDecidedWithoutGuard(e -> ScriptedHttpServer.send(e, 200, "application/json",
        "{\"active\":0,\"limit\":1}".getBytes()));
  }

  @Test
  void api10_aGuardAnswerForAnotherAccountIsDecidedByPolicy() {
    assertDecidedWithoutGuard(e -> ScriptedHttpServer.send(e, 200, "application/json",
        ActiveStreamsAnswer.of(bob.accountId(), List.of(), 1).toJson().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void api10_aHugeGuardAnswerIsDecidedByPolicy() {
    byte[] huge = ("{\"account_id\":\"" + "x".repeat(8 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertDecidedWithoutGuard(e -> ScriptedHttpServer.send(e, 200, "application/json", huge));
  }

  @Test
  void api10_aSlowGuardIsDecidedByPolicyWithinTheTimeout() {
    CountDownLatch release = new CountDownLatch(1);
    try {
      long started = System.nanoTime();
      assertDecidedWithoutGuard(e -> {
        release.await(30, TimeUnit.SECONDS);
        healthyGuard(e);
      });
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 1 s guard timeout bounds the wait")
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      release.countDown();
    }
  }

  @Test
  void api10_aFailingGuardsStackTraceNeverReachesTheViewer() {
    String trace = "java.lang.IllegalStateException: store not ready\n\tat org.apache.kafka.streams.Foo(Foo.java:1)";
    Reply r = assertDecidedWithoutGuard(e -> ScriptedHttpServer.send(e, 500, "text/plain", trace.getBytes()));
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("IllegalStateException")
        .doesNotContain("org.apache");
  }

  @Test
  void api10_aGuardRedirectLoopIsDecidedByPolicy() {
    assertDecidedWithoutGuard(e -> {
      e.getResponseHeaders().set("Location", e.getRequestURI().toString());
      e.sendResponseHeaders(307, -1);
    });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A grant while the guard plays {@code script}: ALLOW (the shipped policy) grants it, and the metric of
   * decisions taken without the guard rises by one, so the answer was judged unusable, not read as "nothing plays".
   */
  private static Reply assertDecidedWithoutGuard(ScriptedHttpServer.Script script) {
    Session viewer = api.withProfile(viewer("g-" + UUID.randomUUID() + "@example.com", "tv"), "G", false);
    double before = decisionsWithoutGuard();
    GUARD.play(script);
    Reply r = grant(viewer);
    assertThat(r.status()).as(r.json().toString()).isEqualTo(200);
    assertThat(r.text("sessionId")).isNotBlank();
    assertThat(decisionsWithoutGuard()).isEqualTo(before + 1);
    return r;
  }

  private static final Pattern ALLOW_METRIC = Pattern.compile(
      "(?m)^ott_playback_guard_unavailable_decisions_total\\{policy=\"allow\",?} (\\S+)$");

  private static double decisionsWithoutGuard() {
    String text = new String(api.getAbsolute("http://127.0.0.1:" + APP.getAdminPort() + "/prometheus").body(),
        StandardCharsets.UTF_8);
    var m = ALLOW_METRIC.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static void healthyGuard(com.sun.net.httpserver.HttpExchange e) throws IOException {
    String account = GuardApi.accountOf(e.getRequestURI().getRawPath()).orElse("?");
    ScriptedHttpServer.send(e, 200, GuardApi.CONTENT_TYPE, ActiveStreamsAnswer.of(account,
        GUARD_SESSIONS.getOrDefault(account, List.of()), 1).toJson().getBytes(StandardCharsets.UTF_8));
  }

  private static Reply grant(Session s) {
    return api.post("/v1/playback", s.accessToken(), Map.of("profileId", s.profileId(), "titleId", movie));
  }

  /** Calls an endpoint with plausible values (the caller's own ids) and an empty JSON object where a body goes. */
  private static Reply call(Endpoint e, String token) {
    String path = e.path(pathValues());
    if (e.method().equals("PATCH")) {
      return rawPatch(path, token, "0", new byte[0]);
    }
    Object body = Set.of("POST", "PUT").contains(e.method()) && e.consumesJson() ? Map.of() : null;
    return api.send(e.method(), path, token, body, "Tus-Resumable", "1.0.0", "If-Match", "\"1\"");
  }

  private static Map<String, String> pathValues() {
    Map<String, String> v = new HashMap<>();
    v.put("titleId", movie);
    v.put("profileId", bob.profileId());
    v.put("accountId", bob.accountId());
    v.put("deviceId", "no-such-device");
    v.put("sessionId", aliceSession);
    v.put("id", "up-nosuchupload");
    v.put("uploadId", "up-nosuchupload");
    v.put("token", "x.y.z");
    v.put("path", "vod/kids/master.m3u8");
    return v;
  }

  private static Reply rawPatch(String path, String token, String offset, byte[] body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
          .header("Tus-Resumable", "1.0.0").header("Upload-Offset", offset)
          .header("Content-Type", "application/offset+octet-stream")
          .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = r.body().length == 0 ? Api.JSON.nullNode() : Api.JSON.readTree(r.body());
      return new Reply(r.statusCode(), json, r.body(), r.headers());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("PATCH " + path, e);
    }
  }

  private static HttpResponse<String> raw(String method, String path, String token, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The token with its header kept and its claims edited, signed HS256 with {@code secret}. */
  private static String resign(String token, String secret, java.util.function.UnaryOperator<JWTClaimsSet> edit)
      throws Exception {
    SignedJWT original = SignedJWT.parse(token);
    SignedJWT jwt = new SignedJWT(original.getHeader(), edit.apply(original.getJWTClaimsSet()));
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static void assertUnauthorized(Reply r) {
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.text("reason")).isEqualTo("unauthorized");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
  }

  /** A viewer signed up from an address of its own (sign-ups are limited per client), logged in. */
  private static Session viewer(String email, String device) {
    Reply signup = fromClient(nextClient(), "POST", "/v1/auth/signup", null,
        Map.of("email", email, "password", Api.PASSWORD));
    assertThat(signup.status()).as(signup.json().toString()).isEqualTo(202);
    return api.login(email, device);
  }

  private static String nextClient() {
    int n = CLIENTS.incrementAndGet();
    return "198.51." + (n / 250) + "." + (n % 250 + 1);
  }

  /** 127.0.0.1 is a trusted proxy in the test config: X-Forwarded-For names the client, as a CDN would. */
  private static Reply fromClient(String client, String method, String path, String token, Object body) {
    return api.send(method, path, token, body, "X-Forwarded-For", client);
  }

  /** Path parameters are compared by position: openapi.yaml names an upload {uploadId}, Jersey {id}. */
  private static String shape(String template) {
    return template.replaceAll("\\{[^}]*}", "{}");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Path origin() {
    Path dir = tempDir("ott-owasp-origin-");
    try {
      Files.writeString(Files.createDirectories(dir.resolve("vod/kids")).resolve("master.m3u8"), "#EXTM3U\n");
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
