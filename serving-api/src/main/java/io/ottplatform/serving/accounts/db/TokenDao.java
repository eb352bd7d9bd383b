package io.ottplatform.serving.accounts.db;

import io.ottplatform.serving.common.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Login sessions (token families) and their refresh tokens, stored only as SHA-256 hashes. */
public final class TokenDao {

  private final Jdbi jdbi;

  public TokenDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void createFamily(UUID familyId, String accountId, String deviceId, byte[] tokenHash, Instant expiresAt) {
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO token_families (id, account_id, device_id) VALUES (:f, :a, :d)")
          .bind("f", familyId).bind("a", accountId).bind("d", deviceId).execute();
      h.createUpdate("INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES (:h, :f, :e)")
          .bind("h", tokenHash).bind("f", familyId).bind("e", expiresAt).execute();
    });
  }

  public enum RotateOutcome { ROTATED, UNKNOWN, EXPIRED, REUSED, REVOKED, LIFETIME_EXCEEDED }

  public record Rotation(RotateOutcome outcome, RefreshTokenRow token) {}

  /** {@link #rotate(byte[], byte[], Instant, Instant, Duration)} with no absolute lifetime. */
  public Rotation rotate(byte[] oldHash, byte[] newHash, Instant now, Instant newExpiry) {
    return rotate(oldHash, newHash, now, newExpiry, null);
  }

  /**
   * Spends {@code oldHash} and stores {@code newHash} in its family, in one transaction with the
   * token row locked, so two concurrent uses of one token cannot both succeed. A token that was
   * already spent is a replay: the whole family is revoked (RFC 6819 §5.2.2.3, OAuth 2.0 Security BCP §4.14).
   * A family older than {@code absoluteLifetime} (when not null) is revoked as {@code session_lifetime_exceeded}
   * however recently it was refreshed, and no new token outlives that end.
   */
  public Rotation rotate(byte[] oldHash, byte[] newHash, Instant now, Instant newExpiry, Duration absoluteLifetime) {
    return jdbi.inTransaction(h -> {
      Optional<RefreshTokenRow> found = h.createQuery("""
              SELECT r.family_id, f.account_id, f.device_id, r.expires_at, r.used_at, f.revoked_at, f.created_at
              FROM refresh_tokens r JOIN token_families f ON f.id = r.family_id
              WHERE r.token_hash = :h FOR UPDATE OF r, f""")
          .bind("h", oldHash)
          .map((rs, ctx) -> new RefreshTokenRow(rs.getObject("family_id", UUID.class), rs.getString("account_id"),
              rs.getString("device_id"), Rows.instant(rs, "expires_at"), Rows.instant(rs, "used_at"),
              Rows.instant(rs, "revoked_at"), Rows.instant(rs, "created_at")))
          .findOne();
      if (found.isEmpty()) {
        return new Rotation(RotateOutcome.UNKNOWN, null);
      }
      RefreshTokenRow row = found.get();
      if (row.familyRevokedAt() != null) {
        return new Rotation(RotateOutcome.REVOKED, row);
      }
      if (row.usedAt() != null) {
        h.createUpdate("UPDATE token_families SET revoked_at = now(), revoked_reason = 'refresh_token_reused' WHERE id = :f")
            .bind("f", row.familyId()).execute();
        return new Rotation(RotateOutcome.REUSED, row);
      }
      Instant familyEnd = absoluteLifetime == null ? null : row.familyCreatedAt().plus(absoluteLifetime);
      if (familyEnd != null && !familyEnd.isAfter(now)) {
        h.createUpdate("""
                UPDATE token_families SET revoked_at = now(), revoked_reason = 'session_lifetime_exceeded' WHERE id = :f""")
            .bind("f", row.familyId()).execute();
        return new Rotation(RotateOutcome.LIFETIME_EXCEEDED, row);
      }
      if (row.expiresAt().isBefore(now)) {
        return new Rotation(RotateOutcome.EXPIRED, row);
      }
      Instant expiry = familyEnd != null && familyEnd.isBefore(newExpiry) ? familyEnd : newExpiry;
      h.createUpdate("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = :h").bind("h", oldHash).execute();
      h.createUpdate("INSERT INTO refresh_tokens (token_hash, family_id, expires_at) VALUES (:h, :f, :e)")
          .bind("h", newHash).bind("f", row.familyId()).bind("e", expiry).execute();
      return new Rotation(RotateOutcome.ROTATED, row);
    });
  }

  public boolean isFamilyActive(UUID familyId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT revoked_at IS NULL FROM token_families WHERE id = :f")
        .bind("f", familyId).mapTo(Boolean.class).findOne().orElse(false));
  }

  public void revokeFamily(UUID familyId, String reason) {
    jdbi.useHandle(h -> h.createUpdate(
            "UPDATE token_families SET revoked_at = now(), revoked_reason = :r WHERE id = :f AND revoked_at IS NULL")
        .bind("f", familyId).bind("r", reason).execute());
  }

  public int revokeAll(String accountId, String reason) {
    return jdbi.withHandle(h -> h.createUpdate(
            "UPDATE token_families SET revoked_at = now(), revoked_reason = :r WHERE account_id = :a AND revoked_at IS NULL")
        .bind("a", accountId).bind("r", reason).execute());
  }

  public Optional<String> familyRevokedReason(UUID familyId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT revoked_reason FROM token_families WHERE id = :f")
        .bind("f", familyId).mapTo(String.class).findOne());
  }
}
