package io.ottplatform.recommender.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottplatform.recommender.data.CatalogTitle;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataSimilarityTest {

  static final List<CatalogTitle> CATALOG = List.of(
      CatalogTitle.of("new-thriller", List.of("thriller", "crime"), List.of("Ann Actor"), 2026),
      CatalogTitle.of("old-thriller", List.of("thriller", "crime"), List.of(), 1990),
      CatalogTitle.of("thriller-with-ann", List.of("thriller", "crime"), List.of("Ann Actor"), 2024),
      CatalogTitle.of("comedy-with-ann", List.of("comedy"), List.of("Ann Actor"), 2026),
      CatalogTitle.of("documentary", List.of("documentary"), List.of(), 2026),
      CatalogTitle.of("watched", List.of("comedy"), List.of(), 2020));

  @Test
  void aTitleNobodyWatchedGetsNeighboursByGenreThenCastThenYear() {
    List<MetadataSimilarity.Neighbour> rows = MetadataSimilarity.forUncovered(CATALOG, Set.of("watched"), 3);

    assertThat(rows.stream().filter(r -> r.titleId().equals("new-thriller")))
        .extracting(MetadataSimilarity.Neighbour::similarTitleId)
        .containsExactly("thriller-with-ann", "old-thriller", "comedy-with-ann");
    assertThat(rows).as("titles the model covers keep the model's neighbours")
        .noneMatch(r -> r.titleId().equals("watched"));
    assertThat(rows).noneMatch(r -> r.titleId().equals(r.similarTitleId()));
    assertThat(rows.stream().map(MetadataSimilarity.Neighbour::titleId).distinct().count()).isEqualTo(5);
  }

  @Test
  void aTitleWithoutAnyMetadataStillHasNeighbours() {
    List<CatalogTitle> catalog = List.of(CatalogTitle.of("bare", List.of(), List.of(), null),
        CatalogTitle.of("other", List.of("drama"), List.of(), 2000));

    assertThat(MetadataSimilarity.forUncovered(catalog, Set.of(), 5))
        .contains(new MetadataSimilarity.Neighbour("bare", 1, "other", 0f));
  }
}
