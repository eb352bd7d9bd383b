package io.ottplatform.serving.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottplatform.serving.catalog.db.WindowRow;
import io.ottplatform.serving.recommendations.RecommendationRules.Candidate;
import io.ottplatform.serving.recommendations.RecommendationRules.Pick;
import io.ottplatform.serving.recommendations.RecommendationRules.Source;
import io.ottplatform.serving.recommendations.RecommendationRules.Viewer;
import io.ottplatform.serving.recommendations.db.RecommendationDao.TitleFactRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.TitleWindowRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RecommendationRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final WindowRow OPEN_DE = new WindowRow("DE", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)));
  private static final Viewer ADULT_IN_DE = new Viewer(18, "DE", Set.of(), Set.of(), NOW);

  private final List<TitleFactRow> titles = new ArrayList<>();
  private final List<TitleWindowRow> windows = new ArrayList<>();

  private void title(String id, String genre, int maturity, WindowRow... open) {
    titles.add(new TitleFactRow(id, "movie", "Title " + id, null, 2020, 5_400_000L, "x", maturity, List.of(genre, "Extra"),
        "[]", NOW));
    for (WindowRow w : open) {
      windows.add(new TitleWindowRow(id, w));
    }
  }

  private CatalogFacts catalog() {
    return CatalogFacts.of(titles, windows, 1, NOW, new ObjectMapper());
  }

  private static List<Candidate> personalized(String... ids) {
    return java.util.Arrays.stream(ids).map(id -> new Candidate(id, 1f, Source.PERSONALIZED)).toList();
  }

  private static List<String> ids(List<Pick> picks) {
    return picks.stream().map(p -> p.title().id()).toList();
  }

  @Test
  void finishedGeoBlockedTooMatureAndExcludedTitlesNeverAppear() {
    title("ok", "Drama", 13, OPEN_DE);
    title("finished", "Drama", 0, OPEN_DE);
    title("fr-only", "Drama", 0, new WindowRow("FR", OPEN_DE.startsAt(), OPEN_DE.endsAt()));
    title("expired", "Drama", 0, new WindowRow("DE", NOW.minus(Duration.ofDays(9)), NOW.minusSeconds(1)));
    title("adult", "Drama", 18, OPEN_DE);
    title("anchor", "Drama", 0, OPEN_DE);
    Viewer teen = new Viewer(16, "DE", Set.of("finished"), Set.of("anchor"), NOW);

    List<Pick> picks = new RecommendationRules(3, 10).pick(catalog(), teen,
        List.of(personalized("finished", "fr-only", "expired", "adult", "anchor", "unknown", "ok")), 20);

    assertThat(ids(picks)).containsExactly("ok");
  }

  @Test
  void noCountryMeansNothingIsAvailable() {
    title("ok", "Drama", 0, OPEN_DE);
    assertThat(new RecommendationRules(3, 10).pick(catalog(), new Viewer(18, null, Set.of(), Set.of(), NOW),
        List.of(personalized("ok")), 20)).isEmpty();
  }

  @Test
  void atMostThreeOfAPrimaryGenreInTheTopTenWithTheRestDeferredNotDropped() {
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      title("drama-" + i, "Drama", 0, OPEN_DE);
      order.add("drama-" + i);
    }
    for (int i = 0; i < 8; i++) {
      title("other-" + i, "Genre" + (i % 4), 0, OPEN_DE);
      order.add("other-" + i);
    }

    List<Pick> picks = new RecommendationRules(3, 10).pick(catalog(), ADULT_IN_DE,
        List.of(personalized(order.toArray(String[]::new))), 16);

    Map<String, Long> topTen = picks.subList(0, 10).stream()
        .collect(Collectors.groupingBy(p -> p.title().primaryGenre(), Collectors.counting()));
    assertThat(topTen).allSatisfy((genre, n) -> assertThat(n).as(genre).isLessThanOrEqualTo(3));
    assertThat(ids(picks).subList(0, 3)).containsExactly("drama-0", "drama-1", "drama-2");
    assertThat(ids(picks).subList(10, 15)).as("deferred in their original order right after the window")
        .containsExactly("drama-3", "drama-4", "drama-5", "drama-6", "drama-7");
    assertThat(picks).hasSize(16);
  }

  @Test
  void laterStagesFillTheListWithoutRepeatingATitle() {
    title("a", "Drama", 0, OPEN_DE);
    title("b", "Comedy", 0, OPEN_DE);
    title("c", "Action", 0, OPEN_DE);
    List<Candidate> popular = List.of(new Candidate("a", 5f, Source.POPULAR), new Candidate("b", 4f, Source.POPULAR));
    List<Candidate> catalog = List.of(new Candidate("c", null, Source.CATALOG), new Candidate("b", null, Source.CATALOG));

    List<Pick> picks = new RecommendationRules(3, 10).pick(catalog(), ADULT_IN_DE,
        List.of(personalized("a"), popular, catalog), 10);

    assertThat(picks).extracting(p -> p.title().id() + ":" + p.source().id())
        .containsExactly("a:personalized", "b:popular", "c:catalog");
  }
}
