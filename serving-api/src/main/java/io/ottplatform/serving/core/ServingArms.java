package io.ottplatform.serving.core;

import io.ottplatform.serving.db.RecommendationDao.ArmRow;
import io.ottplatform.serving.db.RecommendationDao.PopularRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of rec_serving_arms and the popular lists of the model versions the arms name.
 *
 * <p>Assignment (the contract): a profile's bucket is a stable hash of its id into 0..99; arms are
 * ordered by name and own consecutive ranges of {@code traffic_percent} buckets. When the percentages
 * add up to less than 100 the remaining buckets go to the arm {@code control} (or, without one, to
 * the last arm), so a misconfigured table still serves every profile.
 */
public final class ServingArms {

  public static final String CONTROL = "control";

  public record Popular(String titleId, float score) {}

  public static final ServingArms NONE = new ServingArms(List.of(), Map.of(), Instant.EPOCH);

  private final List<ArmRow> arms;
  /** model version → country ('*' for all) → titles by rank. */
  private final Map<String, Map<String, List<Popular>>> popular;
  private final Instant loadedAt;

  private ServingArms(List<ArmRow> arms, Map<String, Map<String, List<Popular>>> popular, Instant loadedAt) {
    this.arms = arms;
    this.popular = popular;
    this.loadedAt = loadedAt;
  }

  public static ServingArms of(List<ArmRow> arms, List<PopularRow> popularRows, Instant loadedAt) {
    Map<String, Map<String, List<Popular>>> popular = new HashMap<>();
    for (PopularRow r : popularRows) { // rows come in rank order
      popular.computeIfAbsent(r.modelVersion(), v -> new HashMap<>())
          .computeIfAbsent(r.country(), c -> new ArrayList<>()).add(new Popular(r.titleId(), r.score()));
    }
    List<ArmRow> sorted = arms.stream().sorted(Comparator.comparing(ArmRow::arm)).toList();
    return new ServingArms(sorted, popular, loadedAt);
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

  public List<ArmRow> arms() {
    return arms;
  }

  public Instant loadedAt() {
    return loadedAt;
  }
}
