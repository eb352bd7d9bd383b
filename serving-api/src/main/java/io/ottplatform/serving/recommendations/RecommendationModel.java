package io.ottplatform.serving.recommendations;

import io.ottplatform.serving.recommendations.db.RecommendationDao;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranked lists of one model version, in memory: profile → titles ("for you") and title → similar
 * titles. Loaded once when an arm starts naming the version and dropped when no arm names it any more:
 * the export contract (docs/recommender.md) writes all rows of a version in one transaction before any
 * arm points at it and never changes them afterwards, so a loaded version never goes stale.
 *
 * <p>Size: about 8 bytes per row (a reference to an interned id and a float) plus a few small objects per
 * profile — 6,000 profiles × top-50 plus 3,700 titles × top-50 similar titles is a few MB, well inside
 * the heap. A catalog with tens of millions of rows per version would need the per-request query back.
 */
public final class RecommendationModel {

  /** One ranked list; index i is rank i + 1. */
  public record Ranked(String[] titleIds, float[] scores) {

    public static final Ranked EMPTY = new Ranked(new String[0], new float[0]);

    public int size() {
      return titleIds.length;
    }
  }

  private final String version;
  private final Map<String, Ranked> forProfile;
  private final Map<String, Ranked> similarTo;

  private RecommendationModel(String version, Map<String, Ranked> forProfile, Map<String, Ranked> similarTo) {
    this.version = version;
    this.forProfile = forProfile;
    this.similarTo = similarTo;
  }

  public String version() {
    return version;
  }

  /** The profile's list; empty for a profile the model does not know (cold start). */
  public Ranked forProfile(String profileId) {
    return forProfile.getOrDefault(profileId, Ranked.EMPTY);
  }

  public Ranked similarTo(String titleId) {
    return similarTo.getOrDefault(titleId, Ranked.EMPTY);
  }

  public int profiles() {
    return forProfile.size();
  }

  public int rows() {
    return forProfile.values().stream().mapToInt(Ranked::size).sum() + similarTo.values().stream().mapToInt(Ranked::size).sum();
  }

  /** A version without rows (not loaded, or nothing exported for it). */
  public static RecommendationModel empty(String version) {
    return new RecommendationModel(version, Map.of(), Map.of());
  }

  public static Builder builder(String version) {
    return new Builder(version);
  }

  /**
   * Collects rows that arrive grouped by key in rank order (the DAO's ORDER BY). Title ids are
   * interned per model: a version repeats the same few thousand ids hundreds of thousands of times.
   */
  public static final class Builder implements RecommendationDao.ModelRows {

    private final String version;
    private final Map<String, String> ids = new HashMap<>();
    private final Lists forProfile = new Lists();
    private final Lists similarTo = new Lists();

    private Builder(String version) {
      this.version = version;
    }

    @Override
    public void forProfile(String profileId, String titleId, float score) {
      forProfile.add(profileId, intern(titleId), score);
    }

    @Override
    public void similarTo(String titleId, String similarTitleId, float score) {
      similarTo.add(intern(titleId), intern(similarTitleId), score);
    }

    public RecommendationModel build() {
      return new RecommendationModel(version, forProfile.done(), similarTo.done());
    }

    private String intern(String id) {
      String known = ids.putIfAbsent(id, id);
      return known == null ? id : known;
    }
  }

  private static final class Lists {

    private final Map<String, Ranked> done = new HashMap<>();
    private String key;
    private final List<String> titles = new ArrayList<>();
    private float[] scores = new float[64];

    void add(String key, String titleId, float score) {
      if (!key.equals(this.key)) {
        flush();
        this.key = key;
      }
      if (titles.size() == scores.length) {
        scores = Arrays.copyOf(scores, scores.length * 2);
      }
      scores[titles.size()] = score;
      titles.add(titleId);
    }

    Map<String, Ranked> done() {
      flush();
      return Map.copyOf(done);
    }

    private void flush() {
      if (key != null && !titles.isEmpty()) {
        if (done.containsKey(key)) {
          throw new IllegalStateException("rows of " + key + " are not contiguous; the query must order by key, rank");
        }
        done.put(key, new Ranked(titles.toArray(String[]::new), Arrays.copyOf(scores, titles.size())));
      }
      titles.clear();
      key = null;
    }
  }
}
