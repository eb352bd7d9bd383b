package io.ottplatform.serving.media.db;

import io.ottplatform.schemas.avro.MediaEncryption;
import io.ottplatform.schemas.avro.MediaJob;
import io.ottplatform.serving.common.OutboxSource;
import io.ottplatform.serving.common.Rows;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The outbox of media jobs, relayed to {@code media.jobs} (keyed by job id) where media-pipeline's workers read
 * them. A row is appended in the transaction that marks an upload finished, so every finished upload is encoded.
 */
public final class MediaJobOutboxDao implements OutboxSource<MediaJob> {

  private final Jdbi jdbi;

  public MediaJobOutboxDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Jdbi jdbi() {
    return jdbi;
  }

  /** Appends in the caller's transaction. */
  public void append(Handle h, MediaJob job) {
    h.createUpdate("""
            INSERT INTO media_job_outbox (job_id, title_id, source_uri, ladder, encryption, requested_by, requested_at)
            VALUES (:job, :title, :source, :ladder, :encryption, :by, :at)""")
        .bind("job", job.getJobId()).bind("title", job.getTitleId()).bind("source", job.getSourceUri())
        .bind("ladder", job.getLadder()).bind("encryption", job.getEncryption().name())
        .bind("by", job.getRequestedBy()).bind("at", job.getRequestedAt()).execute();
  }

  @Override
  public List<Pending<MediaJob>> lockUnsent(Handle h, int limit) {
    return h.createQuery("""
            SELECT id, job_id, title_id, source_uri, ladder, encryption, requested_by, requested_at
            FROM media_job_outbox WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
        .bind("limit", limit)
        .map((rs, ctx) -> new Pending<>(rs.getLong("id"), rs.getString("job_id"), MediaJob.newBuilder()
            .setJobId(rs.getString("job_id")).setTitleId(rs.getString("title_id"))
            .setSourceUri(rs.getString("source_uri")).setLadder(rs.getString("ladder"))
            .setEncryption(MediaEncryption.valueOf(rs.getString("encryption")))
            .setRequestedBy(rs.getString("requested_by")).setRequestedAt(Rows.instant(rs, "requested_at")).build()))
        .list();
  }

  @Override
  public void markSent(Handle h, List<Long> ids) {
    h.createUpdate("UPDATE media_job_outbox SET sent_at = now() WHERE id = ANY(:ids)")
        .bindArray("ids", Long.class, ids).execute();
  }
}
