package io.ottplatform.recommender.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * "More like this": for every title, the n titles whose ALS item vectors have the highest cosine
 * similarity. Done on the driver over the collected item matrix: items² × rank multiply-adds, about a
 * second for a few thousand titles; a catalog of hundreds of thousands would need a distributed or
 * approximate (LSH) search instead.
 */
public final class SimilarTitles {

  /** One row: the title, rank (1-based), the similar title and the cosine. */
  public record Similar(int item, int rank, int similarItem, float cosine) {}

  private record Candidate(float cosine, int item) {}

  /** Lower cosine first; on a tie the higher item id counts as worse (deterministic order). */
  private static final Comparator<Candidate> WORSE_FIRST =
      Comparator.comparingDouble(Candidate::cosine).thenComparing(Candidate::item, Comparator.reverseOrder());

  private SimilarTitles() {}

  public static List<Similar> of(ItemFactors items, int n) {
    int size = items.size();
    float[][] unit = new float[size][];
    for (int i = 0; i < size; i++) {
      float[] v = items.vector(i);
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      float inv = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
      unit[i] = new float[v.length];
      for (int f = 0; f < v.length; f++) {
        unit[i][f] = v[f] * inv;
      }
    }
    List<Similar> out = new ArrayList<>(size * Math.min(n, size - 1));
    for (int i = 0; i < size; i++) {
      PriorityQueue<Candidate> heap = new PriorityQueue<>(WORSE_FIRST);
      for (int j = 0; j < size; j++) {
        if (j == i) {
          continue;
        }
        float s = 0;
        for (int f = 0; f < unit[i].length; f++) {
          s += unit[i][f] * unit[j][f];
        }
        Candidate candidate = new Candidate(s, items.id(j));
        if (heap.size() < n) {
          heap.add(candidate);
        } else if (WORSE_FIRST.compare(candidate, heap.peek()) > 0) {
          heap.poll();
          heap.add(candidate);
        }
      }
      List<Candidate> best = new ArrayList<>(heap);
      best.sort(WORSE_FIRST.reversed());
      for (int r = 0; r < best.size(); r++) {
        out.add(new Similar(items.id(i), r + 1, best.get(r).item(), best.get(r).cosine()));
      }
    }
    return out;
  }
}
