package io.ottplatform.serving.playback;

import io.ottplatform.media.keys.ContentKeys;
import io.ottplatform.media.keys.PostgresKeyStore;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The keys of titles media-pipeline packaged: its {@code media_content_keys} rows (libs/media-keys), unwrapped
 * with the master key both deployables are configured with. Read only; the pipeline is the one writer. Before
 * the pipeline first migrated the database the table does not exist, and no title has pipeline keys.
 */
public final class PipelineKeys {

  private static final String UNDEFINED_TABLE = "42P01";

  private final Supplier<PostgresKeyStore> open;
  private volatile PostgresKeyStore store;

  /**
   * {@code open} is called on the first key request, not at start: without {@code OTT_MEDIA_MASTER_KEY} the
   * master key is media-pipeline's development key file, which this service must not create before the
   * pipeline does on a machine where it runs elsewhere.
   */
  public PipelineKeys(Supplier<PostgresKeyStore> open) {
    this.open = open;
  }

  public Optional<ContentKeys> find(String titleId) {
    try {
      return store().find(titleId);
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // an id the pipeline could never have keyed
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private PostgresKeyStore store() {
    PostgresKeyStore s = store;
    if (s == null) {
      synchronized (this) {
        if (store == null) {
          store = open.get();
        }
        s = store;
      }
    }
    return s;
  }
}
