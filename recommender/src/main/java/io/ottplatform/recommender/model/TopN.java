package io.ottplatform.recommender.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Top-n selection over scored candidates, excluding what the profile already watched. Plain Java so
 * the ranking rules (exclusion, tie-break by the lower item id for determinism) are unit-testable and
 * identical for ALS and the popularity baseline.
 */
public final class TopN {

  /** One ranked result; rank is 1-based. */
  public record Scored(int item, float score, int rank) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private TopN() {}

  /** Dot products of the user vector with every item vector; seen must be sorted ascending. */
  public static List<Scored> byFactors(float[] user, ItemFactors items, int[] seen, int n) {
    PriorityQueue<Scored> heap = new PriorityQueue<>(n + 1, TopN::worseFirst);
    for (int j = 0; j < items.size(); j++) {
      int item = items.id(j);
      if (Arrays.binarySearch(seen, item) >= 0) {
        continue;
      }
      float[] v = items.vector(j);
      float s = 0;
      for (int f = 0; f < v.length; f++) {
        s += user[f] * v[f];
      }
      offer(heap, new Scored(item, s, 0), n);
    }
    return ranked(heap);
  }

  /** The n best of items scored in a dense array ({@code scores[j]} is {@code items[j]}'s); seen sorted ascending. */
  public static List<Scored> byScores(int[] items, float[] scores, int[] seen, int n) {
    PriorityQueue<Scored> heap = new PriorityQueue<>(n + 1, TopN::worseFirst);
    for (int j = 0; j < items.length; j++) {
      if (Arrays.binarySearch(seen, items[j]) < 0) {
        offer(heap, new Scored(items[j], scores[j], 0), n);
      }
    }
    return ranked(heap);
  }

  /** The first n items of an already ranked list that are not seen (seen sorted ascending). */
  public static List<Scored> byRanking(int[] rankedItems, float[] scores, int[] seen, int n) {
    List<Scored> out = new ArrayList<>(n);
    for (int j = 0; j < rankedItems.length && out.size() < n; j++) {
      if (Arrays.binarySearch(seen, rankedItems[j]) < 0) {
        out.add(new Scored(rankedItems[j], scores[j], out.size() + 1));
      }
    }
    return out;
  }

  private static void offer(PriorityQueue<Scored> heap, Scored s, int n) {
    if (heap.size() < n) {
      heap.add(s);
    } else if (worseFirst(s, heap.peek()) > 0) {
      heap.poll();
      heap.add(s);
    }
  }

  /** Orders worse before better: lower score, then (on a tie) the higher item id. */
  private static int worseFirst(Scored a, Scored b) {
    int c = Float.compare(a.score(), b.score());
    return c != 0 ? c : Integer.compare(b.item(), a.item());
  }

  private static List<Scored> ranked(PriorityQueue<Scored> heap) {
    List<Scored> worstFirst = new ArrayList<>(heap.size());
    while (!heap.isEmpty()) {
      worstFirst.add(heap.poll());
    }
    List<Scored> out = new ArrayList<>(worstFirst.size());
    for (int i = worstFirst.size() - 1; i >= 0; i--) {
      Scored s = worstFirst.get(i);
      out.add(new Scored(s.item(), s.score(), out.size() + 1));
    }
    return out;
  }
}
