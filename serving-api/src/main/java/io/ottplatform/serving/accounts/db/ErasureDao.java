package io.ottplatform.serving.accounts.db;

import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Deletes an account's serving data and records the lake's erasure request, in one transaction. */
public final class ErasureDao {

  public record ErasureRequestRow(UUID id, List<String> profileIds, Instant requestedAt, Instant completedAt,
      String completedBy) {}

  private static final RowMapper<ErasureRequestRow> MAPPER = (rs, ctx) -> new ErasureRequestRow(
      rs.getObject("id", UUID.class), Rows.strings(rs, "profile_ids"), Rows.instant(rs, "requested_at"),
      Rows.instant(rs, "completed_at"), rs.getString("completed_by"));

  private final Jdbi jdbi;

  public ErasureDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records the request with the account's profile ids, deletes what references the account or its profiles
   * without a foreign key (recommendations, impressions, queued mails and plan records), then the account: its
   * profiles, devices, logins and refresh tokens, progress, playback sessions, device codes and reset tokens go
   * with it by {@code ON DELETE CASCADE}. Empty when the account no longer exists (deleted concurrently).
   */
  public Optional<ErasureRequestRow> eraseAccount(String accountId, String email, UUID requestId, Instant now) {
    return jdbi.inTransaction(h -> {
      boolean exists = h.createQuery("SELECT 1 FROM accounts WHERE id = :a FOR UPDATE")
          .bind("a", accountId).mapTo(Integer.class).findOne().isPresent();
      if (!exists) {
        return Optional.<ErasureRequestRow>empty();
      }
      List<String> profiles = h.createQuery("SELECT id FROM profiles WHERE account_id = :a ORDER BY created_at, id")
          .bind("a", accountId).mapTo(String.class).list();
      h.createUpdate("INSERT INTO erasure_requests (id, profile_ids, requested_at) VALUES (:id, :p, :now)")
          .bind("id", requestId).bindArray("p", String.class, profiles).bind("now", now).execute();
      h.createUpdate("DELETE FROM rec_profile_titles WHERE profile_id = ANY(:p)").bindArray("p", String.class, profiles).execute();
      h.createUpdate("DELETE FROM rec_impressions WHERE profile_id = ANY(:p)").bindArray("p", String.class, profiles).execute();
      h.createUpdate("DELETE FROM mail_outbox WHERE recipient = :e").bind("e", email).execute();
      h.createUpdate("DELETE FROM account_plan_outbox WHERE account_id = :a").bind("a", accountId).execute();
      h.createUpdate("DELETE FROM accounts WHERE id = :a").bind("a", accountId).execute();
      return Optional.of(new ErasureRequestRow(requestId, profiles, now, null, null));
    });
  }

  public List<ErasureRequestRow> list(boolean pendingOnly, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM erasure_requests"
            + (pendingOnly ? " WHERE completed_at IS NULL" : "") + " ORDER BY requested_at LIMIT :limit")
        .bind("limit", limit).map(MAPPER).list());
  }

  /** Marks a request done; empty when there is no such request, unchanged when it was already complete. */
  public Optional<ErasureRequestRow> complete(UUID id, String by, Instant now) {
    return jdbi.inTransaction(h -> {
      h.createUpdate("""
              UPDATE erasure_requests SET completed_at = :now, completed_by = :by
              WHERE id = :id AND completed_at IS NULL""")
          .bind("now", now).bind("by", by).bind("id", id).execute();
      return h.createQuery("SELECT * FROM erasure_requests WHERE id = :id").bind("id", id).map(MAPPER).findOne();
    });
  }
}
