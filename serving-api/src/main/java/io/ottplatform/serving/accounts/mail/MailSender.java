package io.ottplatform.serving.accounts.mail;

import io.dropwizard.lifecycle.Managed;
import io.ottplatform.serving.accounts.db.MailOutboxDao;
import io.ottplatform.serving.config.MailConfig;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@code mail_outbox} to the configured SMTP server, every {@code mail.pollInterval}. A failed mail is
 * retried with a growing pause (attempt x {@code mail.retryPause}, at most 15 min) until it expires. Logs name the mail's id and
 * the error, never its recipient's link: a reset mail's body is a credential.
 */
public final class MailSender implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
  private static final Duration MAX_RETRY_PAUSE = Duration.ofMinutes(15);

  private final MailOutboxDao outbox;
  private final MailConfig config;
  private final Session session;
  private final Clock clock;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private ScheduledExecutorService scheduler;

  public MailSender(MailOutboxDao outbox, MailConfig config, Clock clock) {
    this.outbox = outbox;
    this.config = config;
    this.clock = clock;
    this.session = session(config);
  }

  private static Session session(MailConfig config) {
    Properties p = new Properties();
    p.put("mail.smtp.host", config.getSmtpHost());
    p.put("mail.smtp.port", String.valueOf(config.getSmtpPort()));
    String timeout = String.valueOf(config.getTimeout().toMilliseconds());
    p.put("mail.smtp.connectiontimeout", timeout);
    p.put("mail.smtp.timeout", timeout);
    p.put("mail.smtp.writetimeout", timeout);
    if (config.isStartTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    if (config.getUsername().isEmpty()) {
      return Session.getInstance(p);
    }
    p.put("mail.smtp.auth", "true");
    return Session.getInstance(p, new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return new PasswordAuthentication(config.getUsername(), config.getPassword());
      }
    });
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mail-sender");
      t.setDaemon(true);
      return t;
    });
    long every = config.getPollInterval().toMilliseconds();
    scheduler.scheduleWithFixedDelay(this::sendDue, every, every, TimeUnit.MILLISECONDS);
    LOG.info("mail delivery to {}:{} every {} ms", config.getSmtpHost(), config.getSmtpPort(), every);
  }

  @Override
  public void stop() throws InterruptedException {
    scheduler.shutdown();
    scheduler.awaitTermination(config.getTimeout().toMilliseconds() * 2, TimeUnit.MILLISECONDS);
  }

  /** One round: drop expired mails, send the due ones. Package-private for a test that drives it directly. */
  void sendDue() {
    try {
      Instant now = clock.instant();
      int expired = outbox.deleteExpired(now);
      if (expired > 0) {
        LOG.warn("{} unsent mails expired and were deleted (their links no longer work)", expired);
      }
      List<MailOutboxDao.Mail> due = outbox.claimDue(config.getBatchSize(), now,
          now.plus(config.getTimeout().toJavaDuration().multipliedBy(3)));
      for (MailOutboxDao.Mail mail : due) {
        send(mail);
      }
    } catch (JdbiException e) {
      // the database is away: the next round tries again, nothing was claimed or lost
      LOG.warn("mail outbox unreadable: {}", e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      // a scheduled task that throws is never run again: log it and keep delivering in the next round
      LOG.error("mail delivery round failed", e);
    }
  }

  private void send(MailOutboxDao.Mail mail) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(config.getFrom()));
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.recipient(), true));
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      message.setText(mail.body(), StandardCharsets.UTF_8.name());
      message.setSentDate(Date.from(clock.instant()));
      Transport.send(message);
      outbox.markSent(mail.id(), clock.instant());
      sent.incrementAndGet();
    } catch (MessagingException e) {
      failures.incrementAndGet();
      Duration pause = config.getRetryPause().toJavaDuration().multipliedBy(mail.attempts() + 1L);
      if (pause.compareTo(MAX_RETRY_PAUSE) > 0) {
        pause = MAX_RETRY_PAUSE;
      }
      String error = e.getClass().getSimpleName() + ": " + e.getMessage();
      outbox.markFailed(mail.id(), error.length() > 500 ? error.substring(0, 500) : error, clock.instant().plus(pause));
      LOG.warn("mail {} not delivered (attempt {}), retry in {} s: {}", mail.id(), mail.attempts() + 1,
          pause.toSeconds(), error);
    }
  }

  public long sent() {
    return sent.get();
  }

  public long failures() {
    return failures.get();
  }
}
