package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.serving.it.ServingApp.CliRun;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #14, "anyone can become admin": sign-up makes viewers whatever the e-mail, and the first admin
 * is made by the operator's {@code admin create} command (the service's own CLI, config and database).
 */
class AdminBootstrapIT {

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, Path.of("target"));

  private static Api api;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
  }

  @Test
  void signUpNeverMakesAnAdminWhateverTheEmail() {
    // the addresses the shipped and the test configuration used to list as admins
    for (String email : new String[] {"admin@localhost", "admin@example.com"}) {
      Session s = api.signUpAndLogin(email, "laptop");
      assertThat(api.get("/v1/account", s.accessToken()).text("role")).as(email).isEqualTo("viewer");
      assertThat(api.put("/v1/admin/accounts/" + s.accountId() + "/role", s.accessToken(), Map.of("role", "admin"))
          .status()).as(email + " promoting itself").isEqualTo(403);
    }
  }

  @Test
  void adminCreateMakesAnAdminWhoCanGiveRoles() throws Exception {
    Path password = passwordFile("first-admin-password");
    CliRun run = ServingApp.cli("admin", "create", "--email", "Root@Example.org", "--role", "admin",
        "--password-file", password.toString(), ServingApp.CONFIG);
    assertThat(run.ok()).as(run.err()).isTrue();

    Reply login = api.post("/v1/auth/login", null, Map.of("email", "root@example.org", "password",
        "first-admin-password", "deviceId", "ops-laptop"));
    assertThat(login.status()).as(login.json().toString()).isEqualTo(200);
    String token = login.text("accessToken");
    assertThat(api.get("/v1/account", token).text("role")).isEqualTo("admin");
    Session viewer = api.signUpAndLogin("promoted@example.com", "tv");
    assertThat(api.put("/v1/admin/accounts/" + viewer.accountId() + "/role", token, Map.of("role", "editor"))
        .text("role")).isEqualTo("editor");
  }

  @Test
  void anExistingAccountIsRefusedKeptOrUpdatedAsAsked() throws Exception {
    Session before = api.signUpAndLogin("existing@example.com", "tv");
    Path password = passwordFile("a-new-strong-password");

    CliRun refused = ServingApp.cli("admin", "create", "--email", "existing@example.com",
        "--password-file", password.toString(), ServingApp.CONFIG);
    assertThat(refused.ok()).isFalse();
    assertThat(refused.err()).contains("existing@example.com already exists").contains("--if-exists");

    CliRun kept = ServingApp.cli("admin", "create", "--email", "existing@example.com",
        "--password-file", password.toString(), "--if-exists", "keep", ServingApp.CONFIG);
    assertThat(kept.ok()).as(kept.err()).isTrue();
    assertThat(api.get("/v1/account", before.accessToken()).text("role")).isEqualTo("viewer");

    CliRun updated = ServingApp.cli("admin", "create", "--email", "existing@example.com",
        "--password-file", password.toString(), "--if-exists", "update", ServingApp.CONFIG);
    assertThat(updated.ok()).as(updated.err()).isTrue();
    assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", before.refreshToken())).text("reason"))
        .as("the old sessions are revoked").isEqualTo("session_revoked");
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "existing@example.com", "password",
        Api.PASSWORD, "deviceId", "tv")).status()).as("the old password").isEqualTo(401);
    Reply login = api.post("/v1/auth/login", null, Map.of("email", "existing@example.com", "password",
        "a-new-strong-password", "deviceId", "tv"));
    assertThat(api.get("/v1/account", login.text("accessToken")).text("role")).isEqualTo("admin");
  }

  @Test
  void badArgumentsAreNamed() throws Exception {
    Path shortPassword = passwordFile("short");
    CliRun badEmail = ServingApp.cli("admin", "create", "--email", "not-an-address",
        "--password-file", passwordFile("long-enough-password").toString(), ServingApp.CONFIG);
    assertThat(badEmail.ok()).isFalse();
    assertThat(badEmail.err()).contains("'not-an-address' is not an e-mail address");

    CliRun tooShort = ServingApp.cli("admin", "create", "--email", "short@example.com",
        "--password-file", shortPassword.toString(), ServingApp.CONFIG);
    assertThat(tooShort.err()).contains("10 to 128 characters (got 5)");

    CliRun noFile = ServingApp.cli("admin", "create", "--email", "nofile@example.com",
        "--password-file", "target/no-such-file", ServingApp.CONFIG);
    assertThat(noFile.err()).contains("--password-file 'target/no-such-file' is not a readable file");

    CliRun noTerminal = ServingApp.cli("admin", "create", "--email", "noterm@example.com", ServingApp.CONFIG);
    assertThat(noTerminal.ok()).isFalse();
    assertThat(noTerminal.err()).as("no password argument exists; a test has no terminal")
        .contains("no terminal to read the password from");

    CliRun badRole = ServingApp.cli("admin", "create", "--email", "role@example.com", "--role", "root",
        "--password-file", passwordFile("long-enough-password").toString(), ServingApp.CONFIG);
    assertThat(badRole.ok()).isFalse();
    assertThat(badRole.err()).contains("root");
  }

  private static Path passwordFile(String password) throws Exception {
    Path file = Files.createTempFile(Path.of("target"), "password", ".txt");
    Files.writeString(file, password + "\n");
    return file;
  }
}
