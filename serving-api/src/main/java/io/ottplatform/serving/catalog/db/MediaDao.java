package io.ottplatform.serving.catalog.db;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

public final class MediaDao {

  private final Jdbi jdbi;

  public MediaDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void upsert(MediaAssetRow row) {
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO media_assets (title_id, media_path, key_id, content_key) VALUES (:t, :p, :kid, :k)
            ON CONFLICT (title_id) DO UPDATE SET media_path = :p, key_id = :kid, content_key = :k""")
        .bind("t", row.titleId()).bind("p", row.mediaPath()).bind("kid", row.keyId()).bind("k", row.contentKey())
        .execute());
  }

  public Optional<MediaAssetRow> find(String titleId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM media_assets WHERE title_id = :t").bind("t", titleId)
        .map((rs, ctx) -> new MediaAssetRow(rs.getString("title_id"), rs.getString("media_path"),
            rs.getBytes("key_id"), rs.getBytes("content_key")))
        .findOne());
  }
}
