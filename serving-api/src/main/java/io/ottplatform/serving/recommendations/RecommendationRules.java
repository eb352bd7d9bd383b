package io.ottplatform.serving.recommendations;

import io.ottplatform.serving.recommendations.CatalogFacts.Title;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request-time business rules, pure and in memory. Candidates arrive as ordered stages
 * (personalized, then popular, then the catalog); the rules keep a candidate only if the title exists,
 * is available in the viewer's country now, is within the profile's maturity ceiling, was not finished
 * by the profile, is not excluded (the anchor title of "similar") and was not picked already.
 *
 * <p>Diversity: among the first {@code window} picks at most {@code maxPerGenre} share a primary genre.
 * A candidate over the limit is deferred, not dropped: it takes the first place after the window (it
 * still outranks later candidates), or fills the window when the candidates run out, so a list is
 * never shorter because of diversity.
 */
public final class RecommendationRules {

  public enum Source {
    PERSONALIZED("personalized"), POPULAR("popular"), CATALOG("catalog");

    private final String id;

    Source(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public record Candidate(String titleId, Float score, Source source) {}

  public record Pick(Title title, Float score, Source source) {}

  /** Who the list is for: the ceiling, the country (null: unknown, nothing is available) and what to leave out. */
  public record Viewer(int maturityCeiling, String country, Set<String> finished, Set<String> excluded, Instant now) {}

  private final int maxPerGenre;
  private final int window;

  public RecommendationRules(int maxPerGenre, int window) {
    if (maxPerGenre < 1 || window < 1) {
      throw new IllegalArgumentException("maxPerGenre and window must be >= 1: " + maxPerGenre + ", " + window);
    }
    this.maxPerGenre = maxPerGenre;
    this.window = window;
  }

  public List<Pick> pick(CatalogFacts catalog, Viewer viewer, List<? extends Iterable<Candidate>> stages, int limit) {
    List<Pick> picks = new ArrayList<>(limit);
    if (viewer.country() == null) {
      return picks;
    }
    Deque<Pick> deferred = new ArrayDeque<>();
    Map<String, Integer> perGenre = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (Iterable<Candidate> stage : stages) {
      for (Candidate c : stage) {
        if (picks.size() >= limit) {
          return picks;
        }
        if (!seen.add(c.titleId())) {
          continue;
        }
        Title t = catalog.title(c.titleId()).orElse(null);
        if (t == null || !allowed(t, viewer)) {
          continue;
        }
        Pick p = new Pick(t, c.score(), c.source());
        if (picks.size() < window) {
          String genre = t.primaryGenre();
          if (genre != null && perGenre.getOrDefault(genre, 0) >= maxPerGenre) {
            deferred.add(p);
            continue;
          }
          picks.add(p);
          if (genre != null) {
            perGenre.merge(genre, 1, Integer::sum);
          }
          if (picks.size() == window) {
            while (!deferred.isEmpty() && picks.size() < limit) {
              picks.add(deferred.poll());
            }
          }
        } else {
          picks.add(p);
        }
      }
    }
    while (!deferred.isEmpty() && picks.size() < limit) {
      picks.add(deferred.poll());
    }
    return picks;
  }

  static boolean allowed(Title t, Viewer viewer) {
    return t.maturityLevel() <= viewer.maturityCeiling()
        && !viewer.finished().contains(t.id())
        && !viewer.excluded().contains(t.id())
        && t.availableIn(viewer.country(), viewer.now());
  }
}
