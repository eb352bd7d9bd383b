package io.ottplatform.serving.playback.db;

import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Watch progress per profile and title: the last report wins, whichever device sent it. */
public final class ProgressDao {

  private static final RowMapper<ProgressRow> MAPPER = (rs, ctx) -> new ProgressRow(
      rs.getString("profile_id"), rs.getString("title_id"), rs.getLong("position_ms"),
      Rows.longOrNull(rs, "duration_ms"), rs.getString("device_id"), Rows.instant(rs, "updated_at"));

  private final Jdbi jdbi;

  public ProgressDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void upsert(ProgressRow row) {
    jdbi.useHandle(h -> h.createUpdate("""
            INSERT INTO watch_progress (profile_id, title_id, position_ms, duration_ms, device_id, updated_at)
            VALUES (:p, :t, :pos, :dur, :d, :at)
            ON CONFLICT (profile_id, title_id) DO UPDATE
              SET position_ms = :pos, duration_ms = :dur, device_id = :d, updated_at = :at
              WHERE watch_progress.updated_at <= :at""")
        .bind("p", row.profileId()).bind("t", row.titleId()).bind("pos", row.positionMs())
        .bind("dur", row.durationMs()).bind("d", row.deviceId()).bind("at", row.updatedAt()).execute());
  }

  public Optional<ProgressRow> find(String profileId, String titleId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM watch_progress WHERE profile_id = :p AND title_id = :t")
        .bind("p", profileId).bind("t", titleId).map(MAPPER).findOne());
  }

  /** Started but not finished (under 95 %), most recent first. */
  public List<ProgressRow> continueWatching(String profileId, int limit) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT * FROM watch_progress WHERE profile_id = :p AND position_ms > 0
              AND (duration_ms IS NULL OR position_ms < duration_ms * 0.95)
            ORDER BY updated_at DESC LIMIT :limit""")
        .bind("p", profileId).bind("limit", limit).map(MAPPER).list());
  }

}
