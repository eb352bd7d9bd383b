package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #14's account findings against the real service and PostgreSQL: throttles keyed by the client behind
 * trusted proxies (the test's 127.0.0.1 is one, so X-Forwarded-For names the client as a CDN would), sign-up
 * that does not reveal who has an account, rate limits on sign-up and device codes, the device shown before it
 * is approved, and sessions revoked by password and role changes and by an admin.
 */
class AccountSecurityIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, Path.of("target"),
          ConfigOverride.config("auth.signupsPerAddressPerHour", "3"),
          ConfigOverride.config("auth.deviceCodesPerAddressPerHour", "3"));

  private static Api api;
  private static Session admin;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
    admin = api.adminLogin("root@example.com", "ops");
  }

  private static int clients = 100;

  /** A viewer signed up from an address of its own (sign-ups are rate limited per address), logged in. */
  private static Session viewer(String email, String device) {
    Reply signup = from("198.51.100." + clients++, "POST", "/v1/auth/signup", null,
        Map.of("email", email, "password", Api.PASSWORD));
    assertThat(signup.status()).as(signup.json().toString()).isEqualTo(202);
    return api.login(email, device);
  }

  private static Reply from(String client, String method, String path, String token, Object body) {
    return api.send(method, path, token, body, "X-Forwarded-For", client);
  }

  @Test
  void signUpAnswersTheSameForAFreeAndATakenEmail() {
    Reply fresh = from("198.51.100.1", "POST", "/v1/auth/signup", null,
        Map.of("email", "taken@example.com", "password", Api.PASSWORD));
    Reply again = from("198.51.100.1", "POST", "/v1/auth/signup", null,
        Map.of("email", "TAKEN@example.com", "password", "another-password-2"));
    assertThat(fresh.status()).isEqualTo(202);
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json()).as("nothing tells the second from the first").isEqualTo(fresh.json());
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "taken@example.com", "password",
        "another-password-2", "deviceId", "d")).status()).as("the taken account keeps its password").isEqualTo(401);
  }

  @Test
  void signUpIsRateLimitedPerClientBehindTheTrustedProxy() {
    for (int i = 0; i < 3; i++) {
      assertThat(from("198.51.100.2", "POST", "/v1/auth/signup", null,
          Map.of("email", "burst" + i + "@example.com", "password", Api.PASSWORD)).status()).isEqualTo(202);
    }
    Reply refused = from("198.51.100.2", "POST", "/v1/auth/signup", null,
        Map.of("email", "burst9@example.com", "password", Api.PASSWORD));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("reason")).isEqualTo("rate_limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
    assertThat(from("198.51.100.3", "POST", "/v1/auth/signup", null,
        Map.of("email", "burst9@example.com", "password", Api.PASSWORD)).status())
        .as("another client behind the same proxy").isEqualTo(202);
  }

  @Test
  void anAddressThatGuessesIsThrottledWithoutLockingOutOthersBehindTheSameProxy() {
    viewer("victim@example.com", "tv");
    // test-config: 3 free failures per account, then a delay; 50 failures per client address
    for (int i = 0; i < 3; i++) {
      assertThat(from("198.51.100.66", "POST", "/v1/auth/login", null, Map.of("email", "victim@example.com",
          "password", "guess-" + i, "deviceId", "d")).status()).isEqualTo(401);
    }
    Reply delayed = from("198.51.100.66", "POST", "/v1/auth/login", null,
        Map.of("email", "victim@example.com", "password", Api.PASSWORD, "deviceId", "tv"));
    assertThat(delayed.status()).isEqualTo(429);
    assertThat(Long.parseLong(delayed.header("Retry-After"))).as("a short delay, not a lock-out").isBetween(1L, 2L);
    // before, every client behind the proxy shared its address: one guesser locked all of them out
    Session other = viewer("neighbour@example.com", "tv");
    assertThat(from("198.51.100.67", "POST", "/v1/auth/login", null, Map.of("email", "neighbour@example.com",
        "password", Api.PASSWORD, "deviceId", "tv")).status()).isEqualTo(200);
    assertThat(other.accountId()).isNotBlank();
  }

  @Test
  void corsAnswersOnlyTheListedOrigins() {
    Reply preflight = api.send("OPTIONS", "/v1/auth/login", null, null, "Origin", "https://app.example.com",
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
    assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Authorization").contains("Content-Type");

    Reply foreign = api.send("OPTIONS", "/v1/auth/login", null, null, "Origin", "https://evil.example",
        "Access-Control-Request-Method", "POST");
    assertThat(foreign.status()).isEqualTo(403);
    assertThat(foreign.text("message")).contains("'https://evil.example' is not in cors.allowedOrigins");
    assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();

    Reply listed = api.send("GET", "/v1/account", null, null, "Origin", "https://app.example.com");
    assertThat(listed.header("Access-Control-Allow-Origin")).as("errors are labelled too").isEqualTo("https://app.example.com");
    assertThat(listed.header("Access-Control-Expose-Headers")).contains("Retry-After");
    assertThat(api.send("GET", "/v1/account", null, null, "Origin", "https://evil.example")
        .header("Access-Control-Allow-Origin")).isNull();
  }

  @Test
  void tokenResponsesAreNeverCached() {
    Session s = viewer("nostore@example.com", "tv");
    Reply login = api.post("/v1/auth/login", null, Map.of("email", "nostore@example.com", "password", Api.PASSWORD,
        "deviceId", "tv"));
    assertThat(login.header("Cache-Control")).isEqualTo("no-store");
    Reply refreshed = api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken()));
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndSignsOutEverySession() {
    Session tv = viewer("changer@example.com", "tv");
    Session phone = api.login("changer@example.com", "phone");
    Reply wrong = api.post("/v1/auth/password", phone.accessToken(),
        Map.of("currentPassword", "not-the-password", "newPassword", "a-brand-new-password"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.text("reason")).isEqualTo("wrong_password");
    assertThat(api.post("/v1/auth/password", phone.accessToken(),
        Map.of("currentPassword", Api.PASSWORD, "newPassword", "short")).status()).isEqualTo(422);

    Reply changed = api.post("/v1/auth/password", phone.accessToken(),
        Map.of("currentPassword", Api.PASSWORD, "newPassword", "a-brand-new-password"));
    assertThat(changed.status()).as(changed.json().toString()).isEqualTo(200);
    assertThat(changed.json().path("revokedSessions").asInt()).isEqualTo(2);
    for (Session s : new Session[] {tv, phone}) {
      assertThat(api.get("/v1/account", s.accessToken()).status()).as(s.deviceId() + "'s access token").isEqualTo(401);
      assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", s.refreshToken())).text("reason"))
          .isEqualTo("session_revoked");
    }
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "changer@example.com", "password",
        "a-brand-new-password", "deviceId", "tv")).status()).isEqualTo(200);
  }

  @Test
  void aRoleChangeRevokesTheAccountsSessionsAndAnAdminCanRevokeThem() {
    Session editor = viewer("promoted-editor@example.com", "cms");
    assertThat(api.put("/v1/admin/accounts/" + editor.accountId() + "/role", admin.accessToken(),
        Map.of("role", "editor")).status()).isEqualTo(200);
    assertThat(api.get("/v1/account", editor.accessToken()).status())
        .as("a token carrying the old role is dead at once").isEqualTo(401);

    Session again = api.login("promoted-editor@example.com", "cms");
    assertThat(api.get("/v1/account", again.accessToken()).text("role")).isEqualTo("editor");
    assertThat(api.post("/v1/admin/accounts/" + again.accountId() + "/revoke-sessions", again.accessToken(), null)
        .status()).as("only admins").isEqualTo(403);
    Reply revoked = api.post("/v1/admin/accounts/" + again.accountId() + "/revoke-sessions", admin.accessToken(), null);
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().path("revokedSessions").asInt()).isEqualTo(1);
    assertThat(api.get("/v1/account", again.accessToken()).status()).isEqualTo(401);
    assertThat(api.post("/v1/admin/accounts/acc-nobody/revoke-sessions", admin.accessToken(), null).status())
        .isEqualTo(404);
  }

  @Test
  void theDeviceIsShownBeforeApprovalAndACodeTakesFewAttempts() {
    Session phone = viewer("approver@example.com", "phone");
    Reply code = from("198.51.100.40", "POST", "/v1/auth/device/code", null,
        Map.of("deviceId", "bedroom-tv", "deviceName", "Bedroom TV"));
    assertThat(code.header("Cache-Control")).isEqualTo("no-store");
    String userCode = code.text("userCode");

    Reply pending = api.get("/v1/auth/device/pending?userCode=" + userCode, phone.accessToken());
    assertThat(pending.status()).as(pending.json().toString()).isEqualTo(200);
    assertThat(pending.text("deviceName")).isEqualTo("Bedroom TV");
    assertThat(pending.text("deviceId")).isEqualTo("bedroom-tv");
    assertThat(api.get("/v1/auth/device/pending?userCode=" + userCode, null).status()).isEqualTo(401);

    // 5 looks or approvals per code in all: the 2 above count (one refused as unauthenticated does not)
    for (int i = 0; i < 4; i++) {
      assertThat(api.get("/v1/auth/device/pending?userCode=" + userCode, phone.accessToken()).status()).isEqualTo(200);
    }
    Reply tooMany = api.post("/v1/auth/device/approve", phone.accessToken(), Map.of("userCode", userCode));
    assertThat(tooMany.status()).isEqualTo(429);
    assertThat(tooMany.text("reason")).isEqualTo("too_many_attempts");
  }

  @Test
  void deviceCodesAreRateLimitedAndExpiredOnesCleanedUp() throws Exception {
    try (Connection c = DB.connect()) {
      c.createStatement().execute("""
          INSERT INTO device_authorizations (device_code_hash, user_code, device_id, device_name, expires_at,
            interval_seconds) VALUES ('\\\\x01', 'GONE-GONE', 'old-tv', 'old', now() - interval '2 hours', 5)""");
    }
    for (int i = 0; i < 3; i++) {
      assertThat(from("198.51.100.50", "POST", "/v1/auth/device/code", null, Map.of("deviceId", "tv-" + i))
          .status()).isEqualTo(200);
    }
    Reply refused = from("198.51.100.50", "POST", "/v1/auth/device/code", null, Map.of("deviceId", "tv-9"));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("reason")).isEqualTo("rate_limited");
    try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT count(*) FROM device_authorizations WHERE user_code = 'GONE-GONE'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("a code expired for two hours is deleted").isZero();
    }
  }
}
