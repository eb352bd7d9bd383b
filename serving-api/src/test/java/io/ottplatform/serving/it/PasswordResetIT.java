package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.serving.it.Api.Reply;
import io.ottplatform.serving.it.Api.Session;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Password reset by e-mail against the real service, PostgreSQL and a real SMTP server in this JVM (GreenMail, on a
 * free port): the mail goes through the outbox and the sender, its link works once, and nothing tells an existing
 * account from a missing one. Each test asks from client addresses of its own (127.0.0.1 is a trusted proxy, so
 * X-Forwarded-For names the client) because requests are rate limited per address.
 */
class PasswordResetIT {

  private static final Pattern TOKEN = Pattern.compile("https://app\\.example\\.com/reset#token=([A-Za-z0-9_-]+)");
  private static final String NEW_PASSWORD = "a-brand-new-password-9";

  @RegisterExtension @Order(0) static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);
  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, Path.of("target"),
          ConfigOverride.config("mail.smtpHost", "127.0.0.1"),
          ConfigOverride.config("mail.smtpPort", () -> String.valueOf(SMTP.getSmtp().getPort())),
          ConfigOverride.config("mail.from", "OTT <no-reply@ott.example>"),
          ConfigOverride.config("mail.pollInterval", "100 milliseconds"),
          ConfigOverride.config("auth.passwordResetUrl", "https://app.example.com/reset"),
          ConfigOverride.config("auth.passwordResetsPerAddressPerHour", "4"),
          ConfigOverride.config("auth.passwordResetMailsPerEmailPerHour", "2"));

  private static Api api;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
  }

  private static Reply reset(String client, String email) {
    return api.send("POST", "/v1/auth/password-reset", null, Map.of("email", email), "X-Forwarded-For", client);
  }

  @Test
  void theMailArrivesAndItsLinkSetsThePasswordOnceAndEndsEverySession() throws Exception {
    Session phone = api.signUpAndLogin("reset-me@example.com", "phone");
    Session tv = api.login("reset-me@example.com", "tv");

    Reply accepted = reset("203.0.113.1", "Reset-Me@example.com");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.header("Cache-Control")).isEqualTo("no-store");

    MimeMessage mail = awaitMailTo("reset-me@example.com");
    assertThat(mail.getSubject()).isEqualTo("Reset your password");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("OTT <no-reply@ott.example>");
    String token = tokenIn(mail);
    assertThat((String) mail.getContent()).contains("within 30 minutes");
    try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT t.token_hash FROM password_reset_tokens t JOIN accounts a ON a.id = t.account_id"
            + " WHERE a.email = 'reset-me@example.com'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBytes(1)).as("only the token's SHA-256 is stored").isEqualTo(sha256(token));
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        query("SELECT body FROM mail_outbox WHERE recipient = 'reset-me@example.com' AND sent_at IS NOT NULL"))
        .as("a sent mail's one-time link is not kept").containsExactly(""));

    Reply confirmed = api.post("/v1/auth/password-reset/confirm", null,
        Map.of("token", token, "newPassword", NEW_PASSWORD));
    assertThat(confirmed.status()).as(confirmed.json().toString()).isEqualTo(200);
    assertThat(confirmed.header("Cache-Control")).isEqualTo("no-store");

    assertThat(api.get("/v1/account", phone.accessToken()).status()).as("every session ends").isEqualTo(401);
    assertThat(api.get("/v1/account", tv.accessToken()).status()).isEqualTo(401);
    assertThat(api.post("/v1/auth/refresh", null, Map.of("refreshToken", tv.refreshToken())).text("reason"))
        .isEqualTo("session_revoked");
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "reset-me@example.com", "password", Api.PASSWORD,
        "deviceId", "phone")).status()).as("the old password is gone").isEqualTo(401);
    assertThat(api.post("/v1/auth/login", null, Map.of("email", "reset-me@example.com", "password", NEW_PASSWORD,
        "deviceId", "phone")).status()).isEqualTo(200);

    Reply again = api.post("/v1/auth/password-reset/confirm", null,
        Map.of("token", token, "newPassword", "yet-another-password-3"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.text("reason")).isEqualTo("reset_token_used");
  }

  @Test
  void anUnknownEmailGetsTheSameAnswerAndNoMailIsQueued() throws Exception {
    api.signUpAndLogin("known@example.com", "phone");

    Reply unknown = reset("203.0.113.2", "nobody@example.com");
    Reply known = reset("203.0.113.2", "known@example.com");

    assertThat(unknown.status()).isEqualTo(202);
    assertThat(known.status()).isEqualTo(202);
    assertThat(unknown.json()).as("nothing tells an account from none").isEqualTo(known.json());
    assertThat(query("SELECT recipient FROM mail_outbox WHERE recipient IN ('nobody@example.com', 'known@example.com')"))
        .containsExactly("known@example.com");
    assertThat(tokenIn(awaitMailTo("known@example.com"))).isNotBlank();
  }

  @Test
  void anUnknownOrExpiredTokenIsRefusedNamingWhy() throws Exception {
    Reply unknown = api.post("/v1/auth/password-reset/confirm", null,
        Map.of("token", "not-a-token-we-issued", "newPassword", NEW_PASSWORD));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.text("reason")).isEqualTo("invalid_reset_token");

    Session s = api.signUpAndLogin("expired@example.com", "phone");
    String expiredToken = "an-expired-reset-token-made-by-the-test";
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO password_reset_tokens (token_hash, account_id, created_at, expires_at)
        VALUES (?, ?, now() - interval '31 minutes', now() - interval '1 minute')""")) {
      ps.setBytes(1, sha256(expiredToken));
      ps.setString(2, s.accountId());
      ps.executeUpdate();
    }
    Reply expired = api.post("/v1/auth/password-reset/confirm", null,
        Map.of("token", expiredToken, "newPassword", NEW_PASSWORD));
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.text("reason")).isEqualTo("reset_token_expired");
    assertThat(api.get("/v1/account", s.accessToken()).status()).as("nothing changed").isEqualTo(200);

    Reply weak = api.post("/v1/auth/password-reset/confirm", null, Map.of("token", expiredToken, "newPassword", "short"));
    assertThat(weak.status()).isEqualTo(422);
    assertThat(weak.json().toString()).contains("newPassword");
  }

  @Test
  void mailsAreLimitedPerEmailAndRequestsPerClientAddress() throws Exception {
    api.signUpAndLogin("flooded@example.com", "phone");
    List<Reply> replies = List.of(reset("203.0.113.10", "flooded@example.com"),
        reset("203.0.113.11", "flooded@example.com"), reset("203.0.113.12", "flooded@example.com"));
    assertThat(replies).extracting(Reply::status).containsOnly(202);
    assertThat(replies).extracting(Reply::json).as("the limit is not told apart").containsOnly(replies.get(0).json());
    assertThat(query("SELECT recipient FROM mail_outbox WHERE recipient = 'flooded@example.com'"))
        .as("2 mails per e-mail and hour").hasSize(2);

    for (int i = 0; i < 4; i++) {
      assertThat(reset("203.0.113.20", "someone" + i + "@example.com").status()).isEqualTo(202);
    }
    Reply refused = reset("203.0.113.20", "someone9@example.com");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.text("reason")).isEqualTo("rate_limited");
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(reset("203.0.113.21", "someone9@example.com").status()).as("another client").isEqualTo(202);
  }

  private static MimeMessage awaitMailTo(String recipient) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(SMTP.getReceivedMessages())
        .filter(m -> recipientIs(m, recipient)).findFirst().orElse(null), m -> m != null);
  }

  private static boolean recipientIs(MimeMessage m, String recipient) {
    try {
      return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(recipient);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String tokenIn(MimeMessage mail) throws Exception {
    String body = (String) mail.getContent();
    Matcher m = TOKEN.matcher(body);
    assertThat(m.find()).as("a link to the reset page in: " + body).isTrue();
    return m.group(1);
  }

  private static List<String> query(String sql) throws Exception {
    try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static byte[] sha256(String token) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
  }
}
