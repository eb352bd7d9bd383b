package io.ottplatform.serving.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ottplatform.serving.config.ServingConfiguration;
import io.ottplatform.testsupport.PostgresDatabaseExtension;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mail outbox survives an SMTP server that is down: the mail waits in mail_outbox with the error and its
 * attempts, and is delivered once a real SMTP server (GreenMail) listens on the configured port.
 */
class MailDeliveryIT {

  /** A free port with nothing listening yet: the SMTP server comes up there later in the test. */
  private static final int SMTP_PORT = freePort();

  @RegisterExtension @Order(1) static final PostgresDatabaseExtension DB = new PostgresDatabaseExtension();
  @RegisterExtension @Order(2) static final DropwizardAppExtension<ServingConfiguration> APP =
      ServingApp.extension(DB, Path.of("target"),
          ConfigOverride.config("mail.smtpHost", "127.0.0.1"),
          ConfigOverride.config("mail.smtpPort", String.valueOf(SMTP_PORT)),
          ConfigOverride.config("mail.pollInterval", "100 milliseconds"),
          ConfigOverride.config("mail.retryPause", "200 milliseconds"),
          ConfigOverride.config("mail.timeout", "2 seconds"));

  private static Api api;

  @BeforeAll
  static void migrate() throws Exception {
    ServingApp.migrate(APP);
    api = new Api(APP);
  }

  @Test
  void aMailWaitsInTheOutboxWhileTheServerIsDownAndIsDeliveredWhenItIsBack() throws Exception {
    api.signUpAndLogin("patient@example.com", "phone");
    assertThat(api.post("/v1/auth/password-reset", null, Map.of("email", "patient@example.com")).status())
        .isEqualTo(202);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
          "SELECT attempts, last_error, sent_at FROM mail_outbox WHERE recipient = 'patient@example.com'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("attempts")).as("tried again after the first failure").isGreaterThanOrEqualTo(2);
        assertThat(rs.getString("last_error")).as("the error is kept").contains("Exception");
        assertThat(rs.getTimestamp("sent_at")).isNull();
      }
    });

    GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      MimeMessage mail = await().atMost(Duration.ofSeconds(20)).until(
          () -> smtp.getReceivedMessages().length > 0 ? smtp.getReceivedMessages()[0] : null, m -> m != null);
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("patient@example.com");
      assertThat((String) mail.getContent()).contains("#token=");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        try (Connection c = DB.connect(); ResultSet rs = c.createStatement().executeQuery(
            "SELECT sent_at, body FROM mail_outbox WHERE recipient = 'patient@example.com'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getTimestamp("sent_at")).isNotNull();
          assertThat(rs.getString("body")).isEmpty();
        }
      });
      assertThat(smtp.getReceivedMessages()).as("delivered once").hasSize(1);
    } finally {
      smtp.stop();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
