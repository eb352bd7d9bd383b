package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Account deletion against the real service and PostgreSQL: the password is asked again, every table of serving
 * data loses the account's rows (checked in the database, table by table), the lake's erasure request carries the
 * profile ids batch-jobs' {@code erase} takes, the receipt names it, and the account cannot log in any more.
 */
class AccountDeletionIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, Path.of("target"));

  private static Api api;
  private static Session admin;
  private static String movie;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
    admin = api.adminLogin("ops@example.com", "ops");
    Reply t = api.post("/v1/admin/titles", admin.accessToken(),
        Api.title("movie", "Deletion Test Movie", "ALL", List.of("drama"), Api.openIn("DE")));
    assertThat(t.status()).as(t.json().toString()).isEqualTo(201);
    movie = t.text("id");
  }

  /** An account with two profiles, two logins, progress, a recommendation impression and a queued reset mail. */
  private static Session populated(String email) throws Exception {
    Session phone = api.withProfile(api.signUpAndLogin(email, "phone"), "Main", false);
    Session kid = api.withProfile(phone, "Kid", true);
    api.login(email, "tv");
    try (Connection c = DB.connect()) {
      for (String profile : List.of(phone.profileId(), kid.profileId())) {
        update(c, "INSERT INTO watch_progress (profile_id, title_id, position_ms, device_id, updated_at)"
            + " VALUES (?, ?, 1000, 'phone', now())", profile, movie);
        update(c, "INSERT INTO rec_impressions (served_at, request_id, profile_id, surface, arm, model_version,"
            + " title_ids) VALUES (now(), 'r1', ?, 'for_you', 'a', 'v1', ARRAY[?])", profile, movie);
      }
    }
    assertThat(api.post("/v1/auth/password-reset", null, Map.of("email", email)).status()).isEqualTo(202);
    assertThat(rowsOf(phone.accountId(), email, List.of(phone.profileId(), kid.profileId())).values())
        .as("the fixture has a row in every table").allMatch(n -> n > 0);
    return new Session(phone.accountId(), phone.accessToken(), phone.refreshToken(), "phone",
        phone.profileId() + "," + kid.profileId());
  }

  @Test
  void deletingTheAccountErasesItsServingDataAndAnswersWithTheLakesReceipt() throws Exception {
    Session alice = populated("alice-deletes@example.com");
    Session bob = populated("bob-stays@example.com");
    List<String> aliceProfiles = List.of(alice.profileId().split(","));
    Instant before = Instant.now().minusSeconds(1);

    Reply wrong = api.send("DELETE", "/v1/account", alice.accessToken(), Map.of("password", "not-the-password"));
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(wrong.text("reason")).isEqualTo("wrong_password");
    assertThat(api.get("/v1/account", alice.accessToken()).status()).as("nothing deleted").isEqualTo(200);

    Reply receipt = api.send("DELETE", "/v1/account", alice.accessToken(), Map.of("password", Api.PASSWORD));
    assertThat(receipt.status()).as(receipt.json().toString()).isEqualTo(202);
    assertThat(receipt.header("Cache-Control")).isEqualTo("no-store");
    UUID requestId = UUID.fromString(receipt.text("requestId"));
    assertThat(texts(receipt.json().get("profileIds"))).containsExactlyInAnyOrderElementsOf(aliceProfiles);
    assertThat(Instant.parse(receipt.text("requestedAt"))).isBetween(before, Instant.now().plusSeconds(1));
    assertThat(receipt.text("status")).isEqualTo("pending");

    assertThat(rowsOf(alice.accountId(), "alice-deletes@example.com", aliceProfiles)).as("every table lost the account's rows")
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    assertThat(rowsOf(bob.accountId(), "bob-stays@example.com", List.of(bob.profileId().split(","))).values())
        .as("another account keeps everything").allMatch(n -> n > 0);
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT profile_ids, completed_at FROM erasure_requests WHERE id = ?")) {
      ps.setObject(1, requestId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Array ids = rs.getArray(1);
        assertThat(List.of((String[]) ids.getArray())).containsExactlyInAnyOrderElementsOf(aliceProfiles);
        assertThat(rs.getTimestamp(2)).isNull();
      }
    }

    assertThat(api.get("/v1/account", alice.accessToken()).status()).as("its access token").isEqualTo(401);
    assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", alice.refreshToken())).status())
        .as("its refresh token").isEqualTo(401);
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "alice-deletes@example.com", "password", Api.PASSWORD,
        "deviceId", "phone")).status()).as("its password").isEqualTo(401);
  }

  @Test
  void adminsListPendingErasureRequestsAndMarkThemComplete() throws Exception {
    Session carol = populated("carol-deletes@example.com");
    Reply receipt = api.send("DELETE", "/v1/account", carol.accessToken(), Map.of("password", Api.PASSWORD));
    String id = receipt.text("requestId");

    Reply pending = api.get("/v1/admin/erasure-requests", admin.accessToken());
    assertThat(pending.status()).isEqualTo(200);
    JsonNode listed = find(pending.json(), id);
    assertThat(listed).as("listed while pending").isNotNull();
    assertThat(texts(listed.get("profileIds"))).containsExactlyInAnyOrder(carol.profileId().split(","));
    assertThat(listed.get("message").asText()).contains("./ott batch erase --profile-id");

    Session viewer = api.signUpAndLogin("curious@example.com", "phone");
    assertThat(api.get("/v1/admin/erasure-requests", viewer.accessToken()).status()).isEqualTo(403);
    assertThat(api.post("/v1/admin/erasure-requests/" + id + "/complete", viewer.accessToken(), "").status())
        .isEqualTo(403);

    Reply done = api.post("/v1/admin/erasure-requests/" + id + "/complete", admin.accessToken(), "");
    assertThat(done.status()).as(done.json().toString()).isEqualTo(200);
    assertThat(done.text("status")).isEqualTo("completed");
    assertThat(find(api.get("/v1/admin/erasure-requests", admin.accessToken()).json(), id)).isNull();
    assertThat(find(api.get("/v1/admin/erasure-requests?status=all", admin.accessToken()).json(), id)).isNotNull();

    Reply badId = api.post("/v1/admin/erasure-requests/not-a-uuid/complete", admin.accessToken(), "");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.text("message")).contains("not-a-uuid");
    assertThat(api.post("/v1/admin/erasure-requests/" + UUID.randomUUID() + "/complete", admin.accessToken(), "")
        .status()).isEqualTo(404);
    Reply badStatus = api.get("/v1/admin/erasure-requests?status=done", admin.accessToken());
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(badStatus.text("message")).contains("'done'");
    assertThat(api.get("/v1/admin/erasure-requests?limit=abc", admin.accessToken()).status()).isEqualTo(400);
  }

  @Test
  void aDeletionWithoutThePasswordIsRefusedNamingTheField() {
    Session dave = api.signUpAndLogin("dave@example.com", "phone");
    Reply noBody = api.send("DELETE", "/v1/account", dave.accessToken(), null);
    assertThat(noBody.status()).isEqualTo(422);
    Reply blank = api.send("DELETE", "/v1/account", dave.accessToken(), Map.of("password", ""));
    assertThat(blank.status()).isEqualTo(422);
    assertThat(blank.json().toString()).contains("password");
    assertThat(api.send("DELETE", "/v1/account", null, Map.of("password", Api.PASSWORD)).status()).isEqualTo(401);
    assertThat(api.get("/v1/account", dave.accessToken()).status()).isEqualTo(200);
  }

  /** Rows per table that belong to the account or its profiles (every table of serving data that has any). */
  private static Map<String, Integer> rowsOf(String account, String email, List<String> profiles) throws Exception {
    Map<String, String> byAccount = new LinkedHashMap<>();
    byAccount.put("accounts", "SELECT count(*) FROM accounts WHERE id = ?");
    byAccount.put("profiles", "SELECT count(*) FROM profiles WHERE account_id = ?");
    byAccount.put("devices", "SELECT count(*) FROM devices WHERE account_id = ?");
    byAccount.put("token_families", "SELECT count(*) FROM token_families WHERE account_id = ?");
    byAccount.put("refresh_tokens", "SELECT count(*) FROM refresh_tokens r JOIN token_families f"
        + " ON f.id = r.family_id WHERE f.account_id = ?");
    byAccount.put("password_reset_tokens", "SELECT count(*) FROM password_reset_tokens WHERE account_id = ?");
    byAccount.put("account_plan_outbox", "SELECT count(*) FROM account_plan_outbox WHERE account_id = ?");
    Map<String, String> byProfiles = new LinkedHashMap<>();
    byProfiles.put("watch_progress", "SELECT count(*) FROM watch_progress WHERE profile_id = ANY(?)");
    byProfiles.put("rec_impressions", "SELECT count(*) FROM rec_impressions WHERE profile_id = ANY(?)");
    Map<String, Integer> rows = new LinkedHashMap<>();
    try (Connection c = DB.connect()) {
      for (Map.Entry<String, String> e : byAccount.entrySet()) {
        rows.put(e.getKey(), count(c, e.getValue(), account));
      }
      rows.put("mail_outbox", count(c, "SELECT count(*) FROM mail_outbox WHERE recipient = ?", email));
      for (Map.Entry<String, String> e : byProfiles.entrySet()) {
        rows.put(e.getKey(), count(c, e.getValue(), c.createArrayOf("text", profiles.toArray())));
      }
    }
    return rows;
  }

  private static int count(Connection c, String sql, Object param) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static void update(Connection c, String sql, String... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static JsonNode find(JsonNode list, String requestId) {
    for (JsonNode n : list) {
      if (n.path("requestId").asText().equals(requestId)) {
        return n;
      }
    }
    return null;
  }
}
