package io.ottplatform.serving.catalog.db;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

public final class MediaDao {

  private final Jdbi jdbi;

  public MediaDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void upsert(MediaAssetRow row) {
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO media_assets (title_id, media_path, key_id, content_key) VALUES (:t, :p, :kid, :k)
            ON CONFLICT (title_id) DO UPDATE SET media_path = :p, key_id = :kid, content_key = :k,
              renditions = '[]', duration_ms = NULL, job_id = NULL""")
        .bind("t", row.titleId()).bind("p", row.mediaPath()).bind("kid", row.keyId()).bind("k", row.contentKey())
        .execute());
  }

  /**
   * A pipeline job's published media, in the caller's transaction: the folder, the key id, the rungs as JSON and
   * the duration. The content key column keeps a random placeholder: the pipeline's keys are served from
   * media_content_keys, never from here.
   */
  public void upsertPublished(Handle h, MediaAssetRow row, String renditionsJson, Long durationMs, String jobId) {
    h.createUpdate("""
            INSERT INTO media_assets (title_id, media_path, key_id, content_key, renditions, duration_ms, job_id)
            VALUES (:t, :p, :kid, :k, CAST(:r AS jsonb), :d, :job)
            ON CONFLICT (title_id) DO UPDATE SET media_path = :p, key_id = :kid, content_key = :k,
              renditions = CAST(:r AS jsonb), duration_ms = :d, job_id = :job""")
        .bind("t", row.titleId()).bind("p", row.mediaPath()).bind("kid", row.keyId()).bind("k", row.contentKey())
        .bind("r", renditionsJson).bind("d", durationMs).bind("job", jobId).execute();
  }

  public Optional<MediaAssetRow> find(String titleId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM media_assets WHERE title_id = :t").bind("t", titleId)
        .map((rs, ctx) -> new MediaAssetRow(rs.getString("title_id"), rs.getString("media_path"),
            rs.getBytes("key_id"), rs.getBytes("content_key")))
        .findOne());
  }
}
