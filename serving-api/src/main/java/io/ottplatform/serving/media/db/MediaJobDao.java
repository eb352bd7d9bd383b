package io.ottplatform.serving.media.db;

import io.ottplatform.serving.common.Rows;
import io.ottplatform.serving.media.api.MediaJobView;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** {@code media_jobs}: the latest state of each media job, for editors. */
public final class MediaJobDao {

  private final Jdbi jdbi;

  public MediaJobDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A job whose upload just finished, in the caller's transaction. */
  public void queued(Handle h, String jobId, String titleId, Instant at) {
    h.createUpdate("""
            INSERT INTO media_jobs (job_id, title_id, state, percent, updated_at) VALUES (:job, :title, 'QUEUED', 0, :at)
            ON CONFLICT (job_id) DO NOTHING""")
        .bind("job", jobId).bind("title", titleId).bind("at", at).execute();
  }

  /**
   * Records a report unless a later one is stored already (progress records of a retried job may arrive after the
   * newer ones of another worker's attempt; the latest {@code updated_at} wins).
   */
  public boolean report(MediaJobView v) {
    return jdbi.withHandle(h -> report(h, v));
  }

  /** {@link #report(MediaJobView)} in the caller's transaction. */
  public boolean report(Handle h, MediaJobView v) {
    return h.createUpdate("""
            INSERT INTO media_jobs (job_id, title_id, state, percent, speed, eta_seconds, message, error_reason,
              published_path, updated_at)
            VALUES (:job, :title, :state, :percent, :speed, :eta, :message, :error, :published, :at)
            ON CONFLICT (job_id) DO UPDATE SET title_id = excluded.title_id, state = excluded.state,
              percent = excluded.percent, speed = COALESCE(excluded.speed, media_jobs.speed),
              eta_seconds = excluded.eta_seconds, message = excluded.message, error_reason = excluded.error_reason,
              published_path = excluded.published_path, updated_at = excluded.updated_at
            WHERE media_jobs.updated_at <= excluded.updated_at""")
        .bind("job", v.jobId()).bind("title", v.titleId()).bind("state", v.state()).bind("percent", v.percent())
        .bind("speed", v.speed()).bind("eta", v.etaSeconds()).bind("message", v.message())
        .bind("error", v.errorReason()).bind("published", v.publishedPath()).bind("at", v.updatedAt())
        .execute() == 1;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The error reason of a job whose publication could not be attached to its title. */
  public void failAttach(Handle h, String jobId, String reason) {
    h.createUpdate("UPDATE media_jobs SET error_reason = :r WHERE job_id = :job")
        .bind("r", reason).bind("job", jobId).execute();
  }

  public List<MediaJobView> forTitle(String titleId) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT job_id, title_id, state, percent, speed, eta_seconds, message, error_reason, published_path,
              updated_at FROM media_jobs WHERE title_id = :title ORDER BY updated_at DESC, job_id LIMIT 100""")
        .bind("title", titleId)
        .map((rs, ctx) -> new MediaJobView(rs.getString("job_id"), rs.getString("title_id"), rs.getString("state"),
            rs.getFloat("percent"), (Float) rs.getObject("speed", Float.class),
            Rows.intOrNull(rs, "eta_seconds"), rs.getString("message"), rs.getString("error_reason"),
            rs.getString("published_path"), Rows.instant(rs, "updated_at")))
        .list());
  }
}
