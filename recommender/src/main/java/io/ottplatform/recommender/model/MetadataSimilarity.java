package io.ottplatform.recommender.model;

import io.ottplatform.recommender.data.CatalogTitle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Neighbours from catalog metadata, for titles a model has no neighbours for (nobody watched them yet):
 * score = Jaccard(genres) + ½·Jaccard(cast) + ¼·max(0, 1 − |Δ release year| / 10). Genres dominate (a
 * viewer of a thriller wants thrillers), shared cast breaks ties within a genre, and the year prefers
 * titles of the same era. Every other catalog title is a candidate, so a title in a catalog of two or
 * more always has neighbours.
 */
public final class MetadataSimilarity {

  /** One row of similar titles by string id. */
  public record Neighbour(String titleId, int rank, String similarTitleId, float score) {}

  private record Candidate(String id, double score) {}

  private static final Comparator<Candidate> WORSE_FIRST =
      Comparator.comparingDouble(Candidate::score).thenComparing(Candidate::id, Comparator.reverseOrder());

  private MetadataSimilarity() {}

  /** Neighbours of every catalog title not in {@code covered} (the titles the model already has neighbours for). */
  public static List<Neighbour> forUncovered(List<CatalogTitle> catalog, Set<String> covered, int n) {
    List<Neighbour> out = new ArrayList<>();
    for (CatalogTitle title : catalog) {
      if (covered.contains(title.id())) {
        continue;
      }
      PriorityQueue<Candidate> heap = new PriorityQueue<>(WORSE_FIRST);
      for (CatalogTitle other : catalog) {
        if (other.id().equals(title.id())) {
          continue;
        }
        Candidate c = new Candidate(other.id(), score(title, other));
        if (heap.size() < n) {
          heap.add(c);
        } else if (WORSE_FIRST.compare(c, heap.peek()) > 0) {
          heap.poll();
          heap.add(c);
        }
      }
      List<Candidate> best = new ArrayList<>(heap);
      best.sort(WORSE_FIRST.reversed());
      for (int r = 0; r < best.size(); r++) {
        out.add(new Neighbour(title.id(), r + 1, best.get(r).id(), (float) best.get(r).score()));
      }
    }
    return out;
  }

  static double score(CatalogTitle a, CatalogTitle b) {
    double year = a.releaseYear() == null || b.releaseYear() == null ? 0
        : Math.max(0, 1 - Math.abs(a.releaseYear() - b.releaseYear()) / 10.0);
    return jaccard(a.genres(), b.genres()) + 0.5 * jaccard(a.cast(), b.cast()) + 0.25 * year;
  }

  private static double jaccard(Set<String> x, Set<String> y) {
    if (x.isEmpty() || y.isEmpty()) {
      return 0;
    }
    long shared = x.stream().filter(y::contains).count();
    return (double) shared / (x.size() + y.size() - shared);
  }
}
