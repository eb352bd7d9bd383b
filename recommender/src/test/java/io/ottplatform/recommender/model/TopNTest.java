package io.ottplatform.recommender.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopNTest {

  static final ItemFactors ITEMS = new ItemFactors(new int[] {0, 1, 2, 3, 4}, new float[][] {
      {1, 0}, {0.9f, 0.1f}, {0, 1}, {0.5f, 0.5f}, {0.9f, 0.1f}});

  @Test
  void ranksByDotProductExcludingSeenItems() {
    List<TopN.Scored> top = TopN.byFactors(new float[] {1, 0}, ITEMS, new int[] {0}, 3);

    // item 0 (score 1) is seen; 1 and 4 tie at 0.9: the lower id first
    assertThat(top).extracting(TopN.Scored::item).containsExactly(1, 4, 3);
    assertThat(top).extracting(TopN.Scored::rank).containsExactly(1, 2, 3);
    assertThat(top.get(2).score()).isEqualTo(0.5f);
  }

  @Test
  void returnsFewerWhenTheCatalogRunsOut() {
    assertThat(TopN.byFactors(new float[] {1, 1}, ITEMS, new int[] {0, 1, 2, 3}, 3))
        .extracting(TopN.Scored::item).containsExactly(4);
  }

  @Test
  void popularityListSkipsSeenItemsAndRenumbersRanks() {
    List<TopN.Scored> top = TopN.byRanking(new int[] {7, 3, 9, 1}, new float[] {40, 30, 20, 10}, new int[] {3, 7}, 2);

    assertThat(top).extracting(TopN.Scored::item).containsExactly(9, 1);
    assertThat(top).extracting(TopN.Scored::rank).containsExactly(1, 2);
  }

  @Test
  void similarTitlesAreTheClosestByCosineAndNeverTheTitleItself() {
    List<SimilarTitles.Similar> similar = SimilarTitles.of(ITEMS, 2);

    assertThat(similar).filteredOn(s -> s.item() == 0).extracting(SimilarTitles.Similar::similarItem)
        .containsExactly(1, 4);
    assertThat(similar).noneMatch(s -> s.item() == s.similarItem());
    assertThat(similar).filteredOn(s -> s.item() == 2).first()
        .satisfies(s -> assertThat(s.similarItem()).isEqualTo(3));
  }
}
