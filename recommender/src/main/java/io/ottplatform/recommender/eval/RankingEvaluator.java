package io.ottplatform.recommender.eval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Top-k ranking metrics with binary relevance, computed the same way for every recommender (ALS and the
 * popularity baseline go through this one class, so their figures are comparable). Plain Java: the
 * Spark side only collects each evaluated profile's top-k list and held-out set.
 *
 * <p>Definitions, per profile u with held-out set R(u) and list L(u) truncated to k, averaged over the
 * evaluated profiles (a profile with no list scores 0):
 * <ul>
 *   <li>NDCG@k = DCG/IDCG, DCG = sum over hit positions i (1-based) of 1/log2(i+1), IDCG the same for
 *       min(|R(u)|, k) hits at the top;</li>
 *   <li>precision@k = hits/k; recall@k = hits/|R(u)|;</li>
 *   <li>MAP@k: AP@k = (sum over hit positions i of precision@i) / min(|R(u)|, k);</li>
 *   <li>catalog coverage = distinct items recommended to the evaluated profiles / catalog size;</li>
 *   <li>novelty = mean self-information -log2 p(i) of the recommended items, p(i) the share of training
 *       profiles that interacted with i (items with no training profile count as one).</li>
 * </ul>
 */
public final class RankingEvaluator {

  private final int k;
  private final Map<String, Long> trainingProfilesPerItem;
  private final long trainingProfiles;
  private final long catalogSize;

  /**
   * @param trainingProfilesPerItem how many training profiles interacted with each item (novelty)
   * @param trainingProfiles profiles in the training set
   * @param catalogSize items that could be recommended (coverage)
   */
  public RankingEvaluator(int k, Map<String, Long> trainingProfilesPerItem, long trainingProfiles, long catalogSize) {
    if (k <= 0 || trainingProfiles <= 0 || catalogSize <= 0) {
      throw new IllegalArgumentException("k=" + k + ", trainingProfiles=" + trainingProfiles + ", catalogSize="
          + catalogSize + ": all must be positive");
    }
    this.k = k;
    this.trainingProfilesPerItem = trainingProfilesPerItem;
    this.trainingProfiles = trainingProfiles;
    this.catalogSize = catalogSize;
  }

  /**
   * @param heldOut each evaluated profile's held-out items (profiles with an empty set are skipped)
   * @param recommended each profile's ranked list (longer lists are cut at k)
   */
  public RankingMetrics evaluate(Map<String, Set<String>> heldOut, Map<String, List<String>> recommended) {
    return judge(heldOut, recommended).metrics();
  }

  /** The metrics and each evaluated profile's NDCG@k (for the bootstrap). */
  public Judged judge(Map<String, Set<String>> heldOut, Map<String, List<String>> recommended) {
    Map<String, Double> ndcgByProfile = new HashMap<>();
    double ndcg = 0;
    double precision = 0;
    double recall = 0;
    double ap = 0;
    double selfInformation = 0;
    long recommendations = 0;
    long users = 0;
    Set<String> distinct = new HashSet<>();
    for (Map.Entry<String, Set<String>> e : heldOut.entrySet()) {
      Set<String> relevant = e.getValue();
      if (relevant.isEmpty()) {
        continue;
      }
      users++;
      List<String> list = recommended.getOrDefault(e.getKey(), List.of());
      int n = Math.min(k, list.size());
      double dcg = 0;
      double precisionSum = 0;
      int hits = 0;
      for (int i = 0; i < n; i++) {
        String item = list.get(i);
        distinct.add(item);
        long seen = Math.max(1, trainingProfilesPerItem.getOrDefault(item, 0L));
        selfInformation += -log2((double) seen / trainingProfiles);
        recommendations++;
        if (relevant.contains(item)) {
          hits++;
          dcg += 1 / log2(i + 2);
          precisionSum += (double) hits / (i + 1);
        }
      }
      int ideal = Math.min(relevant.size(), k);
      double idcg = 0;
      for (int i = 0; i < ideal; i++) {
        idcg += 1 / log2(i + 2);
      }
      ndcg += dcg / idcg;
      ndcgByProfile.put(e.getKey(), dcg / idcg);
      precision += (double) hits / k;
      recall += (double) hits / relevant.size();
      ap += precisionSum / ideal;
    }
    if (users == 0) {
      return new Judged(new RankingMetrics(0, 0, 0, 0, 0, 0, 0), ndcgByProfile);
    }
    return new Judged(new RankingMetrics(ndcg / users, precision / users, recall / users, ap / users,
        (double) distinct.size() / catalogSize, recommendations == 0 ? 0 : selfInformation / recommendations, users),
        ndcgByProfile);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
