package io.ottplatform.serving.catalog.db;

import io.ottplatform.serving.common.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The transactional outbox of catalog changes. */
public final class OutboxDao {

  private final Jdbi jdbi;

  public OutboxDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Appends in the caller's transaction. */
  public void append(Handle h, String titleId, String operation, long version, Instant changedAt, String changedBy,
      String snapshotJson) {
    h.createUpdate("""
            INSERT INTO catalog_outbox (title_id, operation, version, changed_at, changed_by, snapshot)
            VALUES (:t, :op, :v, :at, :by, CAST(:s AS jsonb))""")
        .bind("t", titleId).bind("op", operation).bind("v", version).bind("at", changedAt)
        .bind("by", changedBy).bind("s", snapshotJson).execute();
  }

  /** Oldest unsent rows, locked so a second relay instance skips them instead of double-sending. */
  public List<OutboxRow> lockUnsent(Handle h, int limit) {
    return h.createQuery("""
            SELECT id, title_id, operation, version, changed_at, changed_by, snapshot::text AS snapshot
            FROM catalog_outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
        .bind("limit", limit)
        .map((rs, ctx) -> new OutboxRow(rs.getLong("id"), rs.getString("title_id"), rs.getString("operation"),
            rs.getLong("version"), Rows.instant(rs, "changed_at"), rs.getString("changed_by"), rs.getString("snapshot")))
        .list();
  }

  public void markSent(Handle h, List<Long> ids) {
    h.createUpdate("UPDATE catalog_outbox SET sent_at = now() WHERE id = ANY(:ids)")
        .bindArray("ids", Long.class, ids).execute();
  }

  public Optional<Duration> oldestUnsentAge(Instant now) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT changed_at FROM catalog_outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1")
        .map((rs, ctx) -> Rows.instant(rs, "changed_at")).findOne()
        .map(i -> Duration.between(i, now)));
  }

  public long unsentCount() {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM catalog_outbox WHERE sent_at IS NULL")
        .mapTo(Long.class).one());
  }
}
