package io.ottplatform.serving.playback.db;

import io.ottplatform.serving.common.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code playback_sessions}: one row per grant. The row names the login (token family) and device it was granted
 * to, so a logout, a device removal or a revoked session is seen by joining the accounts tables at check time; no
 * other feature has to tell playback anything.
 */
public final class PlaybackSessionDao {

  /** A session's row and the state of everything it depends on, read in one query. */
  public record SessionFacts(UUID id, String accountId, String profileId, String deviceId, String titleId,
      String country, String state, Instant expiresAt, String plan, boolean loginActive, String loginRevokedReason,
      boolean deviceRegistered, int maturityCeiling) {}

  private final Jdbi jdbi;

  public PlaybackSessionDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records the session if the account holds fewer than {@code screens} slots, deciding under the account's row lock
   * in one round trip (the {@code reserve_playback_session} function, changeset 12): parallel grants of one account
   * are decided one after the other. Plain JDBC: this runs once per grant, on the hot path (see
   * {@link PlaybackFactsDao#viewer}).
   *
   * @return the slots the account held before this call; the session was recorded if and only if it is below
   *     {@code screens}
   */
  public int reserve(UUID id, String accountId, String profileId, String deviceId, UUID familyId, String titleId,
      String country, Instant now, Instant expiresAt, int screens) {
    return jdbi.withHandle(h -> {
      try (PreparedStatement ps = h.getConnection().prepareStatement(
          "SELECT reserve_playback_session(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, id);
        ps.setString(2, accountId);
        ps.setString(3, profileId);
        ps.setString(4, deviceId);
        ps.setObject(5, familyId);
        ps.setString(6, titleId);
        ps.setString(7, country);
        ps.setTimestamp(8, Timestamp.from(now));
        ps.setTimestamp(9, Timestamp.from(expiresAt));
        ps.setInt(10, screens);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot reserve a stream slot for playback session " + id + " of account "
            + accountId + ": " + e.getMessage(), e);
      }
    });
  }

  public Optional<SessionFacts> facts(UUID id) {
    return jdbi.withHandle(h -> {
      try (PreparedStatement ps = h.getConnection().prepareStatement(FACTS_SQL)) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.<SessionFacts>empty();
          }
          return Optional.of(new SessionFacts(id, rs.getString("account_id"), rs.getString("profile_id"),
              rs.getString("device_id"), rs.getString("title_id"), rs.getString("country"), rs.getString("state"),
              Rows.instant(rs, "expires_at"), rs.getString("plan"), rs.getBoolean("login_active"),
              rs.getString("revoked_reason"), rs.getBoolean("device_registered"), rs.getInt("maturity_ceiling")));
        }
      } catch (SQLException e) {
        throw new IllegalStateException("the playback session query failed for " + id + ": " + e.getMessage(), e);
      }
    });
  }

  private static final String FACTS_SQL = """
      SELECT s.account_id, s.profile_id, s.device_id, s.title_id, s.country, s.state, s.expires_at, a.plan,
        f.revoked_at IS NULL AS login_active, f.revoked_reason,
        EXISTS (SELECT 1 FROM devices d WHERE d.account_id = s.account_id AND d.id = s.device_id) AS device_registered,
        p.maturity_ceiling
      FROM playback_sessions s
        JOIN accounts a ON a.id = s.account_id
        JOIN token_families f ON f.id = s.family_id
        JOIN profiles p ON p.id = s.profile_id
      WHERE s.id = ?""";

  /** Extends an ACTIVE, unexpired session's lease; false when it is not (any more). */
  public boolean renew(UUID id, Instant now, Instant expiresAt) {
    return jdbi.withHandle(h -> h.createUpdate("""
            UPDATE playback_sessions SET renewed_at = :now, expires_at = :exp
            WHERE id = :id AND state = 'ACTIVE' AND expires_at > :now""")
        .bind("id", id).bind("now", now).bind("exp", expiresAt).execute()) == 1;
  }

  /**
   * Ends (the viewer's stop) or revokes (an operator) a session of {@code accountId} (any account when null). The
   * lease ends with it, so {@code expires_at} is when every session stopped being playable and the retention task
   * needs one index.
   */
  public boolean close(UUID id, String accountId, String state, String reason, Instant now) {
    return jdbi.withHandle(h -> h.createUpdate("""
            UPDATE playback_sessions SET state = :state, ended_at = :now, end_reason = :reason,
              expires_at = LEAST(expires_at, :now)
            WHERE id = :id AND (CAST(:account AS text) IS NULL OR account_id = :account)""")
        .bind("id", id).bind("account", accountId).bind("state", state).bind("reason", reason).bind("now", now)
        .execute()) == 1;
  }

  /**
   * Deletes up to {@code batch} sessions whose lease ended (expiry, end or revocation) before {@code cutoff}; rows
   * another instance is deleting at the same time are skipped, not waited for.
   *
   * @return how many were deleted
   */
  public int deleteEndedBefore(Instant cutoff, int batch) {
    return jdbi.withHandle(h -> h.createUpdate("""
            DELETE FROM playback_sessions WHERE id IN (
              SELECT id FROM playback_sessions WHERE expires_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)""")
        .bind("cutoff", cutoff).bind("batch", batch).execute());
  }
}
