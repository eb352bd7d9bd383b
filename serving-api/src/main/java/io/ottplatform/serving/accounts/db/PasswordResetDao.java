package io.ottplatform.serving.accounts.db;

import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** One-time password-reset tokens, stored only as SHA-256 hashes. */
public final class PasswordResetDao {

  public record ResetToken(String accountId, Instant expiresAt, Instant usedAt) {}

  public enum Outcome { RESET, UNKNOWN, USED, EXPIRED }

  private final Jdbi jdbi;

  public PasswordResetDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a token and, in the same transaction, runs {@code alsoInTransaction} (the mail's outbox append). */
  public void create(byte[] tokenHash, String accountId, Instant now, Instant expiresAt,
      Consumer<Handle> alsoInTransaction) {
    jdbi.useTransaction(h -> {
      h.createUpdate("""
              INSERT INTO password_reset_tokens (token_hash, account_id, created_at, expires_at)
              VALUES (:h, :a, :now, :e)""")
          .bind("h", tokenHash).bind("a", accountId).bind("now", now).bind("e", expiresAt).execute();
      alsoInTransaction.accept(h);
    });
  }

  public Optional<ResetToken> find(byte[] tokenHash) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT account_id, expires_at, used_at FROM password_reset_tokens WHERE token_hash = :h")
        .bind("h", tokenHash)
        .map((rs, ctx) -> new ResetToken(rs.getString("account_id"), Rows.instant(rs, "expires_at"),
            Rows.instant(rs, "used_at")))
        .findOne());
  }

  /**
   * Spends the token and sets the password in one transaction, the token row locked: of two concurrent uses one
   * resets, the other finds it used. Every other token of the account is spent too, and every login revoked.
   */
  public Outcome reset(byte[] tokenHash, String newPasswordHash, Instant now) {
    return jdbi.inTransaction(h -> {
      Optional<ResetToken> token = h.createQuery(
              "SELECT account_id, expires_at, used_at FROM password_reset_tokens WHERE token_hash = :h FOR UPDATE")
          .bind("h", tokenHash)
          .map((rs, ctx) -> new ResetToken(rs.getString("account_id"), Rows.instant(rs, "expires_at"),
              Rows.instant(rs, "used_at")))
          .findOne();
      if (token.isEmpty()) {
        return Outcome.UNKNOWN;
      }
      if (token.get().usedAt() != null) {
        return Outcome.USED;
      }
      if (!token.get().expiresAt().isAfter(now)) {
        return Outcome.EXPIRED;
      }
      String account = token.get().accountId();
      h.createUpdate("UPDATE password_reset_tokens SET used_at = :now WHERE account_id = :a AND used_at IS NULL")
          .bind("now", now).bind("a", account).execute();
      h.createUpdate("UPDATE accounts SET password_hash = :p WHERE id = :a")
          .bind("p", newPasswordHash).bind("a", account).execute();
      h.createUpdate("""
              UPDATE token_families SET revoked_at = now(), revoked_reason = 'password_reset'
              WHERE account_id = :a AND revoked_at IS NULL""")
          .bind("a", account).execute();
      return Outcome.RESET;
    });
  }
}
