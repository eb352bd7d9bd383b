package io.ottplatform.serving.recommendations;

import io.ottplatform.serving.recommendations.db.RecommendationDao.ArmRow;
import io.ottplatform.serving.recommendations.db.RecommendationDao.PopularRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of rec_serving_arms with what the versions the arms name serve: their popular lists and
 * their ranked lists ({@link RecommendationModel}). Published as one object, so a request sees an arm
 * only together with its model's rows — never a switched arm whose version is not loaded yet.
 *
 * <p>Assignment (the contract): a profile's bucket is a stable hash of its id into 0..99; arms are
 * ordered by name and own consecutive ranges of {@code traffic_percent} buckets. When the percentages
 * add up to less than 100 the remaining buckets go to the arm {@code control} (or, without one, to
 * the last arm), so a misconfigured table still serves every profile.
 */
public final class ServingArms {

  public static final String CONTROL = "control";

  public record Popular(String titleId, float score) {}

  public static final ServingArms NONE = new ServingArms(List.of(), Map.of(), Map.of(), Instant.EPOCH);

  private final List<ArmRow> arms;
  /** model version → country ('*' for all) → titles by rank. */
  private final Map<String, Map<String, List<Popular>>> popular;
  /** model version → its ranked lists. */
  private final Map<String, RecommendationModel> models;
  private final Instant loadedAt;
  /** Arm → the buckets it really owns under {@link #assign}; the configured split every impression records. */
  private final Map<String, Integer> split;
  private final String experimentId;

  private ServingArms(List<ArmRow> arms, Map<String, Map<String, List<Popular>>> popular,
      Map<String, RecommendationModel> models, Instant loadedAt) {
    this.arms = arms;
    this.popular = popular;
    this.models = models;
    this.loadedAt = loadedAt;
    this.split = effectiveSplit(arms);
    this.experimentId = arms.isEmpty() ? null : experimentId(arms, split);
  }

  /** The buckets {@link #assign} gives each arm: consecutive ranges in name order, the rest to control (or the last). */
  private static Map<String, Integer> effectiveSplit(List<ArmRow> arms) {
    Map<String, Integer> split = new TreeMap<>();
    int upTo = 0;
    for (ArmRow arm : arms) {
      int owned = Math.max(0, Math.min(arm.trafficPercent(), 100 - upTo));
      split.put(arm.arm(), owned);
      upTo += owned;
    }
    if (!arms.isEmpty() && upTo < 100) {
      String rest = arms.stream().anyMatch(a -> CONTROL.equals(a.arm())) ? CONTROL : arms.get(arms.size() - 1).arm();
      split.merge(rest, 100 - upTo, Integer::sum);
    }
    return Map.copyOf(split);
  }

  /**
   * The experiment an impression belongs to: every impression served under the same arms, model versions and
   * split shares the id, and any change of them starts a new experiment (a report never mixes two configurations).
   * A short hash rather than the configuration itself, so analysts can type it; the impressions carry the split.
   */
  private static String experimentId(List<ArmRow> arms, Map<String, Integer> split) {
    StringBuilder canonical = new StringBuilder();
    for (ArmRow arm : arms) { // sorted by name
      canonical.append(arm.arm()).append('=').append(arm.modelVersion()).append(':').append(split.get(arm.arm())).append(';');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "exp-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Without ranked lists (every profile is served popular, then catalog titles). */
  public static ServingArms of(List<ArmRow> arms, List<PopularRow> popularRows, Instant loadedAt) {
    return of(arms, popularRows, List.of(), loadedAt);
  }

  public static ServingArms of(List<ArmRow> arms, List<PopularRow> popularRows, List<RecommendationModel> models,
      Instant loadedAt) {
    Map<String, Map<String, List<Popular>>> popular = new HashMap<>();
    for (PopularRow r : popularRows) { // rows come in rank order
      popular.computeIfAbsent(r.modelVersion(), v -> new HashMap<>())
          .computeIfAbsent(r.country(), c -> new ArrayList<>()).add(new Popular(r.titleId(), r.score()));
    }
    Map<String, RecommendationModel> byVersion = new HashMap<>();
    models.forEach(m -> byVersion.put(m.version(), m));
    List<ArmRow> sorted = arms.stream().sorted(Comparator.comparing(ArmRow::arm)).toList();
    return new ServingArms(sorted, popular, Map.copyOf(byVersion), loadedAt);
  }

  /** FNV-1a (32 bit) of the UTF-8 profile id, modulo 100: stable across restarts, instances and JVMs. */
  public static int bucket(String profileId) {
    int hash = 0x811c9dc5;
    for (byte b : profileId.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Integer.remainderUnsigned(hash, 100);
  }

  public Optional<ArmRow> assign(String profileId) {
    if (arms.isEmpty()) {
      return Optional.empty();
    }
    int bucket = bucket(profileId);
    int upTo = 0;
    for (ArmRow arm : arms) {
      upTo += arm.trafficPercent();
      if (bucket < upTo) {
        return Optional.of(arm);
      }
    }
    return Optional.of(arms.stream().filter(a -> CONTROL.equals(a.arm())).findFirst().orElse(arms.get(arms.size() - 1)));
  }

  /** The version's popular list for the country, else its all-countries list ('*'). */
  public List<Popular> popular(String modelVersion, String country) {
    Map<String, List<Popular>> byCountry = popular.get(modelVersion);
    if (byCountry == null) {
      return List.of();
    }
    List<Popular> local = country == null ? null : byCountry.get(country);
    return local != null && !local.isEmpty() ? local : byCountry.getOrDefault("*", List.of());
  }

  /** The loaded ranked lists of a version; empty lists when it is not loaded. */
  public RecommendationModel model(String modelVersion) {
    RecommendationModel model = models.get(modelVersion);
    return model != null ? model : RecommendationModel.empty(modelVersion);
  }

  /** The loaded model of a version, if it is loaded: what the next reload can keep instead of reading again. */
  public Optional<RecommendationModel> loaded(String modelVersion) {
    return Optional.ofNullable(models.get(modelVersion));
  }

  public List<ArmRow> arms() {
    return arms;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  /** Arm → buckets of 100 it is assigned; empty without arms. */
  public Map<String, Integer> split() {
    return split;
  }

  /** The experiment id of this arm configuration ({@code exp-} and 12 hex digits); null without arms. */
  public String experimentId() {
    return experimentId;
  }
}
