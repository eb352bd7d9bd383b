package io.ottplatform.recommender.data;

import java.util.List;
import java.util.Set;

/**
 * What the catalog says about a title, for neighbours of titles nobody watched yet.
 *
 * @param releaseYear null when unknown
 */
public record CatalogTitle(String id, Set<String> genres, Set<String> cast, Integer releaseYear) {

  public static CatalogTitle of(String id, List<String> genres, List<String> cast, Integer releaseYear) {
    return new CatalogTitle(id, Set.copyOf(genres), Set.copyOf(cast), releaseYear);
  }
}
