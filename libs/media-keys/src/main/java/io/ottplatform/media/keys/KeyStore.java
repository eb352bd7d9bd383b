package io.ottplatform.media.keys;

import java.util.Optional;

/**
 * Where a title's content keys rest, wrapped under the {@link MasterKey}. Implementations: {@link FileKeyStore}
 * (local and tests); a PostgreSQL one for serving-api's key endpoint is the next step (see docs/media.md).
 */
public interface KeyStore {

  /** The title's keys, created and stored on first use; a re-encode keeps them, so issued licences stay valid. */
  ContentKeys keysFor(String titleId);

  Optional<ContentKeys> find(String titleId);
}
