package io.ottplatform.serving.dashboard.db;

import io.ottplatform.serving.common.Rows;
import io.ottplatform.serving.media.api.MediaJobView;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The newest media jobs of every title ({@code media_jobs}, written by the media package), for the dashboard. */
public final class RecentMediaJobsDao {

  private final Jdbi jdbi;

  public RecentMediaJobsDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<MediaJobView> newest(int limit) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT job_id, title_id, state, percent, speed, eta_seconds, message, error_reason, published_path,
              updated_at FROM media_jobs ORDER BY updated_at DESC, job_id LIMIT :limit""")
        .bind("limit", limit)
        .map((rs, ctx) -> new MediaJobView(rs.getString("job_id"), rs.getString("title_id"), rs.getString("state"),
            rs.getFloat("percent"), (Float) rs.getObject("speed", Float.class),
            Rows.intOrNull(rs, "eta_seconds"), rs.getString("message"), rs.getString("error_reason"),
            rs.getString("published_path"), Rows.instant(rs, "updated_at")))
        .list());
  }
}
