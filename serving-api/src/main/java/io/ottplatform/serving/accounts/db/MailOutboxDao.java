package io.ottplatform.serving.accounts.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code mail_outbox}: a mail is appended in the transaction of what it announces and delivered later by
 * {@code accounts.mail.MailSender}. Several instances may send: a batch is claimed with {@code SKIP LOCKED} and
 * leased until {@code next_attempt_at}, so a mail goes out once unless an instance dies mid-send.
 */
public final class MailOutboxDao {

  public record Mail(long id, String recipient, String subject, String body, int attempts) {
    @Override
    public String toString() {
      return "Mail[id=" + id + ", attempts=" + attempts + "]"; // the body may hold a one-time link
    }
  }

  private final Jdbi jdbi;

  public MailOutboxDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Appends a mail within the caller's transaction; it is dropped unsent after {@code expiresAt}. */
  public static void append(Handle h, String recipient, String subject, String body, Instant now, Instant expiresAt) {
    h.createUpdate("""
            INSERT INTO mail_outbox (recipient, subject, body, created_at, expires_at, next_attempt_at)
            VALUES (:r, :s, :b, :now, :e, :now)""")
        .bind("r", recipient).bind("s", subject).bind("b", body).bind("now", now).bind("e", expiresAt).execute();
  }

  /** Claims up to {@code limit} due, unexpired mails, leasing them until {@code leaseUntil}. */
  public List<Mail> claimDue(int limit, Instant now, Instant leaseUntil) {
    return jdbi.inTransaction(h -> {
      List<Mail> due = h.createQuery("""
              SELECT id, recipient, subject, body, attempts FROM mail_outbox
              WHERE sent_at IS NULL AND next_attempt_at <= :now AND expires_at > :now
              ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
          .bind("now", now).bind("limit", limit)
          .map((rs, ctx) -> new Mail(rs.getLong("id"), rs.getString("recipient"), rs.getString("subject"),
              rs.getString("body"), rs.getInt("attempts")))
          .list();
      for (Mail m : due) {
        h.createUpdate("UPDATE mail_outbox SET next_attempt_at = :lease, attempts = attempts + 1 WHERE id = :id")
            .bind("lease", leaseUntil).bind("id", m.id()).execute();
      }
      return due;
    });
  }

  /** Delivered: the body (a one-time link) is not kept. */
  public void markSent(long id, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE mail_outbox SET sent_at = :now, body = '', last_error = NULL WHERE id = :id")
        .bind("now", now).bind("id", id).execute());
  }

  public void markFailed(long id, String error, Instant retryAt) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE mail_outbox SET last_error = :e, next_attempt_at = :t WHERE id = :id")
        .bind("e", error).bind("t", retryAt).bind("id", id).execute());
  }

  /** Deletes unsent mails past their expiry (their links no longer work); returns how many. */
  public int deleteExpired(Instant now) {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM mail_outbox WHERE sent_at IS NULL AND expires_at <= :now")
        .bind("now", now).execute());
  }
}
