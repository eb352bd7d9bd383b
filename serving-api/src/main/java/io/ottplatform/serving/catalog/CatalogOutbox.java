package io.ottplatform.serving.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.schemas.avro.CatalogChange;
import io.ottplatform.schemas.avro.ChangeOperation;
import io.ottplatform.schemas.avro.TitleSnapshot;
import io.ottplatform.serving.catalog.db.OutboxDao;
import io.ottplatform.serving.catalog.db.OutboxRow;
import io.ottplatform.serving.common.OutboxSource;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The catalog outbox as {@code catalog.changes} records, keyed by title id. */
public final class CatalogOutbox implements OutboxSource<CatalogChange> {

  private final OutboxDao outbox;
  private final ObjectMapper json;

  public CatalogOutbox(OutboxDao outbox, ObjectMapper json) {
    this.outbox = outbox;
    this.json = json;
  }

  @Override
  public Jdbi jdbi() {
    return outbox.jdbi();
  }

  @Override
  public List<Pending<CatalogChange>> lockUnsent(Handle h, int limit) {
    return outbox.lockUnsent(h, limit).stream().map(row -> new Pending<>(row.id(), row.titleId(), toRecord(row))).toList();
  }

  @Override
  public void markSent(Handle h, List<Long> ids) {
    outbox.markSent(h, ids);
  }

  CatalogChange toRecord(OutboxRow row) {
    CatalogChange.Builder b = CatalogChange.newBuilder()
        .setChangeId(row.id()).setTitleId(row.titleId())
        .setOperation(ChangeOperation.valueOf(row.operation())).setVersion(row.version())
        .setChangedAt(row.changedAt()).setChangedBy(row.changedBy()).setTitle(null);
    if (row.snapshotJson() != null) {
      TitleSnapshotJson s;
      try {
        s = json.readValue(row.snapshotJson(), TitleSnapshotJson.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("outbox row " + row.id() + " has an unreadable snapshot", e);
      }
      b.setTitle(TitleSnapshot.newBuilder().setKind(s.kind()).setName(s.name()).setParentId(s.parentId())
          .setSeasonNumber(s.seasonNumber()).setEpisodeNumber(s.episodeNumber()).setReleaseYear(s.releaseYear())
          .setDurationMs(s.durationMs()).setMaturityRating(s.maturityRating()).setGenres(s.genres())
          .setTags(s.tags()).setAvailableCountries(s.availableCountries()).build());
    }
    return b.build();
  }
}
