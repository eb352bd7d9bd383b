package io.ottplatform.serving.media.db;

import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Rows of {@code media_uploads}: one per tus upload, finished or not. */
public final class UploadDao {

  /** One upload; {@code completedAt} is null while data is still expected. */
  public record Upload(String id, String titleId, String filename, long length, String createdBy, Instant expiresAt,
      Instant completedAt) {}

  private final Jdbi jdbi;

  public UploadDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public boolean titleExists(String titleId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM titles WHERE id = :id").bind("id", titleId)
        .mapTo(Long.class).one() > 0);
  }

  public void create(Upload u, Instant now) {
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO media_uploads (id, title_id, filename, length, created_by, created_at, expires_at)
            VALUES (:id, :title, :filename, :length, :by, :now, :expires)""")
        .bind("id", u.id()).bind("title", u.titleId()).bind("filename", u.filename()).bind("length", u.length())
        .bind("by", u.createdBy()).bind("now", now).bind("expires", u.expiresAt()).execute());
  }

  public Optional<Upload> find(String id) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT id, title_id, filename, length, created_by, expires_at, completed_at FROM media_uploads
            WHERE id = :id""").bind("id", id)
        .map((rs, ctx) -> new Upload(rs.getString("id"), rs.getString("title_id"), rs.getString("filename"),
            rs.getLong("length"), rs.getString("created_by"), Rows.instant(rs, "expires_at"),
            rs.getTimestamp("completed_at") == null ? null : Rows.instant(rs, "completed_at")))
        .findOne());
  }

  public void extend(String id, Instant expiresAt) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE media_uploads SET expires_at = :e WHERE id = :id AND completed_at IS NULL")
        .bind("e", expiresAt).bind("id", id).execute());
  }

  /** Marks finished in the caller's transaction; false when it already was (a second PATCH of the last byte). */
  public boolean complete(Handle h, String id, Instant now) {
    return h.createUpdate("UPDATE media_uploads SET completed_at = :now WHERE id = :id AND completed_at IS NULL")
        .bind("now", now).bind("id", id).execute() == 1;
  }

  /** Unfinished uploads whose expiry has passed. */
  public List<String> expired(Instant now) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT id FROM media_uploads WHERE completed_at IS NULL AND expires_at < :now ORDER BY expires_at")
        .bind("now", now).mapTo(String.class).list());
  }

  public void delete(String id) {
    jdbi.useHandle(h -> h.createUpdate("DELETE FROM media_uploads WHERE id = :id AND completed_at IS NULL")
        .bind("id", id).execute());
  }
}
