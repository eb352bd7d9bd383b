package io.ottplatform.serving.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchQueryTest {

  @Test
  void everyTermBecomesARequiredPrefixMatch() {
    assertThat(SearchQuery.toTsQuery("Star Wa")).contains("star:* & wa:*");
  }

  @Test
  void tsqueryOperatorsAndSqlMetacharactersAreDropped() {
    assertThat(SearchQuery.toTsQuery("'; DROP TABLE titles; -- !|&:*()")).contains("drop:* & table:* & titles:*");
    assertThat(SearchQuery.toTsQuery("')) OR 1=1")).contains("or:* & 1:* & 1:*");
  }

  @Test
  void nothingSearchableGivesNoQuery() {
    assertThat(SearchQuery.toTsQuery("  !!! ")).isEmpty();
    assertThat(SearchQuery.toTsQuery(null)).isEmpty();
  }

  @Test
  void keepsNonLatinLettersAndCapsTheNumberOfTerms() {
    assertThat(SearchQuery.toTsQuery("Amélie 東京")).contains("amélie:* & 東京:*");
    assertThat(SearchQuery.toTsQuery("a b c d e f g h i j k").orElseThrow().split("&")).hasSize(8);
  }
}
